"""The base form: CSRF from Flask-WTF, every text field normalised to NFC and trimmed."""

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField

from petitions.text import nfc


def _normalise(value):
    if isinstance(value, str):
        return nfc(value).strip()
    return value


class Form(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, StringField | TextAreaField):
                options["filters"] = (*options.get("filters", ()), _normalise)
            return unbound_field.bind(form=form, **options)
