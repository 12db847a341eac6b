"""Fill a database with two years of realistic petitions (up to 1,000,000 cases) for benchmarks.

The schema comes from the real migrations; units and demo users from petitions.demo; every due
date from the real deadline engine (cached by rule, start and params). Rows go in with bulk Core
inserts, 10,000 cases at a time.

    python bench/generate.py --cases 100000
    python bench/generate.py --cases 10000 --database-url postgresql+psycopg://postgres@127.0.0.1/b
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import random
import sys
import time
from collections import defaultdict, deque
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _support import OUT, app_config, label, metadata_path, sqlite_path  # noqa: E402

CHUNK = 10_000  # cases per bulk insert
COMMIT_EVERY = 5  # chunks per transaction
YEARS = 2

KINDS = (("complaint", 40), ("denunciation", 15), ("recommendation", 20), ("feedback", 25))
CHANNELS = (("online", 30), ("reception", 30), ("mail", 40))
# How a petition leaves the "received" state, by kind: (action, resulting status, weight).
ROUTES = {
    "complaint": (("accept", 68), ("guide", 14), ("file", 14), ("reject", 4)),
    "denunciation": (("accept", 58), ("forward", 22), ("file", 15), ("reject", 5)),
    "recommendation": (("accept", 65), ("forward", 20), ("file", 15)),
    "feedback": (("accept", 65), ("forward", 20), ("file", 15)),
}
ROUTE_STATUS = {
    "accept": "accepted",
    "forward": "forwarded",
    "guide": "guided",
    "file": "filed",
    "reject": "rejected",
}
FILE_REASONS = ("no_identity", "missing_content", "already_resolved", "already_guided")

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đỗ",
    "Bùi",
    "Vàng",
    "Giàng",
    "Sùng",
    "Lò",
    "Nông",
    "Lục",
    "Ma",
    "Hà",
    "Thào",
    "Lý",
]
MIDDLES = ["Văn", "Thị", "Mí", "Seo", "Đức", "Minh", "Thu", "Ngọc", "Quốc", "Hữu", "Thanh", "Xuân"]
GIVEN = [
    "Anh",
    "Bình",
    "Chiến",
    "Dũng",
    "Giang",
    "Hạnh",
    "Hùng",
    "Khánh",
    "Lan",
    "Linh",
    "Mai",
    "Nam",
    "Phúc",
    "Quang",
    "Sơn",
    "Tâm",
    "Thảo",
    "Tùng",
    "Vinh",
    "Xuân",
    "Páo",
    "Chứ",
    "Dình",
    "Mỷ",
    "Sính",
    "Lử",
    "Pó",
]
SUBJECTS = {
    "complaint": (
        "Khiếu nại quyết định thu hồi đất tại {place}",
        "Khiếu nại về mức bồi thường, hỗ trợ tái định cư ở {place}",
        "Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất tại {place}",
        "Khiếu nại quyết định xử phạt vi phạm hành chính của {place}",
        "Khiếu nại việc không giải quyết chế độ chính sách người có công ở {place}",
    ),
    "denunciation": (
        "Tố cáo cán bộ địa chính {place} nhận tiền khi làm thủ tục",
        "Tố cáo sai phạm trong quản lý vốn hỗ trợ nhà ở tại {place}",
        "Tố cáo việc lập danh sách hộ nghèo không đúng ở {place}",
        "Tố cáo hành vi lấn chiếm đất công tại {place}",
    ),
    "recommendation": (
        "Kiến nghị sửa chữa đường giao thông liên thôn tại {place}",
        "Kiến nghị xem xét hỗ trợ giống cây trồng cho bà con {place}",
        "Kiến nghị cấp nước sinh hoạt cho các hộ dân ở {place}",
        "Kiến nghị bố trí giáo viên cho điểm trường {place}",
    ),
    "feedback": (
        "Phản ánh ô nhiễm môi trường do cơ sở chế biến gỗ tại {place}",
        "Phản ánh tình trạng khai thác cát trái phép trên sông Lô ở {place}",
        "Phản ánh chậm chi trả tiền hỗ trợ sau thiên tai tại {place}",
        "Phản ánh thái độ phục vụ của bộ phận một cửa {place}",
    ),
}
CONTENT = (
    "Gia đình tôi đã nhiều lần đề nghị nhưng chưa được xem xét, giải quyết. ",
    "Đề nghị cơ quan có thẩm quyền kiểm tra, xác minh và trả lời bằng văn bản. ",
    "Kèm theo đơn là bản sao các giấy tờ liên quan và ảnh chụp hiện trường. ",
    "Sự việc kéo dài từ năm trước, ảnh hưởng đến đời sống của nhiều hộ dân trong thôn. ",
)


def weighted(rng: random.Random, options):
    names = [name for name, _w in options]
    weights = [w for _n, w in options]
    return lambda: rng.choices(names, weights)[0]


def tracking_body(case_id: int) -> str:
    """Eight characters of the intake alphabet, unique per id and random-looking."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
    value = (case_id * 387_420_489 + 12_345) % 30**8
    chars = []
    for _ in range(8):
        value, digit = divmod(value, 30)
        chars.append(alphabet[digit])
    body = "".join(chars)
    return f"{body[:4]}-{body[4:]}"


