"""Demo data: the first half of 2025 on the 2022 tree, then the reorganisation of 1/7/2025.

Before the day: petitions in the districts and at the province, some settled and some still
open on 30/6/2025, and Bắc Quang district's 2025 report, sent before the district ended. Then
the acts of June 2025 take effect: Hà Giang merges into Tuyên Quang (its departments follow),
every district ends, its communes form the new communes of the two-tier tree, and the open
cases, the staff and the coming sessions go to the commune that carries on the district's
work. The feature demos that run after this one record 2026 on the new tree.
"""

from datetime import date, timedelta

from sqlalchemy import select

from petitions import clock
from petitions.accounts.models import User
from petitions.cases.demo import take_step
from petitions.cases.models import Case
from petitions.extensions import db
from petitions.intake.services import record_petition
from petitions.reports.lines import HOME_AFFAIRS_LINE
from petitions.reports.workflow import (
    accept_report,
    approve_report,
    save_report,
    start_report,
    submit_report,
)
from petitions.units import reorganise
from petitions.units.reorganise import Act
from petitions.units.services import create_unit, get_by_code

REORGANISED_ON = date(2025, 7, 1)

# The acts. Nghị quyết 1684/NQ-UBTVQH15 of 16/6/2025 arranges the communes, the new ones working
# from 1/7/2025 (art. 2); its preamble cites the Law on the Organisation of Local Government No.
# 72/2025/QH15, which ends the district level on 1/7/2025, and Nghị quyết 202/2025/QH15 of
# 12/6/2025, which makes Hà Giang and Tuyên Quang one province, Tuyên Quang, from 1/7/2025.
PROVINCE_ACT = Act(
    text="Nghị quyết",
    number="202/2025/QH15",
    day=date(2025, 6, 12),
    issuer="Quốc hội",
)
LOCAL_GOVERNMENT_ACT = Act(
    text="Luật Tổ chức chính quyền địa phương",
    number="72/2025/QH15",
    day=date(2025, 6, 16),
    issuer="Quốc hội",
)
COMMUNES_ACT = Act(
    text="Nghị quyết",
    number="1684/NQ-UBTVQH15",
    day=date(2025, 6, 16),
    issuer="Ủy ban Thường vụ Quốc hội",
)

PROVINCE = ("TQ", "Ủy ban nhân dân tỉnh Tuyên Quang")

