"""Checking a petition's data, field by field, with a clear message for every mistake.

One set of rules for the online form, the desk form and both JSON APIs. Errors are keyed
like the JSON payload: "title", "petitioner.id_number", "co_petitioners.1.phone", "files".
"""

import re
from dataclasses import dataclass, field
from datetime import date

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from petitions.attachments import AttachmentError
from petitions.cases.models import Case, Channel, Kind
from petitions.cases.subjects import SUBJECT_AREAS, is_subject_area
from petitions.domain import dates
from petitions.errors import Refused
from petitions.extensions import db
from petitions.guards import MAX_ID
from petitions.text import CONTROL_CHARS, clean
from petitions.units.models import Unit

MAX_TITLE = 300
MAX_CONTENT = 20000
MAX_NAME = 200
MAX_ADDRESS = 500
MAX_EMAIL = 254
# A visit's log names up to 50 citizens (reception.visits.MAX_CITIZENS): all may be carried.
MAX_CO_PETITIONERS = 49
MAX_GROUP = 100000
# Decree 124/2020 art. 6: a group of 5 or more appoints representatives, 5-10 people at
# most 2, 11 or more at most 5.
GROUP_THRESHOLD = 5
LARGE_GROUP = 11

# First three digits of a 12-digit CCCD: the province where the birth was registered
# (Circular 07/2016/TT-BCA, appendix), one code per province before the 2025 mergers.
_PROVINCE_CODES = (
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 "
    "035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 "
    "070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096"
)
PROVINCE_CODES = frozenset(_PROVINCE_CODES.split(" "))

_SEPARATORS = re.compile(r"[\s.\-()]")
_PHONE = re.compile(r"^(?:\+84|84|0)([35789]\d{8}|2\d{9})$")
_LETTER = re.compile(r"[^\W\d_]")

LABELS = {
    "kind": _l("loại đơn"),
    "title": _l("tiêu đề"),
    "content": _l("nội dung đơn"),
    "unit": _l("cơ quan nhận đơn"),
    "full_name": _l("họ và tên"),
    "id_number": _l("số căn cước công dân"),
    "address": _l("địa chỉ"),
    "phone": _l("số điện thoại"),
    "email": _l("thư điện tử"),
    "anonymous": _l("gửi ẩn danh"),
    "confidential": _l("đề nghị giữ bí mật"),
    "group_size": _l("số người trong đoàn"),
    "channel": _l("hình thức tiếp nhận"),
    "received_on": _l("ngày nhận đơn"),
    "receiving_unit": _l("đơn vị tiếp nhận"),
    "repeat_of": _l("hồ sơ trước đó"),
    "duplicate_of": _l("hồ sơ trùng"),
    "subject_area": _l("lĩnh vực"),
}


@dataclass
class Person:
    full_name: str | None = None
    id_number: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    representative: bool = False

    def identity(self) -> dict:
        return {
            "full_name": self.full_name,
            "id_number": self.id_number,
            "address": self.address,
            "phone": self.phone,
            "email": self.email,
        }


@dataclass
class Petition:
    """Petition data that passed every check, normalised (NFC, trimmed, canonical phone)."""

    kind: Kind
    title: str
    content: str
    unit: Unit | None
    anonymous: bool
    confidential: bool
    petitioner: Person | None
    co_petitioners: list[Person] = field(default_factory=list)
    group_size: int = 1
    repeat_of: Case | None = None
    duplicate_of: Case | None = None
    subject_area: str | None = None  # the statistical forms' (cases.subjects)

    @property
    def sealed(self) -> bool:
        """Denunciations always, other kinds on request; nothing to seal when anonymous."""
        return not self.anonymous and (self.kind == Kind.DENUNCIATION or self.confidential)

    @property
    def people(self) -> list[Person]:
        return ([self.petitioner] if self.petitioner else []) + self.co_petitioners


