"""Passwords (argon2), sign-in, staff user management and API tokens."""

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from petitions.accounts.models import ApiToken, User, sorted_roles
from petitions.audit.services import record
from petitions.database import utcnow
from petitions.errors import Refused, invalid
from petitions.extensions import db
from petitions.permissions import Role
from petitions.text import clean
from petitions.units.services import get_by_code

_hashers: dict[tuple[int, int, int], PasswordHasher] = {}
# Set to a PasswordHasher to override the configured cost (a test's monkeypatch).
hasher: PasswordHasher | None = None


def password_hasher() -> PasswordHasher:
    """The argon2 hasher with the configured cost (lowered only in tests, for speed)."""
    if hasher is not None:
        return hasher
    config = current_app.config
    params = (
        config["ARGON2_TIME_COST"],
        config["ARGON2_MEMORY_COST"],
        config["ARGON2_PARALLELISM"],
    )
    if params not in _hashers:
        _hashers[params] = PasswordHasher(
            time_cost=params[0], memory_cost=params[1], parallelism=params[2]
        )
    return _hashers[params]


MIN_PASSWORD_LENGTH = 10
TOKEN_PREFIX = "pt_"


def hash_password(password: str) -> str:
    return password_hasher().hash(password)


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise invalid("password", _("Mật khẩu phải có ít nhất %(n)d ký tự.", n=MIN_PASSWORD_LENGTH))


def get_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == clean(username).lower()))


def authenticate(username: str, password: str) -> User | None:
    """The active user with these credentials, or None; upgrades outdated hashes in place."""
    user = get_user(username)
    if user is None or not user.active:
        # Spend the same time as a real check so that timing does not reveal usernames.
        password_hasher().hash(password)
        return None
    try:
        password_hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if password_hasher().check_needs_rehash(user.password_hash):
        user.password_hash = password_hasher().hash(password)
    user.last_login_at = utcnow()
    return user


def parse_roles(roles) -> tuple[set[Role], list[str]]:
    """The roles named (a list, or one text with commas), and the names that are no role."""
    if isinstance(roles, str | Role):
        roles = [roles]
    names = [clean(str(name)).lower() for item in roles or () for name in str(item).split(",")]
    known, unknown = set(), []
    for name in filter(None, names):
        try:
            known.add(Role(name))
        except ValueError:
            unknown.append(name)
    return known, unknown


def user_problems(
    *,
    roles,
    unit_code: str,
    username: str | None = None,
    password: str | None = None,
    password_required: bool = False,
) -> dict[str, list[str]]:
    """Everything wrong with a user's account data, by field, so that a form tells it all at
    once. `username` is checked only for a new user; `password` when given."""
    problems: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if username is not None:
        name = clean(username).lower()
        if not name or not name.replace("_", "").replace(".", "").replace("-", "").isalnum():
            refuse("username", _("Tên đăng nhập chỉ gồm chữ, số, dấu chấm, gạch ngang."))
        elif get_user(name) is not None:
            refuse("username", _("Tên đăng nhập %(name)s đã tồn tại.", name=name))
    known, unknown = parse_roles(roles)
    for name in unknown:
        refuse("role", _("Vai trò không hợp lệ: %(role)s.", role=name))
    if not known and not unknown:
        refuse("role", _("Hãy chọn ít nhất một vai trò."))
    if get_by_code(unit_code or "") is None:
        refuse("unit", _("Không tìm thấy đơn vị %(code)s.", code=unit_code or ""))
    if password:
        if len(password) < MIN_PASSWORD_LENGTH:
            refuse(
                "password",
                _("Mật khẩu phải có ít nhất %(n)d ký tự.", n=MIN_PASSWORD_LENGTH),
            )
    elif password_required:
        refuse("password", _("Hãy đặt mật khẩu cho tài khoản mới."))
    return problems


def _refuse_all(problems: dict[str, list[str]]) -> None:
    if problems:
        first = next(iter(problems.values()))[0]
        raise Refused(422, first, fields=problems)