# The new communes of Nghị quyết 1684/NQ-UBTVQH15, art. 1, that took in the communes of the
# demo tree: (code, name, clause, the old communes). The act writes "Phố Bảng" for the town
# and the new commune alike; "Thị trấn Việt Lâm" of the 2022 tree is the Việt Lâm state farm's
# town (clause 76).
COMMUNES = (
    ("TQ-HG1", "Phường Hà Giang 1", 110, ("HG-TP-NT",)),
    ("TQ-HG2", "Phường Hà Giang 2", 111, ("HG-TP-MK", "HG-TP-TPH")),
    ("TQ-BME", "Xã Bắc Mê", 68, ("HG-BME-YP",)),
    ("TQ-MNG", "Xã Minh Ngọc", 69, ("HG-BME-MN",)),
    ("TQ-YC", "Xã Yên Cường", 66, ("HG-BME-YC",)),
    ("TQ-BQ", "Xã Bắc Quang", 82, ("HG-BQ-VQ", "HG-BQ-QM")),
    ("TQ-VT", "Xã Vĩnh Tuy", 84, ("HG-BQ-VT",)),
    ("TQ-DV", "Xã Đồng Văn", 45, ("HG-DV-DV",)),
    ("TQ-LC", "Xã Lũng Cú", 44, ("HG-DV-LC",)),
    ("TQ-PB", "Xã Phố Bảng", 47, ("HG-DV-PB",)),
    ("TQ-HSP", "Xã Hoàng Su Phì", 96, ("HG-HSP-VQ",)),
    ("TQ-TNG", "Xã Thông Nguyên", 92, ("HG-HSP-TN",)),
    ("TQ-NDI", "Xã Nậm Dịch", 94, ("HG-HSP-NT",)),
    ("TQ-MV", "Xã Mèo Vạc", 51, ("HG-MV-MV", "HG-MV-PV")),
    ("TQ-SV", "Xã Sơn Vĩ", 50, ("HG-MV-SV",)),
    ("TQ-QB", "Xã Quản Bạ", 64, ("HG-QB-TS", "HG-QB-QT")),
    ("TQ-CT", "Xã Cán Tỷ", 62, ("HG-QB-CT",)),
    ("TQ-QBI", "Xã Quang Bình", 90, ("HG-QBI-YB",)),
    ("TQ-XG", "Xã Xuân Giang", 87, ("HG-QBI-XG",)),
    ("TQ-TTR", "Xã Tân Trịnh", 91, ("HG-QBI-TT",)),
    ("TQ-VX", "Xã Vị Xuyên", 76, ("HG-VX-VX", "HG-VX-VL")),
    ("TQ-TTH", "Xã Thanh Thủy", 72, ("HG-VX-TTH",)),
    ("TQ-PVS", "Xã Pà Vầy Sủ", 101, ("HG-XM-CP",)),
    ("TQ-KL", "Xã Khuôn Lùng", 104, ("HG-XM-NC",)),
    ("TQ-YM", "Xã Yên Minh", 57, ("HG-YM-YM", "HG-YM-LVC")),
    ("TQ-MD", "Xã Mậu Duệ", 58, ("HG-YM-MD",)),
)
# Communes the act left as they were (clause 112): they only leave their district.
UNCHANGED = ("HG-XM-QN",)
# Each district ends into the new commune that took in its seat (huyện lỵ), which carries on
# its open cases, its staff and its coming sessions. Hà Giang city had no seat commune: it
# ends into Phường Hà Giang 2, which took two of its three wards here (where the city's
# People's Committee sat is not verified).
DISTRICT_SUCCESSORS = {
    "HG-TP": "TQ-HG2",
    "HG-BME": "TQ-BME",
    "HG-BQ": "TQ-BQ",
    "HG-DV": "TQ-DV",
    "HG-HSP": "TQ-HSP",
    "HG-MV": "TQ-MV",
    "HG-QB": "TQ-QB",
    "HG-QBI": "TQ-QBI",
    "HG-VX": "TQ-VX",
    "HG-XM": "TQ-PVS",
    "HG-YM": "TQ-YM",
}

# (full name, CCCD, address, phone)
PEOPLE = {
    "tuan": (
        "Hoàng Văn Tuấn",
        "002078011234",
        "Thôn Khuổi Vài, xã Quang Minh, huyện Bắc Quang",
        "0913220145",
    ),
    "hien": (
        "Nguyễn Thị Hiền",
        "002186012345",
        "Tổ 2, thị trấn Việt Quang, huyện Bắc Quang",
        "0386554120",
    ),
    "lam": (
        "Bàn Văn Lâm",
        "002082013456",
        "Thôn Nậm Má, thị trấn Vĩnh Tuy, Bắc Quang",
        "0975331208",
    ),
    "chinh": (
        "Mã Văn Chính",
        "002075014567",
        "Thôn Lùng Thàng, xã Lũng Cú, Đồng Văn",
        "0348127690",
    ),
    "thuy": ("Ngô Thị Thủy", "002189015678", "Tổ 9, thị trấn Vị Xuyên, Vị Xuyên", "0829114563"),
    "khoa": ("Trịnh Đăng Khoa", "002080016789", "Tổ 4, phường Trần Phú, TP Hà Giang", "0916447820"),
}