class Errors:
    """Collects messages so that a citizen sees every problem at once."""

    def __init__(self):
        self.fields: dict[str, list[str]] = {}

    def add(self, name: str, message: str) -> None:
        self.fields.setdefault(name, []).append(str(message))

    def raise_if_any(self) -> None:
        if self.fields:
            raise Refused(422, fields=self.fields)


def _label(name: str) -> str:
    return str(LABELS.get(name.rsplit(".", 1)[-1], name))


def text(
    errors: Errors,
    raw,
    name: str,
    *,
    required: bool,
    max_length: int,
    multiline: bool = False,
) -> str | None:
    """A trimmed NFC string without control characters, or None (with a message)."""
    label = _label(name)
    if raw is None or raw == "":
        if required:
            errors.add(name, _("Vui lòng nhập %(label)s.", label=label))
        return None
    if not isinstance(raw, str):
        errors.add(name, _("Trường «%(label)s» phải là chuỗi ký tự.", label=label))
        return None
    value = CONTROL_CHARS.sub("", clean(raw))
    if not multiline:
        value = " ".join(value.split())
    if not value:
        if required:
            errors.add(name, _("Vui lòng nhập %(label)s.", label=label))
        return None
    if len(value) > max_length:
        errors.add(
            name,
            _(
                "Trường «%(label)s» dài %(length)d ký tự, vượt quá giới hạn %(max)d ký tự.",
                label=label,
                length=len(value),
                max=max_length,
            ),
        )
        return None
    return value


def boolean(errors: Errors, raw, name: str) -> bool:
    if raw is None or isinstance(raw, bool):
        return bool(raw)
    if isinstance(raw, str) and raw.strip().lower() in {"true", "1", "on", "yes", "y"}:
        return True
    if isinstance(raw, str) and raw.strip().lower() in {"false", "0", "off", "no", "n", ""}:
        return False
    errors.add(name, _("Trường «%(label)s» phải là true hoặc false.", label=_label(name)))
    return False


def integer(errors: Errors, raw, name: str, *, minimum: int, maximum: int) -> int | None:
    label = _label(name)
    if isinstance(raw, bool) or raw is None or raw == "":
        if raw is None or raw == "":
            return None
        errors.add(name, _("Trường «%(label)s» phải là số nguyên.", label=label))
        return None
    if isinstance(raw, str) and raw.strip().isdigit():
        raw = int(raw.strip())
    if not isinstance(raw, int):
        errors.add(name, _("Trường «%(label)s» phải là số nguyên.", label=label))
        return None
    if not minimum <= raw <= maximum:
        errors.add(
            name,
            _(
                "Trường «%(label)s» phải từ %(min)d đến %(max)d.",
                label=label,
                min=minimum,
                max=maximum,
            ),
        )
        return None
    return raw


def check_id_number(errors: Errors, raw, name: str, *, required: bool) -> str | None:
    value = text(errors, raw, name, required=required, max_length=40)
    if value is None:
        return None
    digits = _SEPARATORS.sub("", value)
    if not digits.isdigit() or len(digits) != 12:
        errors.add(
            name,
            _(
                "Số căn cước công dân phải gồm đúng 12 chữ số (bạn đã nhập «%(value)s»).",
                value=value,
            ),
        )
        return None
    if digits[:3] not in PROVINCE_CODES:
        errors.add(
            name,
            _(
                "Số căn cước công dân không hợp lệ: 3 chữ số đầu (%(code)s) phải là mã tỉnh, "
                "thành phố nơi đăng ký khai sinh (từ 001 đến 096).",
                code=digits[:3],
            ),
        )
        return None
    return digits


def normalise_phone(value: str) -> str | None:
    """0xxxxxxxxx for a valid Vietnamese number (mobile or landline), else None."""
    compact = _SEPARATORS.sub("", value)
    match = _PHONE.match(compact)
    return "0" + match.group(1) if match else None


