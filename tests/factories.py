"""Keyword-only factories for test data; each flushes and returns the object."""

from itertools import count

from petitions.accounts import services as accounts
from petitions.extensions import db
from petitions.units import services as units

PASSWORD = "correct horse battery"
_sequence = count(1)


def create_unit(
    *,
    code: str | None = None,
    name: str | None = None,
    level: str = "district",
    parent=None,
    remote: bool = False,
):
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


def create_user(
    *,
    role: str = "handler",
    unit=None,
    username: str | None = None,
    password: str = PASSWORD,
    full_name: str = "Nguyễn Văn A",
    email: str | None = None,
):
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


def create_case(
    *,
    kind: str = "complaint",
    unit=None,
    receiving_unit=None,
    received_on=None,
    status: str = "received",
    channel: str = "online",
    title: str = "Đơn khiếu nại về đất đai",
    content: str = "Nội dung đơn",
    full_name: str = "Nguyễn Văn Bình",
    id_number: str = "001203004005",
    email: str | None = None,
    rules: tuple[str, ...] = ("petition.classify",),
    sealed: bool = False,
    complexity: str | None = None,
):
    """A case as intake would leave it, with its deadlines opened from received_on."""
    from datetime import date

    from petitions.cases.models import Case, Channel, Kind, Petitioner, Status
    from petitions.cases.timing import open_deadline
    from petitions.text import fold

    unit = unit or create_unit()
    received_on = received_on or date(2026, 3, 2)
    number = next(_sequence)
    case = Case(
        tracking_code=f"T{number:07d}",
        access_key_hash="!",
        kind=Kind(kind),
        channel=Channel(channel),
        status=Status(status),
        title=title,
        content=content,
        search_text=fold(f"T{number:07d} {title} {content} {'' if sealed else full_name}"),
        receiving_unit=receiving_unit or unit,
        unit=unit,
        received_on=received_on,
        sealed=sealed,
        notify_email=email,
        complexity=complexity,
    )
    if not sealed:
        case.petitioners.append(
            Petitioner(
                position=0,
                full_name=full_name,
                id_number=id_number,
                email=email,
                name_folded=fold(full_name),
            )
        )
    db.session.add(case)
    db.session.flush()
    for rule in rules:
        open_deadline(case, rule, received_on)
    db.session.commit()
    return case