# (key, day, unit, channel, kind, person, title, content, confidential)
CASES = (
    (
        "land",
        date(2025, 1, 14),
        "HG-BQ",
        "reception",
        "complaint",
        "tuan",
        "Khiếu nại mức bồi thường thu hồi đất làm đường tránh Việt Quang",
        "Gia đình tôi bị thu hồi 800 m² đất vườn, đơn giá bồi thường thấp hơn thửa liền kề.",
        False,
    ),
    (
        "lights",
        date(2025, 2, 18),
        "HG-BQ",
        "online",
        "feedback",
        "hien",
        "Phản ánh đèn tín hiệu ngã ba Việt Quang không hoạt động",
        "Đèn tín hiệu tắt gần một tháng, giờ tan học xe cộ đi lại rất nguy hiểm.",
        False,
    ),
    (
        "fees",
        date(2025, 4, 8),
        "HG-BQ",
        "mail",
        "denunciation",
        "lam",
        "Tố cáo cán bộ địa chính thu tiền làm hồ sơ đất đai",
        "Cán bộ địa chính thị trấn Vĩnh Tuy yêu cầu mỗi hồ sơ nộp thêm 1,5 triệu đồng.",
        True,
    ),
    (
        "near_poor",
        date(2025, 6, 9),
        "HG-BQ",
        "reception",
        "complaint",
        "hien",
        "Khiếu nại việc không được công nhận hộ cận nghèo năm 2025",
        "Thu nhập của gia đình tôi dưới chuẩn cận nghèo nhưng thôn không đưa vào danh sách.",
        False,
    ),
    (
        "market",
        date(2025, 6, 24),
        "HG-BQ",
        "online",
        "recommendation",
        "tuan",
        "Kiến nghị di dời chợ tạm khỏi hành lang Quốc lộ 2",
        "Chợ tạm họp trên hành lang Quốc lộ 2 gây ùn tắc, đề nghị bố trí địa điểm khác.",
        False,
    ),
    (
        "forest",
        date(2025, 3, 4),
        "HG-DV",
        "online",
        "complaint",
        "chinh",
        "Khiếu nại việc giao đất rừng không đúng đối tượng",
        "Diện tích rừng gia đình tôi trồng từ năm 2010 bị giao cho hộ khác khi cấp giấy.",
        False,
    ),
    (
        "water",
        date(2025, 5, 20),
        "HG-VX",
        "online",
        "feedback",
        "thuy",
        "Phản ánh nước sinh hoạt bị đục kéo dài",
        "Nước máy ở tổ 9 đục và có mùi từ đầu tháng 5, nhiều hộ phải mua nước đóng bình.",
        False,
    ),
    (
        "severance",
        date(2025, 3, 18),
        "HG",
        "reception",
        "complaint",
        "khoa",
        "Khiếu nại việc chậm chi trả chế độ thôi việc",
        "Tôi nghỉ việc theo Nghị định 178/2024/NĐ-CP từ tháng 1 nhưng chưa được chi trả.",
        False,
    ),
    (
        "plan",
        date(2025, 6, 3),
        "HG",
        "reception",
        "recommendation",
        "thuy",
        "Kiến nghị công khai quy hoạch khu đô thị phía nam",
        "Đề nghị công khai quy hoạch chi tiết và phương án tái định cư cho các hộ bị ảnh hưởng.",
        False,
    ),
)

