"""Forms of the reports pages: the narrative, returning a report, and report lines."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from petitions.forms import Form

MONTH_DAY = Regexp(r"^\d{2}-\d{2}$", message=_l("Nhập theo dạng MM-DD, ví dụ 11-30."))


class NarrativeForm(Form):
    number = StringField(_l("Số báo cáo"), validators=[Optional(), Length(max=60)])
    results = TextAreaField(_l("Kết quả đạt được"), validators=[Optional(), Length(max=20000)])
    limitations = TextAreaField(
        _l("Hạn chế, nguyên nhân"), validators=[Optional(), Length(max=20000)]
    )
    proposals = TextAreaField(_l("Đề xuất, kiến nghị"), validators=[Optional(), Length(max=20000)])


class ReturnForm(Form):
    comment = TextAreaField(
        _l("Nội dung cần chỉnh sửa"),
        validators=[
            DataRequired(message=_l("Hãy ghi rõ nội dung cần chỉnh sửa.")),
            Length(max=5000),
        ],
    )


class ActionForm(Form):
    """A button that moves a report on: only the CSRF token."""


class StartForm(Form):
    year = HiddenField()
    line = HiddenField()
    # Y (the year), Q1, H1 or 9M; empty means the year.
    period = HiddenField()


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class LineForm(Form):
    name = StringField(_l("Tên báo cáo"), validators=[DataRequired(), Length(max=300)])
    recipient = StringField(
        _l("Mã đơn vị nhận báo cáo"), validators=[DataRequired(), Length(max=40)]
    )
    reviewer_role = SelectField(
        _l("Vai trò tiếp nhận, trả lại và tổng hợp"),
        choices=[
            SelectChoice("home_affairs", _l("Sở Nội vụ")),
            SelectChoice("inspector", _l("Thanh tra tỉnh")),
        ],
    )
    unit_due = StringField(_l("Hạn đơn vị gửi (MM-DD)"), validators=[DataRequired(), MONTH_DAY])
    consolidated_due = StringField(
        _l("Hạn gửi báo cáo tổng hợp (MM-DD)"), validators=[DataRequired(), MONTH_DAY]
    )
    levels = MultiCheckboxField(
        _l("Cấp đơn vị phải báo cáo"),
        choices=[
            SelectChoice("department", _l("Sở, ban, ngành")),
            SelectChoice("district", _l("Cấp huyện")),
            SelectChoice("commune", _l("Cấp xã")),
            SelectChoice("office", _l("Cơ quan, văn phòng")),
        ],
    )
    active = BooleanField(_l("Đang áp dụng"))
