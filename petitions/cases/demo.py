"""Demo cases walked through the workflow, each step on its own day, relative to today:
a complaint decided and waiting out its second-complaint window, a sealed denunciation
extended twice, a recommendation forwarded and being handled elsewhere, a filed petition,
a suspended complaint, and cases left untouched so that overdue and due-soon show."""

from datetime import date, timedelta

from sqlalchemy import select

from petitions.accounts.models import User
from petitions.cases.models import Case, Kind, Status
from petitions.cases.steps import take_action
from petitions.clock import today as real_today
from petitions.errors import Refused
from petitions.extensions import db
from petitions.intake.services import record_petition
from petitions.intake.validation import resolve_unit

PEOPLE = {
    "thao": (
        "Nguyễn Thị Thảo",
        "002186004471",
        "Thôn Vĩnh Sơn, xã Vĩnh Tuy, Bắc Quang",
        "0912334455",
    ),
    "khanh": (
        "Lương Văn Khánh",
        "002079006612",
        "Tổ 5, thị trấn Việt Quang, Bắc Quang",
        "0388112233",
    ),
    "my": ("Sầm Thị My", "002192001178", "Thôn Nậm Khòn, xã Quang Minh, Bắc Quang", "0869001122"),
    "duc": ("Hà Minh Đức", "002083003390", "Tổ 2, phường Trần Phú, TP Hà Giang", "0904556677"),
    "nga": ("Vi Thị Nga", "002195005561", "Thôn Tân Bình, xã Quang Minh, Bắc Quang", "0337889900"),
}

# (key, days ago, unit, kind, person, title, content, confidential)
CASES = (
    (
        "decided",
        60,
        "HG-BQ",
        "complaint",
        "thao",
        "Khiếu nại việc tính tiền sử dụng đất khi cấp giấy chứng nhận",
        "Chi cục Thuế tính tiền sử dụng đất theo giá năm 2026 trong khi hồ sơ nộp từ năm 2024.",
        False,
    ),
    (
        "extended",
        75,
        "HG-BQ",
        "denunciation",
        "khanh",
        "Tố cáo trưởng thôn thu tiền làm đường không công khai",
        "Trưởng thôn thu mỗi hộ 3 triệu đồng làm đường bê tông, không công khai thu chi.",
        True,
    ),
    (
        "forwarded",
        20,
        "HG-BQ",
        "recommendation",
        "my",
        "Kiến nghị sửa cầu treo thôn Nậm Khòn",
        "Cầu treo xuống cấp, học sinh đi lại nguy hiểm vào mùa mưa.",
        False,
    ),
    (
        "filed",
        8,
        "HG-BQ",
        "complaint",
        None,
        "Đơn không ghi họ tên về việc mất trật tự",
        "Đề nghị xử lý quán karaoke gây ồn.",
        False,
    ),
    (
        "suspended",
        35,
        "HG-BQ",
        "complaint",
        "nga",
        "Khiếu nại quyết định xử phạt vi phạm hành chính về xây dựng",
        "Đề nghị hủy quyết định xử phạt vì công trình đã có giấy phép sửa chữa.",
        False,
    ),
    (
        "waiting",
        40,
        "HG",
        "complaint",
        "duc",
        "Khiếu nại việc chậm giải quyết chế độ chính sách",
        "Hồ sơ hưởng trợ cấp nộp từ tháng 3 chưa được giải quyết.",
        False,
    ),
    (
        "new",
        9,
        "HG",
        "feedback",
        "duc",
        "Phản ánh đèn chiếu sáng đường Nguyễn Trãi hỏng",
        "Nhiều bóng đèn không sáng, buổi tối đi lại nguy hiểm.",
        False,
    ),
)

# (case key, days ago, user, action, fields)
STEPS = (
    ("decided", 57, "chutich.bq", "accept", {"complex": False}),
    ("decided", 56, "chutich.bq", "assign", {"user": "chuyenvien.bq"}),
    (
        "decided",
        50,
        "chuyenvien.bq",
        "verify",
        {"step": "meeting", "note": "Làm việc với Chi cục Thuế khu vực Bắc Quang."},
    ),
    (
        "decided",
        40,
        "chuyenvien.bq",
        "dialogue",
        {
            "minutes": "Hai bên thống nhất xác định lại thời điểm nộp hồ sơ hợp lệ.",
            "participants": "Người khiếu nại, Chi cục Thuế, Phòng TN&MT",
        },
    ),
    (
        "decided",
        30,
        "chutich.bq",
        "conclude",
        {
            "outcome": "partly_correct",
            "decision_number": "1275/QĐ-UBND",
            "summary": "Tính lại tiền sử dụng đất theo giá đất tại thời điểm nộp hồ sơ hợp lệ.",
        },
    ),
    ("extended", 73, "chutich.bq", "accept", {"complex": "very"}),
    ("extended", 72, "chutich.bq", "assign", {"user": "chuyenvien.bq"}),
    ("extended", 70, "chuyenvien.bq", "notify", {"note": "Thông báo số 41/TB-UBND"}),
    (
        "extended",
        45,
        "chutich.bq",
        "extend",
        {
            "reason": "Phải xác minh tại 3 thôn và đối chiếu sổ sách.",
            "decision_number": "980/QĐ-UBND",
        },
    ),
    (
        "extended",
        15,
        "chutich.bq",
        "extend",
        {"reason": "Chờ kết quả giám định chữ ký.", "decision_number": "1402/QĐ-UBND"},
    ),
    ("forwarded", 18, "chutich.bq", "forward", {"to_unit": "HG"}),
    ("filed", 6, "chuyenvien.bq", "file", {"reason_code": "no_identity"}),
    ("suspended", 32, "chutich.bq", "accept", {"complex": False}),
    (
        "suspended",
        20,
        "chutich.bq",
        "suspend",
        {"reason": "Chờ Sở Xây dựng trả lời về giấy phép sửa chữa.", "ground": "await_other"},
    ),
)