# (case key, day, user, action, fields): those after 30/6 are taken by the successor's staff.
STEPS = (
    ("land", date(2025, 1, 21), "chutich.bq", "accept", {"complex": False}),
    ("land", date(2025, 1, 22), "chutich.bq", "assign", {"user": "chuyenvien.bq"}),
    (
        "land",
        date(2025, 2, 12),
        "chuyenvien.bq",
        "verify",
        {"step": "meeting", "note": "Đo đạc lại thửa đất cùng Văn phòng đăng ký đất đai."},
    ),
    (
        "land",
        date(2025, 2, 26),
        "chuyenvien.bq",
        "dialogue",
        {
            "minutes": "Thống nhất áp dụng đơn giá đất vườn liền kề khu dân cư.",
            "participants": "Người khiếu nại, Phòng Tài nguyên và Môi trường, Ban bồi thường",
        },
    ),
    (
        "land",
        date(2025, 3, 10),
        "chutich.bq",
        "conclude",
        {
            "outcome": "partly_correct",
            "decision_number": "38/QĐ-UBND",
            "summary": "Điều chỉnh đơn giá bồi thường phần đất vườn liền kề khu dân cư.",
        },
    ),
    # Closed once the 30 days for a second complaint have passed (Luật Khiếu nại, art. 33).
    ("land", date(2025, 4, 14), "chutich.bq", "close", {}),
    ("lights", date(2025, 2, 24), "chutich.bq", "accept", {"complex": False}),
    ("lights", date(2025, 2, 25), "chutich.bq", "assign", {"user": "chuyenvien.bq"}),
    (
        "lights",
        date(2025, 3, 20),
        "chutich.bq",
        "conclude",
        {"outcome": "correct", "summary": "Đã thay bộ điều khiển đèn tín hiệu."},
    ),
    ("lights", date(2025, 3, 24), "chuyenvien.bq", "close", {}),
    ("fees", date(2025, 4, 15), "chutich.bq", "accept", {"complex": "very"}),
    ("fees", date(2025, 4, 16), "chutich.bq", "assign", {"user": "chuyenvien.bq"}),
    ("fees", date(2025, 4, 18), "chuyenvien.bq", "notify", {"note": "Thông báo số 52/TB-UBND"}),
    (
        "fees",
        date(2025, 5, 12),
        "chutich.bq",
        "extend",
        {"reason": "Phải xác minh 46 hồ sơ tại hai thị trấn.", "decision_number": "315/QĐ-UBND"},
    ),
    (
        "fees",
        date(2025, 6, 10),
        "chutich.bq",
        "extend",
        {"reason": "Chờ kết quả đối chiếu sổ thu.", "decision_number": "402/QĐ-UBND"},
    ),
    ("near_poor", date(2025, 6, 16), "chutich.bq", "accept", {"complex": False}),
    ("near_poor", date(2025, 6, 17), "chutich.bq", "assign", {"user": "chuyenvien.bq"}),
    ("severance", date(2025, 3, 25), "chutich", "accept", {"complex": False}),
    ("severance", date(2025, 3, 26), "chutich", "assign", {"user": "chuyenvien"}),
    (
        "severance",
        date(2025, 4, 22),
        "chutich",
        "conclude",
        {"outcome": "correct", "decision_number": "512/QĐ-UBND"},
    ),
    ("severance", date(2025, 5, 26), "chutich", "close", {}),
    ("plan", date(2025, 6, 10), "chutich", "accept", {"complex": False}),
    ("plan", date(2025, 6, 11), "chutich", "assign", {"user": "chuyenvien"}),
    # From 1/7/2025 the commune of Bắc Quang and the merged province finish what they took over.
    (
        "fees",
        date(2025, 7, 10),
        "chutich.bq",
        "conclude",
        {"outcome": "partly_correct", "decision_number": "27/QĐ-UBND"},
    ),
    ("fees", date(2025, 7, 21), "chutich.bq", "close", {}),
    (
        "near_poor",
        date(2025, 7, 14),
        "chutich.bq",
        "conclude",
        {"outcome": "correct", "decision_number": "35/QĐ-UBND"},
    ),
    ("near_poor", date(2025, 8, 18), "chutich.bq", "close", {}),
    ("market", date(2025, 7, 3), "chutich.bq", "accept", {"complex": False}),
    ("market", date(2025, 7, 4), "chutich.bq", "assign", {"user": "chuyenvien.bq"}),
    (
        "market",
        date(2025, 8, 20),
        "chutich.bq",
        "conclude",
        {"outcome": "correct", "summary": "Chợ chuyển vào khu đất của trung tâm văn hóa xã."},
    ),
    ("market", date(2025, 8, 25), "chuyenvien.bq", "close", {}),
    (
        "plan",
        date(2025, 7, 22),
        "chutich",
        "conclude",
        {"outcome": "correct", "summary": "Quy hoạch được niêm yết tại trụ sở phường."},
    ),
    ("plan", date(2025, 7, 28), "chuyenvien", "close", {}),
)

REPORT = {
    "number": "96/BC-UBND",
    "results": (
        "Từ ngày 15/12/2024 đến khi kết thúc hoạt động của cấp huyện (30/6/2025), Ủy ban nhân dân "
        "huyện tiếp công dân định kỳ theo lịch đã công khai, tiếp nhận và phân loại đơn đúng thời "
        "hạn; các vụ việc đang giải quyết được bàn giao cho Ủy ban nhân dân các xã kế thừa kèm "
        "theo hồ sơ và thời hạn còn lại."
    ),
    "limitations": (
        "Một vụ việc tố cáo phức tạp phải gia hạn hai lần, chưa kết thúc trước ngày bàn giao."
    ),
    "proposals": (
        "Đề nghị Sở Nội vụ hướng dẫn việc tổng hợp số liệu năm 2025 của các xã hình thành "
        "sau sắp xếp."
    ),
}


