"""The admin forms for a unit and for its reorganisation."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, FieldList, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from petitions.forms import Form
from petitions.units.reorganise import Act

# Rows of successors a split form offers at most (a split makes two or three units).
MAX_SUCCESSORS = 12


def level_choices():
    return [
        ("province", _l("Tỉnh")),
        ("department", _l("Sở, ban, ngành")),
        ("district", _l("Huyện, thành phố")),
        ("commune", _l("Xã, phường, thị trấn")),
        ("office", _l("Phòng, ban, văn phòng")),
    ]


class UnitForm(Form):
    code = StringField(_l("Mã đơn vị"), validators=[DataRequired(), Length(max=40)])
    name = StringField(_l("Tên đơn vị"), validators=[DataRequired(), Length(max=255)])
    level = SelectField(_l("Cấp"), choices=level_choices)
    parent = SelectField(_l("Đơn vị cấp trên"), choices=[])
    remote = BooleanField(_l("Vùng sâu, vùng xa, đi lại khó khăn"))
    active = BooleanField(_l("Đang hoạt động"), default=True)
    feedback_period_days = IntegerField(
        _l("Thời hạn giải quyết kiến nghị, phản ánh (ngày)"),
        validators=[Optional(), NumberRange(min=1, max=365)],
    )


class ReorganiseForm(Form):
    """The day a reorganisation takes effect and the legal act behind it, shared by the merge,
    split and move forms of a unit's page."""

    on = DateField(_l("Ngày có hiệu lực"), validators=[Optional()])
    act = StringField(_l("Văn bản quyết định"), validators=[Optional(), Length(max=1000)])
    act_number = StringField(_l("Số văn bản"), validators=[Optional(), Length(max=60)])
    act_date = DateField(_l("Ngày ban hành"), validators=[Optional()])
    act_issuer = StringField(_l("Cơ quan ban hành"), validators=[Optional(), Length(max=255)])

    def act_data(self) -> Act | None:
        if not (
            self.act.data or self.act_number.data or self.act_date.data or self.act_issuer.data
        ):
            return None
        return Act(
            text=self.act.data or "",
            number=self.act_number.data or None,
            day=self.act_date.data,
            issuer=self.act_issuer.data or None,
        )


class MergeForm(ReorganiseForm):
    successor = SelectField(
        _l("Sáp nhập vào đơn vị"),
        choices=[],
        validators=[DataRequired(message=_l("Hãy chọn đơn vị kế thừa."))],
    )


class SplitForm(ReorganiseForm):
    # In order: the first successor also takes the staff, the coming reception sessions and
    # the cases whose petitioners' address names none of them.
    into = FieldList(SelectField(choices=[], default=""), min_entries=3, max_entries=MAX_SUCCESSORS)

    def offer(self, choices: list[tuple[str, str]]) -> None:
        """The successors to choose from, in every row, each row labelled with its place."""
        for position, entry in enumerate(self.into, start=1):
            entry.choices = choices
            entry.label.text = _("Đơn vị kế thừa thứ %(number)d", number=position)

    def add_row(self) -> None:
        if len(self.into) < MAX_SUCCESSORS:
            self.into.append_entry()
            self.offer(self.into[0].choices)

    def codes(self) -> list[str]:
        return [entry.data for entry in self.into if entry.data]


class MoveForm(ReorganiseForm):
    parent = SelectField(_l("Trực thuộc đơn vị"), choices=[])


class ReviewForm(Form):
    """A split's review list: its CSRF token; each case's successor is read by its name."""


class IssuerForm(Form):
    """How the unit signs and numbers its documents (petitions.documents.issuers)."""

    abbreviation = StringField(
        _l("Chữ viết tắt của cơ quan trong ký hiệu văn bản"), validators=[Length(max=20)]
    )
    governing_body = StringField(_l("Tên cơ quan chủ quản"), validators=[Length(max=255)])
    place = StringField(_l("Địa danh ghi trên văn bản"), validators=[Length(max=100)])
    head_title = StringField(_l("Chức danh người đứng đầu"), validators=[Length(max=100)])
    chief = SelectField(_l("Người ký chính (thủ trưởng)"), choices=[], validate_choice=False)
    numbers_per_type = BooleanField(_l("Đánh số riêng cho từng loại văn bản"))
