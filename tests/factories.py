"""Keyword-only factories for test data; each flushes and returns the object."""

from itertools import count

from petitions.accounts import services as accounts
from petitions.extensions import db
from petitions.units import services as units

PASSWORD = "correct horse battery"
_sequence = count(1)


def create_unit(*, code: str | None = None, name: str | None = None, level: str = "district",
                parent=None, remote: bool = False):
    number = next(_sequence)
    unit = units.create_unit(
        code=code or f"U{number}",
        name=name or f"Đơn vị {number}",
        level=level,
        parent_code=parent.code if parent is not None else None,
        remote=remote,
    )
    db.session.commit()
    return unit


def create_user(*, role: str = "handler", unit=None, username: str | None = None,
                password: str = PASSWORD, full_name: str = "Nguyễn Văn A", email: str | None = None):
    unit = unit or create_unit()
    user = accounts.create_user(
        username=username or f"{role.replace('_', '')}{next(_sequence)}",
        password=password,
        role=role,
        unit_code=unit.code,
        full_name=full_name,
        email=email,
    )
    db.session.commit()
    return user


def create_token_for(user) -> str:
    token = accounts.create_token(user, "test")
    db.session.commit()
    return token
