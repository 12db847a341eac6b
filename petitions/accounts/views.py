"""Sign-in, sign-out, the profile page and the admin pages for users."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from petitions.accounts import services
from petitions.accounts.forms import (
    ChangePasswordForm,
    LoginForm,
    TokenForm,
    UserForm,
    role_choices,
)
from petitions.accounts.models import User
from petitions.errors import Refused
from petitions.extensions import db, limiter
from petitions.permissions import public, requires
from petitions.units.services import tree_rows
from petitions.views_support import safe_next, show_refusal

bp = Blueprint("accounts", __name__)


def _username() -> str:
    return (request.form.get("username") or "").strip().lower()[:150]


def _login_key():
    return f"{request.remote_addr}:{_username()}"


def _failed(response) -> bool:
    """A sign-in that did not succeed (success redirects)."""
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"], key_func=_login_key, methods=["POST"]
)
@limiter.limit(
    lambda: current_app.config["LOGIN_ADDRESS_RATE_LIMIT"],
    key_func=lambda: f"address:{request.remote_addr}",
    methods=["POST"],
)
@limiter.limit(
    lambda: current_app.config["LOGIN_USERNAME_RATE_LIMIT"],
    key_func=lambda: f"username:{_username()}",
    methods=["POST"],
    deduct_when=_failed,
)
@public
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.username.data, form.password.data)
        if user is None:
            form.password.errors.append(_("Tên đăng nhập hoặc mật khẩu không đúng."))
        else:
            login_user(user)
            flash(_("Xin chào %(name)s.", name=user.display_name), "success")
            # Staff start the day on their own work queue, unless sent here from a page.
            target = request.args.get("next")
            return redirect(safe_next(target) if target else url_for("work.start"))
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@requires()
def logout():
    # Ending the session on the server: every cookie issued before now stops working.
    services.end_sessions(current_user)
    logout_user()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("public.home"))


@bp.route("/profile", methods=["GET", "POST"])
@requires()
def profile():
    password_form = ChangePasswordForm(prefix="pw")
    token_form = TokenForm(prefix="tk")
    new_token = None
    if request.method == "POST" and "pw-current_password" in request.form:
        if password_form.validate():
            try:
                services.change_password(
                    current_user,
                    current=password_form.current_password.data,
                    new=password_form.new_password.data,
                )
            except Refused as error:
                show_refusal(password_form, error, "new_password")
            else:
                login_user(current_user)
                flash(_("Đã đổi mật khẩu."), "success")
                return redirect(url_for("accounts.profile"))
    elif request.method == "POST" and "tk-name" in request.form and token_form.validate():
        new_token = services.create_token(current_user, token_form.name.data or "")
    return render_template(
        "accounts/profile.html",
        password_form=password_form,
        token_form=token_form,
        new_token=new_token,
        tokens=services.tokens_of(current_user),
    )


@bp.route("/profile/tokens/<id:token_id>/revoke", methods=["POST"])
@requires()
def revoke_token(token_id):
    try:
        services.revoke_token(current_user, token_id)
    except Refused:
        abort(404)
    flash(_("Đã thu hồi mã truy cập."), "info")
    return redirect(url_for("accounts.profile"))


def _user_form(user: User | None = None) -> UserForm:
    form = UserForm(obj=user)
    form.role.choices = role_choices()
    form.unit.choices = [
        (unit.code, "\u00a0\u00a0" * depth + unit.name) for unit, depth in tree_rows()
    ]
    if user is not None and request.method == "GET":
        form.unit.data = user.unit.code
        form.role.data = [role.value for role in user.sorted_roles]
    return form


def _every_problem(form: UserForm, *, new: bool) -> bool:
    """Check the form and the account rules together and put every error next to its field,
    so that one sending tells the admin all that is wrong. True when nothing is."""
    form_ok = form.validate_on_submit()
    problems = services.user_problems(
        username=form.username.data if new and not form.username.errors else None,
        roles=form.role.data or [],
        unit_code=form.unit.data,
        password=None if form.password.errors else form.password.data,
        password_required=new and not form.password.errors,
    )
    for name, messages in problems.items():
        field = form[name]
        field.errors = [*field.errors, *[m for m in messages if m not in field.errors]]
    return form_ok and not problems


@bp.route("/admin/users")
@requires("users.manage")
def users():
    return render_template("accounts/users.html", users=services.all_users())


@bp.route("/admin/users/new", methods=["GET", "POST"])
@requires("users.manage")
def new_user():
    form = _user_form()
    if request.method == "POST" and _every_problem(form, new=True):
        try:
            services.create_user(
                username=form.username.data,
                password=form.password.data,
                roles=form.role.data,
                unit_code=form.unit.data,
                full_name=form.full_name.data,
                email=form.email.data,
                actor=current_user,
            )
        except Refused as error:
            show_refusal(form, error, "username")
        else:
            flash(_("Đã tạo tài khoản %(name)s.", name=form.username.data), "success")
            return redirect(url_for("accounts.users"))
    return render_template("accounts/user_form.html", form=form, user=None)


@bp.route("/admin/users/<id:user_id>", methods=["GET", "POST"])
@requires("users.manage")
def edit_user(user_id):
    user = db.get_or_404(User, user_id)
    form = _user_form(user)
    form.username.render_kw = {"readonly": True}
    if request.method == "POST" and _every_problem(form, new=False):
        try:
            services.update_user(
                user,
                full_name=form.full_name.data,
                email=form.email.data,
                roles=form.role.data,
                unit_code=form.unit.data,
                active=form.active.data,
                actor=current_user,
            )
            if form.password.data:
                services.set_password(user, form.password.data, actor=current_user)
        except Refused as error:
            show_refusal(form, error, "full_name")
        else:
            flash(_("Đã lưu tài khoản %(name)s.", name=user.username), "success")
            return redirect(url_for("accounts.users"))
    return render_template("accounts/user_form.html", form=form, user=user)
