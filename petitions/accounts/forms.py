"""Sign-in, password and user administration forms."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

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
    role = SelectField(_l("Vai trò"), choices=[])
    unit = SelectField(_l("Đơn vị"), choices=[])
    password = PasswordField(_l("Mật khẩu"), validators=[Optional(), Length(min=10, max=200)])
    active = BooleanField(_l("Đang hoạt động"), default=True)