class Generator:
    """Builds rows in memory chunk by chunk; ids are assigned here so children can point at them."""

    def __init__(self, *, cases: int, seed: int, today: date, db, tables, units, users):
        self.total = cases
        self.rng = random.Random(seed)
        self.today = today
        self.db = db
        self.t = tables
        self.units = units  # list of dicts: id, code, level, remote, parent_id, feedback days
        self.units_by_id = {u["id"]: u for u in units}
        self.staff = users  # unit_id -> {role: [user ids]}
        self.kind = weighted(self.rng, KINDS)
        self.channel = weighted(self.rng, CHANNELS)
        self.routes = {k: weighted(self.rng, v) for k, v in ROUTES.items()}
        self.first_day = today - timedelta(days=365 * YEARS)
        # Case load follows population: communes and districts receive most petitions.
        weights = {"province": 6, "department": 2, "district": 5, "commune": 2, "office": 1}
        self.unit_pick = [u["id"] for u in units]
        self.unit_weights = [weights.get(u["level"], 1) for u in units]
        self.due_cache: dict[tuple, tuple[date, str]] = {}
        self.settings = None
        self.pending_forwards: deque = deque()
        self.recent: deque = deque(maxlen=5000)
        self.repeat_number: dict[int, int] = {}
        self.ids = defaultdict(int)
        self.visit_sequence: dict[tuple[int, int], int] = defaultdict(int)
        self.session_days: dict[tuple[int, date], int] = {}
        self.counts: dict[str, int] = defaultdict(int)
        self.sealed_pool: list[bytes] = []
        self.digest_key = b""
        self.places = [u["name"] for u in units]
        self.folded: dict[str, str] = {}

    # -- helpers -----------------------------------------------------------------------------

    def next_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def due(self, rule: str, start: date, params: dict) -> tuple[date, str]:
        key = (rule, start, tuple(sorted(params.items())))
        hit = self.due_cache.get(key)
        if hit is None:
            from petitions.cases.timing import compute

            deadline = compute(rule, start, params, self.settings)
            hit = self.due_cache[key] = (deadline.due_on, deadline.basis_vi[:300])
        return hit

    def person(self) -> dict:
        rng = self.rng
        return {
            "full_name": f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}",
            "id_number": f"002{rng.randrange(10**9):09d}",  # Hà Giang's code
            "address": f"Thôn {rng.randrange(1, 15)}, {rng.choice(self.places)}, Hà Giang",
            "phone": f"09{rng.randrange(10**7, 10**8)}",
        }

    def fold(self, value: str) -> str:
        """petitions.text.fold, remembered: titles, contents and names repeat a lot."""
        folded = self.folded.get(value)
        if folded is None:
            from petitions.text import fold

            folded = self.folded[value] = fold(value)
        return folded

    def digest(self, id_number: str) -> str:
        return hmac.new(self.digest_key, id_number.encode(), hashlib.sha256).hexdigest()

    def moment(self, day: date, hour: int = 9) -> datetime:
        return datetime.combine(day, clock_time(hour, self.rng.randrange(60)), tzinfo=UTC)

    def staff_of(self, unit_id: int, role: str) -> int | None:
        ids = self.staff.get(unit_id, {}).get(role)
        return self.rng.choice(ids) if ids else None

    # -- one case ------------------------------------------------------------------------------

    def build_case(self, received_on: date, rows: dict) -> None:
        rng, today = self.rng, self.today
        case_id = self.next_id("cases")
        forwarded_from = None
        if self.pending_forwards and self.pending_forwards[0][1] <= received_on:
            forwarded_from = self.pending_forwards.popleft()
        if forwarded_from is not None:
            origin_id, _day, unit_id, kind = forwarded_from
            channel = "transferred"
        else:
            origin_id = None
            kind = self.kind()
            channel = self.channel()
            unit_id = rng.choices(self.unit_pick, self.unit_weights)[0]
        unit = self.units_by_id[unit_id]
        params_remote = {"remote": True} if unit["remote"] else {}

        repeat_of = None
        complaint_round = 1
        if origin_id is None and self.recent and rng.random() < 0.06:
            repeat_of, repeat_kind = rng.choice(self.recent)
            kind = repeat_kind
            if kind == "complaint" and rng.random() < 0.5:
                complaint_round = 2
        repeat_number = self.repeat_number.get(repeat_of, 1) + 1 if repeat_of else 1
        if repeat_number > 1:
            self.repeat_number[case_id] = repeat_number

        anonymous = kind == "denunciation" and channel != "transferred" and rng.random() < 0.08
        sealed = kind == "denunciation" or rng.random() < 0.02
        group = not anonymous and rng.random() < 0.03
        group_size = rng.randrange(5, 40) if group else 1
        backdated = channel == "mail" and rng.random() < 0.1
        entered_on = received_on + timedelta(days=rng.randrange(1, 6)) if backdated else received_on
        entered_on = min(entered_on, today)
        entered_by = None if channel == "online" else self.staff_of(unit_id, "reception_officer")

        place = rng.choice(self.places)
        title = rng.choice(SUBJECTS[kind]).format(place=place)
        content = "".join(rng.sample(CONTENT, rng.randrange(2, 5)))
        code = f"HG-{received_on:%y}-{tracking_body(case_id)}"

        # Petitioners: none when anonymous; representatives of a group; sealed for denouncers.
        names = []
        people = 0 if anonymous else (min(5, 1 + group_size // 8) if group else 1)
        for position in range(people):
            who = self.person()
            row = {
                "id": self.next_id("petitioners"),
                "case_id": case_id,
                "position": position,
                "representative": group,
                "full_name": None,
                "id_number": None,
                "address": None,
                "phone": None,
                "email": None,
                "name_folded": None,
                "sealed_identity": None,
                "id_number_digest": self.digest(who["id_number"]),
            }
            if sealed:
                row["sealed_identity"] = rng.choice(self.sealed_pool)
            else:
                row.update(who, name_folded=self.fold(who["full_name"]))
                names.append(row["name_folded"])
            rows["petitioners"].append(row)

        case = {
            "id": case_id,
            "tracking_code": code,
            "access_key_hash": "sha256$" + hashlib.sha256(code.encode()).hexdigest(),
            "kind": kind,
            "channel": channel,
            "status": "received",
            "status_before_suspension": None,
            "title": title,
            "content": content,
            # Folding each part and joining equals folding the joined text (fold is per word).
            "search_text": " ".join([code.lower(), self.fold(title), self.fold(content), *names]),
            "receiving_unit_id": unit_id,
            "unit_id": unit_id,
            "received_on": received_on,
            "entered_at": self.moment(entered_on),
            "entered_by_id": entered_by,
            "backdated": backdated,
            "anonymous": anonymous,
            "confidential": sealed and kind != "denunciation",
            "sealed": sealed,
            "group_size": group_size,
            "notify_email": None,
            "complaint_round": complaint_round,
            "repeat_of_id": repeat_of,
            "repeat_number": repeat_number,
            "complexity": None,
            "multi_site": False,
            "extensions": 0,
            "forwarded_from_id": origin_id,
            "accepted_on": None,
            "concluded_on": None,
            "closed_on": None,
            "outcome": None,
            "reason_code": None,
            "decision_number": None,
            "decided_on": None,
            "due_on": None,
            "due_rule": None,
        }
        deadlines: list[dict] = []
        events: list[dict] = []

        def open_deadline(rule: str, start: date, params: dict | None = None) -> dict:
            # As petitions.cases.timing.rule_params derives them from the case and its unit.
            if params is None:
                params = dict(params_remote)
                if case["complexity"]:
                    params["complexity"] = case["complexity"]
                if rule == "feedback.resolve" and unit["feedback_period_days"]:
                    params["period"] = unit["feedback_period_days"]
            due_on, basis = self.due(rule, start, params)
            row = {
                "id": self.next_id("case_deadlines"),
                "case_id": case_id,
                "rule": rule,
                "start_on": start,
                "due_on": due_on,
                "basis": basis,
                "met_on": None,
                "cancelled": False,
                "params": params,
                "suspended_on": None,
            }
            deadlines.append(row)
            return row

        def event(action: str, on: date, before: str | None, after: str | None, **extra) -> None:
            late = on < today and rng.random() < 0.05
            entered = on + timedelta(days=rng.randrange(1, 4)) if late else on
            events.append(
                {
                    "id": 0,
                    "case_id": case_id,
                    "entered_at": self.moment(min(entered, today), 8 + len(events)),
                    "effective_on": on,
                    "backdated": late,
                    "actor_id": extra.pop("actor", None),
                    "action": action,
                    "from_status": before,
                    "to_status": after,
                    "basis": extra.pop("basis", ""),
                    "public": extra.pop("public", False),
                    "note": extra.pop("note", ""),
                    "details": extra,
                }
            )

        def meet(rules, on: date) -> None:
            for row in deadlines:
                if row["met_on"] is None and (rules is None or row["rule"] in rules):
                    row["met_on"] = on

        # Intake.
        intake = ["petition.classify"]
        if kind == "complaint":
            intake.append("complaint.accept")
        elif kind == "denunciation":
            intake.append("denunciation.initial")
        if channel == "reception":
            intake.append("reception.notify")
        for rule in intake:
            open_deadline(rule, received_on)
        event(
            "received",
            received_on,
            None,
            "received",
            actor=entered_by,
            basis="Thông tư 05/2021/TT-TTCP",
            public=True,
            channel=channel,
            group_size=group_size,
        )
        if channel == "reception":
            rows["visit_cases"].append((case_id, unit_id, received_on, kind, group_size))

        # Routing, within about ten working days, sometimes late.
        route_day = received_on + timedelta(days=rng.choice((1, 2, 3, 5, 7, 9, 12, 16, 25)))
        handler = self.staff_of(unit_id, "handler")
        head = self.staff_of(unit_id, "unit_head")
        status = "received"
        if route_day <= today:
            action = "accept" if origin_id is not None else self.routes[kind]()
            status = ROUTE_STATUS[action]
            meet(None, route_day)
            details = {}
            if action in ("file", "reject"):
                case["reason_code"] = rng.choice(FILE_REASONS)
                details["reason"] = case["reason_code"]
            if action == "forward":
                target = rng.choices(self.unit_pick, self.unit_weights)[0]
                if target == unit_id:
                    target = self.unit_pick[0]
                details["to_unit"] = self.units_by_id[target]["code"]
                self.pending_forwards.append((case_id, route_day, target, kind))
                self.counts["forwarded pairs"] += 1
            event(action, route_day, "received", status, actor=head, public=True, **details)
            if action != "accept":
                case["closed_on"] = route_day
                if rng.random() < 0.6:
                    event("notice_issued", route_day, None, None, actor=handler)
            else:
                self.accept(case, kind, unit, route_day, open_deadline, meet, event, handler, head)
                status = case["status"]
        case["status"] = status
        if status == "received" and rng.random() < 0.5:
            event("note", min(today, received_on + timedelta(days=1)), None, None, actor=handler)
        if len(events) < 3:
            event("viewed", min(today, received_on + timedelta(days=2)), None, None, actor=handler)
        if status in ("accepted", "verifying", "concluded", "closed") and origin_id is None:
            self.recent.append((case_id, kind))

        # The case mirrors its earliest running duty deadline (cases/timing.refresh_current_due).
        running = [
            d
            for d in deadlines
            if d["met_on"] is None
            and not d["cancelled"]
            and d["suspended_on"] is None
            and d["rule"] != "complaint.second_window"
        ]
        if running:
            first = min(running, key=lambda d: d["due_on"])
            case["due_on"], case["due_rule"] = first["due_on"], first["rule"]
            if first["due_on"] < today:
                self.counts["open overdue"] += 1
        for row in events:
            row["id"] = self.next_id("case_events")
        self.counts[f"status {status}"] += 1
        rows["cases"].append(case)
        rows["case_deadlines"].extend(deadlines)
        rows["case_events"].extend(events)

    def accept(self, case, kind, unit, day, open_deadline, meet, event, handler, head) -> None:
        rng, today = self.rng, self.today
        case["accepted_on"] = day
        if kind in ("complaint", "denunciation") and rng.random() < 0.2:
            very = kind == "denunciation" and rng.random() < 0.25
            case["complexity"] = "very" if very else "complex"
        if kind == "complaint":
            second = case["complaint_round"] >= 2
            rule = "complaint.resolve.second" if second else "complaint.resolve.first"
        elif kind == "denunciation":
            rule = "denunciation.resolve"
        else:
            rule = "feedback.resolve"
        resolve = open_deadline(rule, day)
        if kind == "denunciation":
            notify = open_deadline("denunciation.notify", day)
            notify["met_on"] = min(today, day + timedelta(days=rng.randrange(1, 6)))
            if notify["met_on"] <= today:
                event("notify", notify["met_on"], "accepted", "accepted", actor=handler)
        status = "accepted"
        assign_day = day + timedelta(days=rng.randrange(1, 6))
        if assign_day <= today:
            status = "verifying"
            event("assign", assign_day, "accepted", "verifying", actor=head, user=handler)
            self.rows["assignments"].append(
                {
                    "id": self.next_id("assignments"),
                    "case_id": case["id"],
                    "user_id": handler,
                    "assigned_on": assign_day,
                    "active": True,
                }
            )
        if kind == "denunciation" and case["complexity"] and rng.random() < 0.5:
            extensions = 1 if case["complexity"] == "complex" else rng.randrange(1, 3)
            extend_day = resolve["due_on"] - timedelta(days=3)
            if extend_day <= today:
                case["extensions"] = extensions
                params = {**resolve["params"], "extensions": extensions}
                resolve["params"] = params
                resolve["due_on"], resolve["basis"] = self.due(rule, day, params)
                event("extend", extend_day, status, status, actor=head)
        # Most are settled before the due date; some late; a few stall for a long time.
        period = (resolve["due_on"] - day).days
        draw = rng.random()
        if draw < 0.01:
            finish = None  # long-standing (tồn đọng)
        elif draw < 0.80:
            finish = day + timedelta(days=rng.randrange(5, max(6, period)))
        else:
            finish = resolve["due_on"] + timedelta(days=rng.randrange(1, 60))
        if rng.random() < 0.02:
            withdraw = day + timedelta(days=rng.randrange(3, 20))
            if withdraw <= today:
                meet(None, withdraw)
                case["status"] = "withdrawn"
                case["closed_on"] = withdraw
                event("withdraw", withdraw, status, "withdrawn", actor=handler)
                return
        if finish is None or finish > today:
            if status == "verifying" and rng.random() < 0.03:
                suspended = min(today, assign_day + timedelta(days=rng.randrange(1, 15)))
                resolve["suspended_on"] = suspended
                case["status_before_suspension"] = "verifying"
                event("suspend", suspended, "verifying", "suspended", actor=head)
                status = "suspended"
            if kind == "complaint" and status == "verifying" and rng.random() < 0.3:
                event("dialogue", min(today, assign_day + timedelta(days=7)), status, status)
            case["status"] = status
            return
        resolve["met_on"] = finish
        meet(("denunciation.notify",), finish)
        case["concluded_on"] = case["decided_on"] = finish
        case["outcome"] = rng.choice(("correct", "partly_correct", "incorrect"))
        case["decision_number"] = f"{rng.randrange(1, 999)}/QĐ-UBND"
        event(
            "conclude",
            finish,
            status,
            "concluded",
            actor=head,
            public=True,
            outcome=case["outcome"],
        )
        status = "concluded"
        if kind == "complaint" and case["complaint_round"] < 2:
            open_deadline("complaint.second_window", finish)
        close_day = finish + timedelta(days=rng.randrange(3, 40))
        if close_day <= today:
            meet(None, close_day)
            case["closed_on"] = close_day
            event("close", close_day, "concluded", "closed", actor=head)
            status = "closed"
        case["status"] = status

    # -- reception -----------------------------------------------------------------------------

    def sessions(self) -> list[dict]:
        """Heads' periodic sessions at the legal minimum: monthly, twice a month, weekly."""
        rows = []
        every = {"province": 30, "department": 30, "district": 15, "commune": 7}
        day = self.first_day
        for unit in self.units:
            step = every.get(unit["level"])
            head = self.staff_of(unit["id"], "unit_head")
            if step is None or head is None:
                continue
            day = self.first_day + timedelta(days=self.rng.randrange(step))
            while day <= self.today + timedelta(days=30):
                if day.weekday() >= 5:
                    day += timedelta(days=7 - day.weekday())
                session_id = self.next_id("reception_sessions")
                held = day <= self.today
                rows.append(
                    {
                        "id": session_id,
                        "unit_id": unit["id"],
                        "head_id": head,
                        "delegated": self.rng.random() < 0.2,
                        "delegate_name": None,
                        "day": day,
                        "starts_at": clock_time(8, 0),
                        "ends_at": clock_time(11, 30),
                        "place": f"Trụ sở tiếp công dân, {unit['name']}",
                        "kind": "periodic",
                        "status": "held" if held else "planned",
                        "published": True,
                    }
                )
                self.session_days[(unit["id"], day)] = session_id
                day += timedelta(days=step)
        return rows

    def visit(self, unit_id: int, day: date, kind: str, people: int, case_id: int | None):
        rng = self.rng
        self.visit_sequence[(unit_id, day.year)] += 1
        visit_id = self.next_id("reception_visits")
        route = "accepted" if case_id else rng.choice(("guided", "answered", "answered", "refused"))
        self.rows["reception_visits"].append(
            {
                "id": visit_id,
                "unit_id": unit_id,
                "year": day.year,
                "sequence": self.visit_sequence[(unit_id, day.year)],
                "session_id": self.session_days.get((unit_id, day)),
                "visited_on": day,
                "people": people,
                "content": rng.choice(SUBJECTS[kind]).format(place=rng.choice(self.places)),
                "classification": kind,
                "route": route,
                "first_visit": rng.random() < 0.8,
                "refusal_ground": "disorderly" if route == "refused" else None,
                "case_id": case_id,
                "received_by_id": self.staff_of(unit_id, "reception_officer"),
                "entered_at": self.moment(day),
            }
        )
        who = self.person()
        self.rows["reception_visit_citizens"].append(
            {
                "id": self.next_id("reception_visit_citizens"),
                "visit_id": visit_id,
                "position": 0,
                "full_name": who["full_name"],
                "address": who["address"],
                "id_number": who["id_number"],
                "representative": people >= 5,
            }
        )

    # -- the run -------------------------------------------------------------------------------

    def empty_rows(self) -> dict[str, list]:
        return defaultdict(list)

    def flush(self, rows: dict[str, list], has_reception: bool) -> int:
        if has_reception:
            for case_id, unit_id, day, kind, people in rows.pop("visit_cases", []):
                self.visit(unit_id, day, kind, people, case_id)
                # As many walk-ins leave with guidance or an answer as hand a petition over.
                if self.rng.random() < 0.8:
                    self.visit(unit_id, day, self.rng.choice(list(SUBJECTS)), 1, None)
        rows.pop("visit_cases", None)
        written = 0
        order = (
            "cases",
            "petitioners",
            "case_deadlines",
            "case_events",
            "assignments",
            "reception_visits",
            "reception_visit_citizens",
            "reminders",
        )
        for name in order:
            batch = rows.get(name)
            if not batch or name not in self.t:
                continue
            for start in range(0, len(batch), CHUNK):
                self.db.session.execute(self.t[name].insert(), batch[start : start + CHUNK])
            written += len(batch)
            self.counts[name] += len(batch)
        return written

    def run(self) -> int:
        rng = self.rng
        has_reception = "reception_visits" in self.t
        written = 0
        if has_reception:
            sessions = self.sessions()
            self.db.session.execute(self.t["reception_sessions"].insert(), sessions)
            self.counts["reception_sessions"] += len(sessions)
            written += len(sessions)
        # Received dates spread over two years, a little busier in the recent year.
        span = (self.today - self.first_day).days
        days = sorted(
            self.first_day + timedelta(days=int(span * (rng.random() ** 0.85)))
            for _ in range(self.total)
        )
        started = time.perf_counter()
        cpu_started = time.process_time()
        done = 0
        for chunk_start in range(0, self.total, CHUNK):
            self.rows = rows = self.empty_rows()
            for received_on in days[chunk_start : chunk_start + CHUNK]:
                self.build_case(received_on, rows)
            self.remind(rows)
            written += self.flush(rows, has_reception)
            done += min(CHUNK, self.total - chunk_start)
            if (chunk_start // CHUNK + 1) % COMMIT_EVERY == 0:
                self.db.session.commit()
            elapsed = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
            print(
                f"  {done:>9,} cases, {written:>11,} rows, {written / elapsed:>9,.0f} rows/s"
                f" ({written / cpu:,.0f} per CPU second)",
                flush=True,
            )
        self.db.session.commit()
        return written

    def remind(self, rows: dict[str, list]) -> None:
        """The inspectorate reminds units of some overdue cases (oversight's reminders)."""
        if "reminders" not in self.t:
            return
        inspector = self.staff_of(self.inspectorate, "inspector")
        if inspector is None:
            return
        for case in rows["cases"]:
            overdue = case["due_on"] is not None and case["due_on"] < self.today
            if overdue and self.rng.random() < 0.3:
                sent = min(self.today, case["due_on"] + timedelta(days=7))
                rows["reminders"].append(
                    {
                        "id": self.next_id("reminders"),
                        "unit_id": case["unit_id"],
                        "case_id": case["id"],
                        "sent_by_id": inspector,
                        "sent_at": self.moment(sent),
                        "sent_on": sent,
                        "message": "Đề nghị khẩn trương giải quyết, báo cáo kết quả.",
                        "respond_by": sent + timedelta(days=10),
                    }
                )


def load_people(db) -> tuple[list[dict], dict]:
    """Demo units and users, plus a head, a reception officer and a handler in every unit."""
    from sqlalchemy import select

    from petitions import demo
    from petitions.accounts.models import User, UserRole
    from petitions.accounts.services import hash_password
    from petitions.units.models import Unit

    demo.load_units()
    demo.load_users()
    db.session.flush()
    units = db.session.scalars(select(Unit).order_by(Unit.id)).all()
    password_hash = hash_password(demo.DEMO_PASSWORD)
    taken = {(u.unit_id, r.value) for u in db.session.scalars(select(User)) for r in u.roles}
    extra = []
    for unit in units:
        for role in ("unit_head", "reception_officer", "handler"):
            if (unit.id, role) in taken:
                continue
            username = f"{role.split('_')[0]}.{unit.code.lower()}"
            extra.append(
                {
                    "username": username,
                    "full_name": f"Cán bộ {unit.name}",
                    "email": f"{username}@hagiang.example",
                    "unit_id": unit.id,
                    "password_hash": password_hash,
                    "role": role,
                }
            )
    roles = [row.pop("role") for row in extra]
    db.session.execute(User.__table__.insert(), extra)
    ids = dict(db.session.execute(select(User.username, User.id)).tuples().all())
    db.session.execute(
        UserRole.__table__.insert(),
        [
            {"user_id": ids[row["username"]], "role": role}
            for row, role in zip(extra, roles, strict=True)
        ],
    )
    db.session.flush()
    staff: dict = defaultdict(lambda: defaultdict(list))
    for user in db.session.scalars(select(User)):
        for role in user.roles:
            staff[user.unit_id][role.value].append(user.id)
    unit_rows = [
        {
            "id": u.id,
            "code": u.code,
            "name": u.name,
            "level": u.level.value,
            "remote": u.remote,
            "parent_id": u.parent_id,
            "feedback_period_days": u.feedback_period_days,
        }
        for u in units
    ]
    return unit_rows, staff


BULK_TABLES = (
    "cases",
    "petitioners",
    "case_deadlines",
    "case_events",
    "assignments",
    "reception_sessions",
    "reception_visits",
    "reception_visit_citizens",
    "reminders",
)


def drop_indexes(db) -> list[str]:
    """Drop the secondary indexes of the bulk tables (SQLite); returns the SQL to rebuild them.

    Building an index once over sorted keys is several times faster than keeping a dozen of
    them up to date row by row; the rebuilt indexes are the migrations' own definitions.
    """
    from sqlalchemy import text

    names = ", ".join(f"'{name}'" for name in BULK_TABLES)
    rows = db.session.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({names})"
        )
    ).all()
    for name, _sql in rows:
        db.session.execute(text(f'DROP INDEX "{name}"'))
    db.session.commit()
    return [sql for _name, sql in rows]


def reset_sequences(db, tables: dict, ids: dict) -> None:
    """Explicit ids leave PostgreSQL's sequences behind; move them past the rows we wrote."""
    from sqlalchemy import text

    for name in ids:
        if name in tables:
            db.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {name}))"
                )
            )