def check_phone(errors: Errors, raw, name: str, *, required: bool) -> str | None:
    value = text(errors, raw, name, required=required, max_length=30)
    if value is None:
        return None
    phone = normalise_phone(value)
    if phone is None:
        errors.add(
            name,
            _(
                "Số điện thoại «%(value)s» không đúng dạng số Việt Nam: 10 chữ số bắt đầu "
                "bằng 0 (ví dụ 0912345678) hoặc +84 và 9 chữ số.",
                value=value,
            ),
        )
    return phone


def check_email(errors: Errors, raw, name: str) -> str | None:
    value = text(errors, raw, name, required=False, max_length=MAX_EMAIL)
    if value is None:
        return None
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        errors.add(
            name,
            _(
                "Địa chỉ thư điện tử «%(value)s» không hợp lệ (ví dụ đúng: ten@example.com).",
                value=value,
            ),
        )
        return None


def check_person(errors: Errors, raw, name: str, *, strict: bool) -> Person | None:
    """One petitioner. `strict` (the online form) requires ID number, address and phone."""
    if raw is None:
        errors.add(name + ".full_name", _("Vui lòng nhập %(label)s.", label=_label("full_name")))
        return None
    if not isinstance(raw, dict):
        errors.add(name, _("Thông tin người gửi đơn phải là một đối tượng JSON."))
        return None
    person = Person(
        full_name=text(
            errors, raw.get("full_name"), f"{name}.full_name", required=True, max_length=MAX_NAME
        ),
        id_number=check_id_number(
            errors, raw.get("id_number"), f"{name}.id_number", required=strict
        ),
        address=text(
            errors, raw.get("address"), f"{name}.address", required=strict, max_length=MAX_ADDRESS
        ),
        phone=check_phone(errors, raw.get("phone"), f"{name}.phone", required=strict),
        email=check_email(errors, raw.get("email"), f"{name}.email"),
        representative=raw.get("representative") is True,
    )
    if person.full_name and not _LETTER.search(person.full_name):
        errors.add(f"{name}.full_name", _("Họ và tên phải có chữ cái."))
    return person


def resolve_unit(code: str) -> Unit | None:
    """The unit with this code, following merges to the successor that now receives."""
    unit = db.session.scalar(select(Unit).where(Unit.code == code.upper()))
    seen = set()
    while unit is not None and not unit.active and unit.successor is not None:
        if unit.id in seen:
            break
        seen.add(unit.id)
        unit = unit.successor
    return unit


def check_unit(errors: Errors, raw, name: str) -> Unit | None:
    code = text(errors, raw, name, required=False, max_length=40)
    if code is None:
        return None
    unit = resolve_unit(code)
    if unit is None:
        errors.add(name, _("Không có cơ quan, đơn vị nào mang mã «%(code)s».", code=code))
        return None
    if not unit.active:
        errors.add(name, _("Đơn vị «%(name)s» không còn tiếp nhận đơn.", name=unit.name))
        return None
    return unit


def check_kind(errors: Errors, raw) -> Kind | None:
    if raw in (None, ""):
        errors.add("kind", _("Vui lòng chọn loại đơn: khiếu nại, tố cáo, kiến nghị hoặc phản ánh."))
        return None
    try:
        return Kind(raw)
    except (ValueError, TypeError):
        errors.add(
            "kind",
            _(
                "Loại đơn phải là một trong: complaint (khiếu nại), denunciation (tố cáo), "
                "recommendation (kiến nghị), feedback (phản ánh)."
            ),
        )
        return None


def check_earlier_case(errors: Errors, raw, name: str, visible_unit_ids) -> Case | None:
    number = integer(errors, raw, name, minimum=1, maximum=MAX_ID)
    if number is None:
        return None
    case = db.session.get(Case, number)
    if case is None or (visible_unit_ids is not None and case.unit_id not in visible_unit_ids):
        errors.add(name, _("Không tìm thấy hồ sơ số %(id)d trong đơn vị của bạn.", id=number))
        return None
    return case


