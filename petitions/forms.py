"""The base form: CSRF from Flask-WTF, every text field normalised to NFC and trimmed, every
date field within the years the working calendar covers."""

from datetime import date, datetime

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DateTimeField, StringField, TextAreaField
from wtforms.validators import ValidationError

from petitions.domain import dates
from petitions.text import nfc

# WTForms ships no Vietnamese catalogue: its built-in validation messages, in Vietnamese.
WTFORMS_VI = {
    "Field must be equal to %(other_name)s.": "Giá trị phải trùng với trường %(other_name)s.",
    "Field must be at least %(min)d character long.": "Cần ít nhất %(min)d ký tự.",
    "Field must be at least %(min)d characters long.": "Cần ít nhất %(min)d ký tự.",
    "Field cannot be longer than %(max)d character.": "Không được dài quá %(max)d ký tự.",
    "Field cannot be longer than %(max)d characters.": "Không được dài quá %(max)d ký tự.",
    "Field must be exactly %(max)d character long.": "Phải có đúng %(max)d ký tự.",
    "Field must be exactly %(max)d characters long.": "Phải có đúng %(max)d ký tự.",
    "Field must be between %(min)d and %(max)d characters long.": (
        "Độ dài phải từ %(min)d đến %(max)d ký tự."
    ),
    "Number must be at least %(min)s.": "Số phải lớn hơn hoặc bằng %(min)s.",
    "Number must be at most %(max)s.": "Số phải nhỏ hơn hoặc bằng %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Số phải từ %(min)s đến %(max)s.",
    "Date must be at least %(min)s.": "Ngày không được trước %(min)s.",
    "Date must be at most %(max)s.": "Ngày không được sau %(max)s.",
    "Date must be between %(min)s and %(max)s.": "Ngày phải từ %(min)s đến %(max)s.",
    "This field is required.": "Trường này là bắt buộc.",
    "Invalid input.": "Giá trị không hợp lệ.",
    "Invalid email address.": "Địa chỉ thư điện tử không hợp lệ.",
    "Invalid URL.": "Địa chỉ trang web không hợp lệ.",
    "Invalid value, must be one of: %(values)s.": "Giá trị phải là một trong: %(values)s.",
    "Invalid value, can't be any of: %(values)s.": "Giá trị không được là: %(values)s.",
    "This field cannot be edited.": "Không được sửa trường này.",
    "This field is disabled and cannot have a value.": "Trường này bị khóa, không nhận giá trị.",
    "Invalid CSRF Token.": "Phiên làm việc của biểu mẫu không hợp lệ; hãy tải lại trang.",
    "CSRF token missing.": "Thiếu mã bảo vệ biểu mẫu; hãy tải lại trang.",
    "CSRF failed.": "Không xác thực được biểu mẫu; hãy tải lại trang.",
    "CSRF token expired.": "Phiên làm việc của biểu mẫu đã hết hạn; hãy tải lại trang.",
    "Invalid Choice: could not coerce.": "Lựa chọn không hợp lệ.",
    "Choices cannot be None.": "Chưa có lựa chọn nào.",
    "Not a valid choice.": "Lựa chọn không hợp lệ.",
    "Invalid choice(s): one or more data inputs could not be coerced.": (
        "Có lựa chọn không hợp lệ."
    ),
    "'%(value)s' is not a valid choice for this field.": "«%(value)s» không phải lựa chọn hợp lệ.",
    "'%(value)s' are not valid choices for this field.": (
        "«%(value)s» không phải lựa chọn hợp lệ."
    ),
    "Not a valid datetime value.": "Thời điểm không hợp lệ.",
    "Not a valid date value.": "Ngày không hợp lệ (dd/mm/yyyy).",
    "Not a valid time value.": "Giờ không hợp lệ.",
    "Not a valid integer value.": "Phải là số nguyên.",
    "Not a valid decimal value.": "Phải là số.",
    "Not a valid float value.": "Phải là số.",
}


class _Messages:
    """WTForms' own messages in the request's language (English is WTForms' source)."""

    def gettext(self, string):
        if str(get_locale() or "vi").startswith("vi"):
            return WTFORMS_VI.get(string, string)
        return string

    def ngettext(self, singular, plural, n):
        return self.gettext(singular if n == 1 else plural)


def _normalise(value):
    if isinstance(value, str):
        return nfc(value).strip()
    return value


def _day_in_range(form, field) -> None:
    day = field.data.date() if isinstance(field.data, datetime) else field.data
    if not isinstance(day, date):  # empty, or a TimeField (a DateTimeField in WTForms)
        return
    try:
        dates.check_day(day)
    except dates.DayOutOfRange:
        raise ValidationError(
            _l(
                "Ngày nằm ngoài phạm vi lịch làm việc (%(first)d–%(last)d).",
                first=dates.FIRST_YEAR,
                last=dates.LAST_YEAR,
            )
        ) from None


class Form(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return _Messages()

        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, StringField | TextAreaField):
                options["filters"] = (*options.get("filters", ()), _normalise)
            field = unbound_field.bind(form=form, **options)
            if isinstance(field, DateField | DateTimeField):
                field.validators = [*field.validators, _day_in_range]
            return field
