"""The admin form for a unit."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from petitions.forms import Form


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
