"""Forms of the privacy pages: the citizen's request, the desk export, answers, retention."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from petitions.forms import Form
from petitions.intake.forms import TrackForm


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value=value, label=str(label)) for value, label in pairs]


KINDS = [
    ("access", _l("Nhận tệp dữ liệu cá nhân cơ quan đang lưu về tôi")),
    ("correction", _l("Đề nghị chỉnh sửa dữ liệu")),
    ("erasure", _l("Đề nghị xoá dữ liệu")),
]


class SubjectRequestForm(TrackForm):
    id_number = StringField(
        _l("Số định danh cá nhân (CCCD) của bạn"),
        validators=[InputRequired(_l("Vui lòng nhập số định danh cá nhân."))],
        render_kw={"autocomplete": "off", "inputmode": "numeric"},
    )
    kind = RadioField(_l("Bạn muốn"), choices=lambda: _choices(KINDS), default="access")
    details = TextAreaField(
        _l("Nội dung đề nghị (dữ liệu nào, sửa thành gì)"),
        validators=[Length(max=4000)],
        render_kw={"rows": 4},
    )


class DeskExportForm(Form):
    id_number = StringField(
        _l("Số định danh cá nhân (đã đối chiếu giấy tờ tùy thân)"),
        validators=[InputRequired(_l("Vui lòng nhập số định danh cá nhân."))],
        render_kw={"autocomplete": "off", "inputmode": "numeric"},
    )
    checked = BooleanField(
        _l("Tôi đã đối chiếu giấy tờ tùy thân của người đề nghị"),
        validators=[InputRequired(_l("Hãy xác nhận đã đối chiếu giấy tờ tùy thân."))],
    )


class AnswerForm(Form):
    outcome = RadioField(
        _l("Kết quả"),
        choices=lambda: _choices(
            [("answered", _l("Đã thực hiện")), ("refused", _l("Từ chối, nêu lý do"))]
        ),
        validators=[InputRequired(_l("Hãy chọn kết quả."))],
    )
    answer = TextAreaField(
        _l("Trả lời người đề nghị"),
        validators=[InputRequired(_l("Hãy nhập nội dung trả lời.")), Length(max=4000)],
        render_kw={"rows": 4},
    )


class RetentionForm(Form):
    confirm = BooleanField(
        _l("Tôi đã xem danh sách và xác nhận xoá dữ liệu cá nhân của các hồ sơ này"),
        validators=[InputRequired(_l("Hãy xác nhận trước khi xoá."))],
    )