def load() -> None:
    today = clock.today()
    users = {user.username: user for user in db.session.scalars(select(User))}
    if get_by_code("HG-BQ") is None or not {"chutich.bq", "chutich", "noivu"} <= set(users):
        return
    cases = _record_cases(today)
    _take_steps(cases, users, until=min(today, REORGANISED_ON - timedelta(days=1)))
    _district_report(users, today)
    if today < REORGANISED_ON:
        return
    reorganise_2025(today=today)
    _take_steps(cases, users, since=REORGANISED_ON, until=today)


def reorganise_2025(*, today: date) -> None:
    """The tree of 1/7/2025: Tuyên Quang with Hà Giang's departments and the new communes."""
    on = REORGANISED_ON
    create_unit(code=PROVINCE[0], name=PROVINCE[1], level="province")
    for code, name, _clause, old in COMMUNES:
        create_unit(
            code=code,
            name=name,
            level="commune",
            parent_code=PROVINCE[0],
            remote=get_by_code(old[0]).remote,
            valid_from=on,
        )
    for code in UNCHANGED:
        reorganise.move(code=code, parent_code=PROVINCE[0], on=on, today=today, act=COMMUNES_ACT)
    # Communes first: a district ending into a commune hands its living sub-units to its
    # parent, and by then it has none left.
    for code, _name, _clause, old in COMMUNES:
        for old_code in old:
            reorganise.merge(old_code=old_code, new_code=code, on=on, today=today, act=COMMUNES_ACT)
    for district, successor in DISTRICT_SUCCESSORS.items():
        reorganise.merge(
            old_code=district, new_code=successor, on=on, today=today, act=LOCAL_GOVERNMENT_ACT
        )
    reorganise.merge(old_code="HG", new_code=PROVINCE[0], on=on, today=today, act=PROVINCE_ACT)


def _person(key: str) -> dict:
    full_name, id_number, address, phone = PEOPLE[key]
    return {"full_name": full_name, "id_number": id_number, "address": address, "phone": phone}


def _record_cases(today: date) -> dict[str, Case]:
    officers = {
        "HG": db.session.scalar(select(User).where(User.username == "tiepdan")),
        "HG-BQ": db.session.scalar(select(User).where(User.username == "tiepdan.bq")),
    }
    cases = {}
    for key, day, unit_code, channel, kind, who, title, content, confidential in CASES:
        if day > today:
            continue
        actor = None if channel == "online" else officers[unit_code]
        cases[key] = record_petition(
            data={
                "kind": kind,
                "title": title,
                "content": content,
                "unit": unit_code,
                "confidential": confidential,
                "anonymous": False,
                "petitioner": _person(who),
            },
            channel=channel,
            receiving_unit=None if actor is None else get_by_code(unit_code),
            received_on=day,
            today=day,
            actor=actor,
        ).case
    db.session.flush()
    return cases


def _take_steps(cases: dict[str, Case], users: dict[str, User], *, until: date, since=None):
    """The steps dated from `since` to `until`, each on its own day."""
    for key, day, username, action, fields in STEPS:
        if key in cases and day <= until and (since is None or day >= since):
            take_step(cases[key], action, day, users[username], **fields)
    db.session.flush()


def _district_report(users: dict[str, User], today: date) -> None:
    """Bắc Quang's 2025 report, approved and sent in its last week, accepted by Sở Nội vụ."""
    drafted, sent, accepted = date(2025, 6, 25), date(2025, 6, 27), date(2025, 6, 30)
    if accepted > today:
        return
    district = get_by_code("HG-BQ")
    report = start_report(
        unit=district,
        year=2025,
        line=HOME_AFFAIRS_LINE,
        actor=users["chuyenvien.bq"],
        today=drafted,
    )
    save_report(report, actor=users["chuyenvien.bq"], today=drafted, **REPORT)
    approve_report(report, actor=users["chutich.bq"], today=sent)
    submit_report(report, actor=users["chutich.bq"], today=sent)
    accept_report(report, actor=users["noivu"], today=accepted)
