"""The public calculator's form: read from the query string, so results can be linked to."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from petitions.calendars.forms import DayField, WholeNumberField, one_of, required
from petitions.forms import Form

NO_COMPLEXITY = "none"


class CalculatorForm(Form):
    class Meta:
        # A GET form that changes nothing: no CSRF token, so that a result can be linked to.
        csrf = False

    # Unknown keys are reported by the engine, in both languages, like the command does.
    rule = SelectField(_l("Loại thời hạn"), choices=[], validate_choice=False)
    start = DayField(_l("Ngày bắt đầu tính"), validators=[required()])
    remote = BooleanField(_l("Đơn vị giải quyết ở vùng sâu, vùng xa, đi lại khó khăn"))
    complexity = RadioField(
        _l("Mức độ phức tạp của vụ việc"),
        choices=[
            SelectChoice(NO_COMPLEXITY, _l("Thông thường")),
            SelectChoice("complex", _l("Phức tạp")),
            SelectChoice("very", _l("Đặc biệt phức tạp (hai tình tiết phức tạp trở lên)")),
        ],
        default=NO_COMPLEXITY,
        validate_choice=False,
        validators=[one_of(NO_COMPLEXITY, "complex", "very")],
    )
    multi_site = BooleanField(_l("Phải xác minh ở nhiều địa điểm"))
    extensions = WholeNumberField(
        _l("Số lần đã gia hạn"),
        default=0,
        # The engine says how many extensions the law allows, in both languages.
        validators=[Optional()],
    )