def generate(*, cases: int, url: str, seed: int, today: date, analyze: bool) -> dict:
    from flask_migrate import upgrade
    from sqlalchemy import event, inspect, text

    from petitions import create_app
    from petitions.audit.chain import DEFERRED, chain_pending
    from petitions.deadlines.settings import deadline_settings
    from petitions.extensions import db
    from petitions.sealing import seal_identity
    from petitions.summaries.maintenance import DEFERRED as SUMMARIES_DEFERRED
    from petitions.summaries.maintenance import rebuild as rebuild_summaries

    app = create_app(app_config(url))
    with app.app_context():
        upgrade()
        existing = set(inspect(db.engine).get_table_names())
        tables = {t.name: t for t in db.metadata.sorted_tables if t.name in existing}
        sqlite = db.engine.dialect.name == "sqlite"
        if sqlite:
            # A throw-away load: durability is not worth the fsyncs. Pragmas outside a
            # transaction, so on every new connection (after petitions.database's own).
            def fast_load(dbapi_connection, _record):
                cursor = dbapi_connection.cursor()
                cursor.execute("PRAGMA synchronous=OFF")
                cursor.execute("PRAGMA cache_size=-400000")
                cursor.execute("PRAGMA temp_store=MEMORY")
                cursor.close()

            event.listen(db.engine, "connect", fast_load)
            db.session.remove()
            db.engine.dispose()
        from petitions.units.models import Unit

        if db.session.scalar(text("SELECT count(*) FROM cases")):
            raise SystemExit(f"{url} already holds cases; generate into an empty database")
        if db.session.query(Unit.id).first() is not None:
            raise SystemExit(f"{url} already holds units; generate into an empty database")
        started, cpu_started = time.perf_counter(), time.process_time()
        units, staff = load_people(db)
        generator = Generator(
            cases=cases, seed=seed, today=today, db=db, tables=tables, units=units, users=staff
        )
        generator.settings = deadline_settings()
        generator.digest_key = app.config["SEAL_DIGEST_KEY"].encode()
        generator.sealed_pool = [seal_identity(generator.person()) for _ in range(64)]
        generator.inspectorate = next(u["id"] for u in units if u["code"] == "HG-TTT")
        db.session.commit()
        db.session.info[DEFERRED] = True
        db.session.info[SUMMARIES_DEFERRED] = True
        dropped = drop_indexes(db) if sqlite else []
        written = generator.run()
        if dropped:
            rebuilt = time.perf_counter()
            for sql in dropped:
                db.session.execute(text(sql))
            db.session.commit()
            print(f"{len(dropped)} indexes rebuilt in {time.perf_counter() - rebuilt:.1f} s")
        if not sqlite:
            reset_sequences(db, tables, generator.ids)
            db.session.commit()
        # The audit trail and the histories are chained once, over the whole load, as the
        # migration does for rows recorded before the chain (petitions.audit.chain).
        chained_at = time.perf_counter()
        db.session.info.pop(DEFERRED, None)
        chained = chain_pending(db.session)
        db.session.commit()
        print(
            f"{chained:,} history and audit rows chained in {time.perf_counter() - chained_at:.1f} s"
        )
        # The summaries, like the chain, once over the whole load (petitions summaries rebuild).
        summarised_at = time.perf_counter()
        db.session.info.pop(SUMMARIES_DEFERRED, None)
        summarised = rebuild_summaries(db.session)
        db.session.commit()
        print(f"summaries of {summarised:,} cases in {time.perf_counter() - summarised_at:.1f} s")
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        # PostgreSQL: a deployment has autovacuum's statistics and visibility map (which lets
        # a covering index answer alone), both of which a bulk load outruns.
        if analyze or db.engine.dialect.name == "postgresql":
            analysed = time.perf_counter()
            postgres = db.engine.dialect.name == "postgresql"
            isolation = {"isolation_level": "AUTOCOMMIT"} if postgres else {}
            with db.engine.connect().execution_options(**isolation) as connection:
                connection.exec_driver_sql("VACUUM ANALYZE" if postgres else "ANALYZE")
                connection.commit()
            print(f"ANALYZE in {time.perf_counter() - analysed:.1f} s")
        db.session.remove()
        db.engine.dispose()
    print(f"{written:,} rows in {seconds:.1f} s: {written / seconds:,.0f} rows/second")
    # On a shared machine the wall clock counts other people's work; our own CPU time does not.
    print(
        f"  ({cpu_seconds:.1f} s of this process's CPU: {written / cpu_seconds:,.0f} rows/second)"
    )
    for name, count in sorted(generator.counts.items()):
        print(f"  {name:<28} {count:>10,}")
    return {"cases": cases, "seed": seed, "today": today.isoformat(), "counts": generator.counts}


def main() -> None:
    from petitions.clock import today as local_today

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, required=True, help="how many cases (<= 1,000,000)")
    parser.add_argument("--database-url", help="default: a fresh bench/out/bench-N.sqlite3")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--today", type=date.fromisoformat, help="the last day of the two years")
    parser.add_argument(
        "--analyze",
        action="store_true",
        help="run ANALYZE afterwards on SQLite too (SQLite keeps no statistics unless asked;"
        " the app never asks, so the default leaves them out; PostgreSQL is always analysed)",
    )
    args = parser.parse_args()
    if not 1 <= args.cases <= 1_000_000:
        parser.error("--cases must be between 1 and 1,000,000")
    today = args.today or local_today()
    OUT.mkdir(parents=True, exist_ok=True)
    url = args.database_url
    if url is None:
        path = sqlite_path(args.cases)
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        url = "sqlite:///" + str(path)
    print(f"generating {label(args.cases)} cases into {url}")
    facts = generate(cases=args.cases, url=url, seed=args.seed, today=today, analyze=args.analyze)
    if args.database_url is None:
        metadata_path(args.cases).write_text(json.dumps(facts, indent=2))


if __name__ == "__main__":
    main()
