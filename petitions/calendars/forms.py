"""Forms of the calendar admin pages, and a date field that speaks Vietnamese."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, Length, Optional

from petitions.forms import Form

DAY_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


class DayField(DateField):
    """A date from a date input (yyyy-mm-dd) or typed as dd/mm/yyyy, with a Vietnamese error."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=list(DAY_FORMATS), **kwargs)

    def process_formdata(self, valuelist):
        raw = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not raw:
            return
        for fmt in DAY_FORMATS:
            try:
                self.data = datetime.strptime(raw, fmt).date()
                return
            except ValueError:
                continue
        raise ValueError(
            _l("Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 10/02/2026.")
        )


class WholeNumberField(IntegerField):
    """An integer field whose parse error is in the user's language."""

    def process_formdata(self, valuelist):
        raw = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not raw:
            return
        try:
            self.data = int(raw)
        except ValueError:
            raise ValueError(_l("Hãy nhập một số nguyên.")) from None


def one_of(*values: str) -> AnyOf:
    """For radio buttons: WTForms' own "not a valid choice" error is English only."""
    return AnyOf(values, message=_l("Hãy chọn một trong các phương án."))


def required():
    return InputRequired(message=_l("Mục này không được để trống."))


class OverrideForm(Form):
    day = DayField(_l("Ngày"), validators=[required()])
    working = RadioField(
        _l("Ngày này là"),
        choices=[
            SelectChoice("off", _l("Ngày nghỉ")),
            SelectChoice("working", _l("Ngày làm việc")),
        ],
        default="off",
        validate_choice=False,
        validators=[required(), one_of("off", "working")],
    )
    note = StringField(
        _l("Lý do (tiếng Việt)"),
        validators=[required(), Length(max=500, message=_l("Tối đa 500 ký tự."))],
    )
    note_en = StringField(
        _l("Lý do (tiếng Anh)"),
        validators=[Optional(), Length(max=500, message=_l("Tối đa 500 ký tự."))],
    )


class DeleteForm(Form):
    """Only the CSRF token: deleting takes no other input."""


class RulePeriodForm(Form):
    rule = SelectField(_l("Quy tắc"), choices=[], validate_choice=False)
    period = WholeNumberField(_l("Thời hạn mới"), validators=[required()])
    note = StringField(
        _l("Căn cứ, lý do"),
        validators=[Optional(), Length(max=500, message=_l("Tối đa 500 ký tự."))],
    )
