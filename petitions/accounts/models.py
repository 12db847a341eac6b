"""Staff users (one or more roles, scoped to a unit) and their hashed API tokens."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String, exists
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitions.database import UTCDateTime, utcnow, value_enum
from petitions.extensions import db
from petitions.permissions import Role, role_has
from petitions.units.models import Unit


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(254))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Bumped on password change so that other sessions of the same user end.
    session_version: Mapped[int] = mapped_column(default=1)

    unit: Mapped[Unit] = relationship()
    # Commune staff often both receive citizens and handle cases: a user holds a set of roles.
    role_rows: Mapped[list["UserRole"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="UserRole.role"
    )

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(Role(row.role) for row in self.role_rows)

    @roles.setter
    def roles(self, roles) -> None:
        wanted = {Role(role) for role in roles}
        self.role_rows = [row for row in self.role_rows if Role(row.role) in wanted] + [
            UserRole(role=role) for role in sorted_roles(wanted - self.roles)
        ]

    @property
    def sorted_roles(self) -> list[Role]:
        """The roles in the order of the Role enum (how pages list them)."""
        return sorted_roles(self.roles)

    @property
    def role(self) -> Role | None:
        """The first of the user's roles, for a one-role caller's convenience (a label, a
        factory's `role=`); a permission check asks `has_role`, never this."""
        roles = self.sorted_roles
        return roles[0] if roles else None

    @role.setter
    def role(self, role) -> None:
        self.roles = {role}

    @hybrid_method
    def has_role(self, role) -> bool:
        return Role(role) in self.roles

    @has_role.expression
    def has_role(cls, role):
        """In a query: the users holding this role (an indexed lookup in user_roles)."""
        return exists().where(UserRole.user_id == cls.id, UserRole.role == Role(role))

    @hybrid_method
    def has_any_role(self, *roles) -> bool:
        return bool(self.roles & {Role(role) for role in roles})

    @has_any_role.expression
    def has_any_role(cls, *roles):
        return exists().where(
            UserRole.user_id == cls.id, UserRole.role.in_([Role(role) for role in roles])
        )

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return self.active

    def can(self, permission: str) -> bool:
        return self.active and any(role_has(role, permission) for role in self.roles)

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


def sorted_roles(roles) -> list[Role]:
    order = list(Role)
    return sorted((Role(role) for role in roles), key=order.index)


class UserRole(db.Model):
    """One role held by a user."""

    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = mapped_column(value_enum(Role, length=30), primary_key=True, index=True)


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    # SHA-256 of the token; the token itself is shown once and never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