def create_user(
    *,
    username: str,
    password: str,
    role: str | None = None,
    roles=None,
    unit_code: str,
    full_name: str = "",
    email: str | None = None,
    actor=None,
) -> User:
    """A new staff user holding `roles` (or the one `role`)."""
    wanted = roles if roles is not None else role
    _refuse_all(
        user_problems(
            username=username,
            roles=wanted,
            unit_code=unit_code,
            password=password,
            password_required=True,
        )
    )
    username = clean(username).lower()
    held, _unknown = parse_roles(wanted)
    unit = get_by_code(unit_code)
    user = User(
        username=username,
        full_name=clean(full_name),
        email=clean(email) or None,
        unit=unit,
        password_hash=hash_password(password),
    )
    user.roles = held
    db.session.add(user)
    db.session.flush()
    names = [role.value for role in user.sorted_roles]
    record(
        actor,
        "user.create",
        user,
        {"username": username, "role": ",".join(names), "unit": unit.code},
    )
    return user


def update_user(
    user: User,
    *,
    full_name: str,
    email: str | None,
    role: str | None = None,
    roles=None,
    unit_code: str,
    active: bool,
    actor=None,
) -> User:
    wanted = roles if roles is not None else role
    _refuse_all(user_problems(roles=wanted, unit_code=unit_code))
    unit = get_by_code(unit_code)
    held, _unknown = parse_roles(wanted)
    changes = {}
    for field, value in (
        ("full_name", clean(full_name)),
        ("email", clean(email) or None),
        ("active", active),
    ):
        if getattr(user, field) != value:
            changes[field] = [str(getattr(user, field)), str(value)]
            setattr(user, field, value)
    if held != user.roles:
        changes["role"] = [
            ",".join(r.value for r in user.sorted_roles),
            ",".join(r.value for r in sorted_roles(held)),
        ]
        user.roles = held
    if user.unit_id != unit.id:
        changes["unit"] = [user.unit.code, unit.code]
        user.unit = unit
    if "active" in changes or "role" in changes:
        end_sessions(user)
    db.session.flush()
    if changes:
        record(actor, "user.update", user, changes)
    return user


def change_password(user: User, *, current: str, new: str) -> None:
    try:
        password_hasher().verify(user.password_hash, current)
    except (VerificationError, InvalidHashError):
        raise invalid("current_password", _("Mật khẩu hiện tại không đúng.")) from None
    check_password_rules(new)
    set_password(user, new, actor=user)


def set_password(user: User, password: str, actor=None) -> None:
    """A new password ends every session and every API token of the user: whoever had the
    old password may have made either."""
    check_password_rules(password)
    user.password_hash = hash_password(password)
    end_sessions(user)
    revoked = revoke_all_tokens(user)
    record(actor, "user.password", user, {"tokens_revoked": revoked} if revoked else None)


def end_sessions(user: User) -> None:
    """Sign the user out everywhere: the session cookie names the version it was made for."""
    user.session_version += 1


def revoke_all_tokens(user: User) -> int:
    tokens = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    ).all()
    for token in tokens:
        token.revoked_at = utcnow()
    return len(tokens)


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, name: str = "") -> str:
    """A new API token for the user; only its hash is kept, so show it once."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.session.add(
        ApiToken(
            user=user, name=clean(name)[:100], token_hash=_token_digest(token), prefix=token[:10]
        )
    )
    record(user, "token.create", user, {"name": name})
    db.session.flush()
    return token


def user_for_token(token: str) -> User | None:
    api_token = db.session.scalar(
        select(ApiToken).where(
            ApiToken.token_hash == _token_digest(token), ApiToken.revoked_at.is_(None)
        )
    )
    if api_token is None or not api_token.user.active:
        return None
    return api_token.user


def revoke_token(user: User, token_id: int) -> None:
    api_token = db.session.get(ApiToken, token_id)
    if api_token is None or api_token.user_id != user.id:
        raise invalid("token", _("Không tìm thấy mã truy cập."))
    api_token.revoked_at = utcnow()
    record(user, "token.revoke", user, {"prefix": api_token.prefix})


def tokens_of(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())
        )
    )


def load_session_user(session_id: str) -> User | None:
    user_id, _sep, version = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or str(user.session_version) != version or not user.active:
        return None
    return user


def all_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.username)))
