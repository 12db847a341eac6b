"""Demo reception data: a year (2026) of heads' sessions at HG and HG-BQ, with visits."""

from datetime import date, time, timedelta

from sqlalchemy import select

from petitions import clock
from petitions.accounts.models import User
from petitions.domain.reception import Recurrence
from petitions.extensions import db
from petitions.intake.validation import resolve_unit
from petitions.reception.models import SessionMode
from petitions.reception.sessions import (
    cancel_session,
    create_recurring_sessions,
    create_session,
    mark_held,
    postpone_session,
    set_delegation,
)
from petitions.reception.visits import log_visit

YEAR = 2026
PROVINCE_PLACE = "Trụ sở Tiếp công dân tỉnh Hà Giang, số 2 đường 20/8, phường Nguyễn Trãi"


def _local_place(unit) -> str:
    """Bắc Quang's reception office, named for the unit that holds the sessions: the district
    in the 2022 tree, the commune of Bắc Quang after the 2025 reorganisation."""
    return f"Trụ sở Tiếp công dân {unit.name[:1].lower()}{unit.name[1:]}"


# (content, classification, people, representatives, first visit)
HEAD_VISITS = (
    (
        "Khiếu nại Quyết định thu hồi đất để mở rộng Quốc lộ 2, đề nghị xem xét lại giá bồi thường.",
        "complaint",
        1,
        1,
        True,
    ),
    (
        "Đề nghị giải quyết dứt điểm việc cấp Giấy chứng nhận quyền sử dụng đất cho các hộ thôn "
        "Nà Thác, đã kiến nghị nhiều lần.",
        "recommendation",
        12,
        5,
        False,
    ),
    ("Phản ánh tình trạng khai thác cát trái phép gây sạt lở bờ sông Lô.", "feedback", 3, 3, True),
    ("Khiếu nại việc không được hưởng chế độ hỗ trợ hộ nghèo năm 2025.", "complaint", 1, 1, True),
    (
        "Kiến nghị sửa chữa cầu treo bị hư hỏng sau mưa lũ, học sinh đi lại nguy hiểm.",
        "recommendation",
        7,
        2,
        True,
    ),
)

DESK_VISITS = (
    (
        "Hỏi thủ tục khiếu nại quyết định xử phạt vi phạm hành chính về xây dựng.",
        "other",
        1,
        True,
        "answered",
        None,
    ),
    (
        "Tố cáo cán bộ địa chính xã nhận tiền để làm hồ sơ đất đai.",
        "denunciation",
        1,
        True,
        "accepted",
        None,
    ),
    (
        "Khiếu nại về tranh chấp ranh giới đất với hộ liền kề; việc thuộc thẩm quyền UBND xã.",
        "complaint",
        2,
        True,
        "guided",
        None,
    ),
    ("Phản ánh việc chậm chi trả tiền hỗ trợ trồng rừng.", "feedback", 1, False, "forwarded", None),
    (
        "Yêu cầu giải quyết lại vụ việc đã có quyết định giải quyết khiếu nại lần hai có hiệu lực.",
        "complaint",
        1,
        False,
        "refused",
        "already_resolved",
    ),
    (
        "Kiến nghị về ô nhiễm tiếng ồn của xưởng chế biến gỗ gần khu dân cư.",
        "recommendation",
        6,
        True,
        None,
        None,
    ),
)

CITIZENS = (
    ("Vàng Seo Páo", "Xã Lũng Cú, huyện Đồng Văn", "002085004512"),
    ("Nguyễn Thị Hằng", "Phường Minh Khai, thành phố Hà Giang", "002190007731"),
    ("Lò Văn Sinh", "Thị trấn Việt Quang, huyện Bắc Quang", "002078003318"),
    ("Hoàng Thị Nhung", "Xã Quang Minh, huyện Bắc Quang", "002193001276"),
    ("Ma Văn Hùng", "Thị trấn Vĩnh Tuy, huyện Bắc Quang", "002080009904"),
    ("Triệu Thị Mai", "Xã Yên Cường, huyện Bắc Mê", "002195002287"),
    ("Đặng Văn Lợi", "Thị trấn Yên Phú, huyện Bắc Mê", "002082006643"),
)


def _user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username))


def _citizens(start: int, count: int) -> list[dict]:
    rows = []
    for i in range(count):
        name, address, id_number = CITIZENS[(start + i) % len(CITIZENS)]
        rows.append(
            {"full_name": name, "address": address, "id_number": id_number, "representative": True}
        )
    return rows


