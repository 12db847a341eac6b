"""Sign-in, password and user administration forms."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from petitions.forms import Form
from petitions.permissions import Role


def role_choices():
    labels = role_labels()
    return [(role.value, labels[role]) for role in Role]


def role_labels():
    return {
        Role.RECEPTION_OFFICER: _l("Cán bộ tiếp công dân"),
        Role.HANDLER: _l("Cán bộ xử lý đơn"),
        Role.UNIT_HEAD: _l("Thủ trưởng đơn vị"),
        Role.INSPECTOR: _l("Thanh tra tỉnh"),
        Role.HOME_AFFAIRS: _l("Sở Nội vụ"),
        Role.ADMIN: _l("Quản trị hệ thống"),
    }


class LoginForm(Form):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(), Length(max=200)])


class ChangePasswordForm(Form):
    current_password = PasswordField(_l("Mật khẩu hiện tại"), validators=[DataRequired()])
    new_password = PasswordField(
        _l("Mật khẩu mới"), validators=[DataRequired(), Length(min=10, max=200)]
    )
    confirm = PasswordField(
        _l("Nhập lại mật khẩu mới"),
        validators=[
            DataRequired(),
            EqualTo("new_password", message=_l("Hai mật khẩu không khớp.")),
        ],
    )


class TokenForm(Form):
    name = StringField(_l("Tên gợi nhớ"), validators=[Optional(), Length(max=100)])


class UserForm(Form):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(), Length(max=80)])
    full_name = StringField(_l("Họ và tên"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Thư điện tử"), validators=[Optional(), Email(), Length(max=254)])
    # Several roles at once (commune staff often receive citizens and handle cases); the
    # service checks that at least one is chosen, with the form's other errors.
    role = SelectMultipleField(
        _l("Vai trò"),
        choices=[],
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    unit = SelectField(_l("Đơn vị"), choices=[])
    # The minimum length is the service's rule, told in its words with the form's other errors.
    password = PasswordField(_l("Mật khẩu"), validators=[Optional(), Length(max=200)])
    active = BooleanField(_l("Đang hoạt động"), default=True)