def validate_petition(
    data,
    *,
    staff: bool,
    visible_unit_ids: set[int] | None = None,
    errors: Errors | None = None,
    copy_identity: bool = False,
) -> Petition:
    """The petition in `data` (the JSON payload of API.md), or a Refused naming every problem.

    `staff` is False for a citizen's own submission (online form, public API): then the
    identity must be complete and a complaint cannot be anonymous, because the law requires
    the complainant's name and address before a complaint can be accepted and the citizen
    is better told now than filed later. At the desk or from mail the paper already exists,
    so it is recorded in any case and classification files what cannot be accepted.
    `copy_identity` skips the people (a forwarded case keeps the original's petitioners).
    """
    errors = errors or Errors()
    if not isinstance(data, dict):
        errors.add("payload", _("Dữ liệu đơn phải là một đối tượng JSON."))
        errors.raise_if_any()
    kind = check_kind(errors, data.get("kind"))
    title = text(errors, data.get("title"), "title", required=True, max_length=MAX_TITLE)
    content = text(
        errors,
        data.get("content"),
        "content",
        required=True,
        max_length=MAX_CONTENT,
        multiline=True,
    )
    unit = check_unit(errors, data.get("unit"), "unit")
    anonymous = boolean(errors, data.get("anonymous"), "anonymous")
    confidential = boolean(errors, data.get("confidential"), "confidential")

    petitioner = None
    co_petitioners: list[Person] = []
    group_size = 1
    if copy_identity:
        pass
    elif anonymous:
        if kind == Kind.COMPLAINT and not staff:
            errors.add(
                "anonymous",
                _(
                    "Khiếu nại không thể gửi ẩn danh: Luật Khiếu nại yêu cầu đơn ghi rõ họ tên, "
                    "địa chỉ của người khiếu nại thì mới được thụ lý. Hãy điền thông tin của bạn "
                    "(có thể đề nghị giữ bí mật), hoặc chọn loại đơn phản ánh, kiến nghị."
                ),
            )
    else:
        petitioner = check_person(errors, data.get("petitioner"), "petitioner", strict=not staff)
    if staff and not copy_identity:
        raw_co = data.get("co_petitioners") or []
        if not isinstance(raw_co, list):
            errors.add("co_petitioners", _("Danh sách người cùng đứng đơn phải là một mảng."))
            raw_co = []
        if len(raw_co) > MAX_CO_PETITIONERS:
            errors.add(
                "co_petitioners",
                _(
                    "Chỉ ghi tối đa %(max)d người cùng đứng đơn hoặc đại diện.",
                    max=MAX_CO_PETITIONERS,
                ),
            )
            raw_co = []
        for position, raw in enumerate(raw_co):
            person = check_person(errors, raw, f"co_petitioners.{position}", strict=False)
            if person is not None:
                co_petitioners.append(person)
        size = integer(errors, data.get("group_size"), "group_size", minimum=1, maximum=MAX_GROUP)
        listed = (0 if anonymous else 1) + len(co_petitioners)
        group_size = size or max(1, listed)
        if size is not None and listed > group_size:
            errors.add(
                "group_size",
                _(
                    "Số người trong đoàn (%(size)d) ít hơn số người được ghi tên (%(listed)d).",
                    size=group_size,
                    listed=listed,
                ),
            )
        elif group_size >= GROUP_THRESHOLD:
            # The limit is on those who speak for the group; everyone may still be named.
            named = [p for p in [petitioner, *co_petitioners] if p is not None]
            speaking = sum(p.representative for p in named) or len(named)
            allowed = 2 if group_size < LARGE_GROUP else 5
            if speaking > allowed:
                errors.add(
                    "co_petitioners",
                    _(
                        "Đoàn %(size)d người chỉ cử tối đa %(allowed)d người đại diện "
                        "(Nghị định 124/2020/NĐ-CP, Điều 6); đã ghi %(listed)d người đại diện.",
                        size=group_size,
                        allowed=allowed,
                        listed=speaking,
                    ),
                )
    visible = visible_unit_ids if staff else set()
    repeat_of = duplicate_of = None
    if staff and data.get("repeat_of") not in (None, ""):
        repeat_of = check_earlier_case(errors, data.get("repeat_of"), "repeat_of", visible)
    if staff and data.get("duplicate_of") not in (None, ""):
        duplicate_of = check_earlier_case(errors, data.get("duplicate_of"), "duplicate_of", visible)
    subject_area = data.get("subject_area") if staff else None
    if subject_area in (None, ""):
        subject_area = None
    elif not is_subject_area(subject_area):
        errors.add(
            "subject_area",
            _("Lĩnh vực phải là một trong: %(codes)s.", codes=", ".join(SUBJECT_AREAS)),
        )
    errors.raise_if_any()
    named = [person for person in [petitioner, *co_petitioners] if person is not None]
    if group_size >= GROUP_THRESHOLD and not any(person.representative for person in named):
        # No one marked: those named speak for the group (at most the allowed number).
        for person in named:
            person.representative = True
    elif group_size < GROUP_THRESHOLD:
        for person in named:
            person.representative = False
    return Petition(
        kind=kind,
        title=title,
        content=content,
        unit=unit,
        anonymous=anonymous,
        confidential=confidential,
        petitioner=petitioner,
        co_petitioners=co_petitioners,
        group_size=group_size,
        repeat_of=repeat_of,
        duplicate_of=duplicate_of,
        subject_area=subject_area,
    )