def _schedule(unit, head, rule, place, today):
    return create_recurring_sessions(
        unit=unit,
        head=head,
        rule=rule,
        start=date(YEAR, 1, 1),
        end=date(YEAR, 12, 31),
        starts_at=time(7, 30),
        ends_at=time(11, 30),
        place=place,
        actor=head,
        today=today,
    )


def load() -> None:
    # By their 2022 codes; after the 2025 reorganisation, Tuyên Quang and the commune of Bắc Quang.
    province, district = resolve_unit("HG"), resolve_unit("HG-BQ")
    chair, district_chair = _user("chutich"), _user("chutich.bq")
    officer, district_officer = _user("tiepdan"), _user("tiepdan.bq")
    if None in (province, district, chair, district_chair, officer, district_officer):
        return
    today = clock.today()
    cutoff = min(today, date(YEAR, 12, 31))

    provincial = _schedule(
        province, chair, Recurrence("monthly", month_days=(15,)), PROVINCE_PLACE, today
    )
    local = _schedule(
        district,
        district_chair,
        Recurrence("monthly", month_days=(5, 20)),
        _local_place(district),
        today,
    )

    # March: the chair hands the session to a vice chair.
    set_delegation(
        provincial[2],
        delegated=True,
        delegate_name="Phó Chủ tịch UBND tỉnh Hà Văn Thạch",
        actor=chair,
    )
    # May: postponed for a session of the provincial People's Council.
    provincial[4] = postpone_session(
        provincial[4],
        new_day=provincial[4].day + timedelta(days=7),
        reason="Trùng kỳ họp chuyên đề của Hội đồng nhân dân tỉnh",
        actor=officer,
        today=min(today, provincial[4].day),
    )
    # June 5th in Bắc Quang: cancelled for the flood response.
    cancel_session(
        local[10],
        reason="Chủ tịch UBND trực tiếp chỉ đạo ứng phó mưa lũ",
        actor=district_officer,
        today=today,
    )
    # October 20th in Bắc Quang: held online (LTCD art. 3a, from 1/7/2026), and recorded.
    online = next(s for s in local if s.day.month == 10 and s.day.day >= 20)
    online.mode = SessionMode.ONLINE
    online.online_url = "https://tiepcongdan.example.gov.vn/xa-bac-quang"
    online.recorded = True
    dialogue = create_session(
        unit=district,
        head=district_chair,
        day=date(YEAR, 4, 9),
        starts_at=time(14, 0),
        ends_at=time(16, 30),
        place="Nhà văn hóa thôn Khuổi Vài, xã Quang Minh",
        kind="dialogue",
        subject="Đối thoại với các hộ dân về bồi thường giải phóng mặt bằng đường tránh Việt Quang",
        actor=district_officer,
        today=today,
    )

    # Visits are written in the order they happened, as the log numbers them.
    visits: list[dict] = []
    visit_index = 0
    for number, session in enumerate([*provincial, *local, dialogue]):
        if session.status.value != "planned" or session.day > cutoff:
            continue
        recorder = officer if session.unit_id == province.id else district_officer
        mark_held(session, actor=recorder, today=today)
        if number % 3 == 2:
            continue  # nobody came that day
        content, kind, people, reps, first = HEAD_VISITS[visit_index % len(HEAD_VISITS)]
        visits.append(
            {
                "unit": session.unit,
                "session": session,
                "visited_on": session.day,
                "people": people,
                "citizens": _citizens(visit_index, reps),
                "content": content,
                "classification": kind,
                "first_visit": first,
                "handled_by": "" if first else "UBND huyện Bắc Quang",
                "follow_up": "Giao Thanh tra tỉnh kiểm tra, báo cáo trong 30 ngày."
                if people > 5
                else "",
                "actor": recorder,
            }
        )
        visit_index += 1

    desk_day = date(YEAR, 1, 6)
    for index, (content, kind, people, first, route, ground) in enumerate(DESK_VISITS * 2):
        if desk_day > cutoff:
            break
        for unit, recorder in ((province, officer), (district, district_officer)):
            visits.append(
                {
                    "unit": unit,
                    "visited_on": desk_day,
                    "people": people,
                    "citizens": _citizens(index + 3, min(people, 2)),
                    "content": content,
                    "classification": kind,
                    "first_visit": first,
                    "route": route,
                    "forwarded_to": "Sở Nông nghiệp và Phát triển nông thôn"
                    if route == "forwarded"
                    else "",
                    "refusal_ground": ground,
                    "refusal_notice": "03/TB-TCD" if ground else "",
                    "actor": recorder,
                }
            )
        desk_day += timedelta(days=23)
        while desk_day.weekday() >= 5:
            desk_day += timedelta(days=1)

    for visit in sorted(visits, key=lambda v: v["visited_on"]):
        log_visit(**visit, today=today)