def _person(key: str | None) -> dict | None:
    if key is None:
        return None
    name, id_number, address, phone = PEOPLE[key]
    return {"full_name": name, "id_number": id_number, "address": address, "phone": phone}


def _units() -> dict:
    """The province and Bắc Quang by their 2022 codes, as the units that carry them on today
    (Tuyên Quang and the commune of Bắc Quang once the 2025 reorganisation is loaded)."""
    units = {code: resolve_unit(code) for code in ("HG", "HG-BQ")}
    return units if None not in units.values() else {}


def load() -> None:
    now = real_today()
    units = _units()
    users = {u.username: u for u in db.session.scalars(select(User))}
    if not units or "chutich.bq" not in users:
        return
    cases = {}
    for key, ago, unit_code, kind, who, title, content, confidential in CASES:
        day = now - timedelta(days=ago)
        data = {
            "kind": kind,
            "title": title,
            "content": content,
            "unit": units[unit_code].code,
            "confidential": confidential,
            "anonymous": who is None,
            "petitioner": _person(who),
        }
        officer = users["tiepdan.bq" if unit_code == "HG-BQ" else "tiepdan"]
        cases[key] = record_petition(
            data=data,
            channel="reception",
            receiving_unit=units[unit_code],
            received_on=day,
            today=day,
            actor=officer,
        ).case
    db.session.flush()
    for key, ago, username, action, fields in STEPS:
        day: date = now - timedelta(days=ago)
        if "to_unit" in fields:
            fields = {**fields, "to_unit": units[fields["to_unit"]].code}
        try:
            take_action(
                cases[key],
                {"action": action, "on": day.isoformat(), **fields},
                actor=users[username],
                today=day,
            )
        except Refused:
            # A step the calendar of this year does not allow (e.g. a decision before its
            # acceptance): the demo shows the case one step earlier.
            continue
    linked = cases["forwarded"].id
    received = db.session.scalar(select(Case).where(Case.forwarded_from_id == linked))
    if received is not None:
        day = now - timedelta(days=15)
        for username, action, fields in (
            ("chutich", "accept", {"complex": False}),
            ("chutich", "assign", {"user": "chuyenvien"}),
        ):
            try:
                take_action(
                    received,
                    {"action": action, "on": day.isoformat(), **fields},
                    actor=users[username],
                    today=day,
                )
            except Refused:
                break
    progress_intake_petitions()


# How the older demo petitions from intake move on, by their position in date order: most
# are accepted and verified, many are settled, a few are guided or filed, some stay untouched
# (so that overdue classification shows), as in a real unit's year.
PROGRESS = (
    "settle",
    "settle",
    "settle",
    "verify",
    "settle",
    "route",
    "verify",
    "settle",
    "wait",
    "settle",
)
OUTCOMES = ("correct", "partly_correct", "incorrect")


def take_step(case, action: str, day: date, actor, **fields) -> bool:
    """Take one step on its own day; False when this year's calendar refuses it (the demo
    then shows the case a step earlier)."""
    try:
        take_action(
            case, {"action": action, "on": day.isoformat(), **fields}, actor=actor, today=day
        )
    except Refused:
        return False
    return True


def progress_intake_petitions() -> None:
    """Walk the intake demo's older petitions of the two demo units through the workflow."""
    now = real_today()
    users = {u.username: u for u in db.session.scalars(select(User))}
    staff = {"HG": ("chutich", "chuyenvien"), "HG-BQ": ("chutich.bq", "chuyenvien.bq")}
    units = {code: unit.id for code, unit in _units().items()}
    candidates = db.session.scalars(
        select(Case)
        .where(
            Case.unit_id.in_(units.values()),
            Case.status == Status.RECEIVED,
            Case.received_on <= now - timedelta(days=12),
            Case.forwarded_from_id.is_(None),
        )
        .order_by(Case.received_on, Case.id)
    ).all()
    codes = {unit_id: code for code, unit_id in units.items()}
    for position, case in enumerate(candidates):
        head_name, handler_name = staff[codes[case.unit_id]]
        head, handler = users.get(head_name), users.get(handler_name)
        if head is None or handler is None:
            continue
        plan = PROGRESS[position % len(PROGRESS)]
        start = case.received_on
        if plan == "wait":
            continue
        if plan == "route":
            if case.kind == Kind.COMPLAINT:
                take_step(
                    case,
                    "guide",
                    start + timedelta(days=5),
                    head,
                    reason="Hướng dẫn gửi đơn đến cơ quan có thẩm quyền giải quyết.",
                )
            else:
                take_step(
                    case, "file", start + timedelta(days=5), handler, reason="already_resolved"
                )
            continue
        if not take_step(case, "accept", start + timedelta(days=6), head, complex=False):
            continue
        take_step(case, "assign", start + timedelta(days=8), head, user=handler.username)
        decided = start + timedelta(days=28 + position % 9)
        if plan == "settle" and decided <= now:
            take_step(
                case,
                "conclude",
                decided,
                head,
                outcome=OUTCOMES[position % 3],
                decision_number=f"{100 + position}/QĐ-UBND",
                decided_on=decided.isoformat(),
            )