def check_channel(errors: Errors, raw) -> Channel | None:
    if raw in (None, ""):
        errors.add("channel", _("Vui lòng chọn hình thức tiếp nhận."))
        return None
    try:
        return Channel(raw)
    except (ValueError, TypeError):
        errors.add(
            "channel",
            _(
                "Hình thức tiếp nhận phải là reception (tại nơi tiếp công dân), mail (qua bưu "
                "chính), transferred (cơ quan khác chuyển đến) hoặc online (trực tuyến)."
            ),
        )
        return None


def check_received_on(errors: Errors, value: date | None, *, today: date) -> date | None:
    if value is None:
        errors.add("received_on", _("Vui lòng nhập ngày nhận đơn."))
        return None
    if value > today:
        errors.add(
            "received_on",
            _(
                "Ngày nhận đơn không được sau hôm nay (%(today)s).",
                today=today.strftime("%d/%m/%Y"),
            ),
        )
        return None
    if (today - value).days > 3660:
        errors.add("received_on", _("Ngày nhận đơn quá xa trong quá khứ."))
        return None
    return value


def parse_received_on(errors: Errors, raw, *, today: date) -> date | None:
    if raw in (None, ""):
        return today
    if isinstance(raw, date):
        return check_received_on(errors, raw, today=today)
    if not isinstance(raw, str):
        errors.add("received_on", _("Ngày phải có dạng YYYY-MM-DD."))
        return None
    try:
        value = dates.parse_day(raw)
    except dates.DayOutOfRange:
        errors.add(
            "received_on",
            _(
                "Ngày nằm ngoài phạm vi lịch làm việc (%(first)d–%(last)d).",
                first=dates.FIRST_YEAR,
                last=dates.LAST_YEAR,
            ),
        )
        return None
    except ValueError:
        errors.add("received_on", _("Ngày phải có dạng YYYY-MM-DD."))
        return None
    return check_received_on(errors, value, today=today)


def attachment_message(error: AttachmentError) -> str:
    if error.reason == "empty":
        return _("Tệp «%(name)s» rỗng.", name=error.name)
    if error.reason == "too_large":
        return _(
            "Tệp «%(name)s» lớn hơn %(limit)d MB cho phép.",
            name=error.name,
            limit=error.limit // (1024 * 1024) or 1,
        )
    return _(
        "Tệp «%(name)s» không phải PDF, ảnh JPEG, ảnh PNG hoặc Word (DOCX). Hệ thống kiểm tra "
        "nội dung tệp, không dựa vào đuôi của tên tệp.",
        name=error.name,
    )


def too_many_files_message(limit: int) -> str:
    return _("Chỉ đính kèm tối đa %(max)d tệp.", max=limit)
