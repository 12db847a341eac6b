"""Demo data: Hà Giang's units as named in plan 09/KH-UBND (2022), one user per role.

Each feature package adds its own demo data through its `demo.py` module's `load()`; they
run after the units and users below, in the order of FEATURES. The first, petitions.units.demo,
records the first half of 2025 on this tree and then applies the reorganisation of 1/7/2025
(Tuyên Quang province, no districts), so that the others record 2026 on the two-tier tree.
"""

from sqlalchemy import func, select

from petitions.accounts.models import User
from petitions.accounts.services import create_user
from petitions.cases import demo as cases_demo
from petitions.extensions import db
from petitions.intake import demo as intake_demo
from petitions.open311 import demo as open311_demo
from petitions.reception import demo as reception_demo
from petitions.reports import demo as reports_demo
from petitions.units import demo as units_demo
from petitions.units.models import Unit
from petitions.units.services import create_unit

DEMO_PASSWORD = "HaGiang@2026"

PROVINCE = ("HG", "Ủy ban nhân dân tỉnh Hà Giang")

DEPARTMENTS = (
    ("HG-TTT", "Thanh tra tỉnh"),
    ("HG-SNV", "Sở Nội vụ"),
    ("HG-VP", "Văn phòng Ủy ban nhân dân tỉnh"),
    ("HG-STTTT", "Sở Thông tin và Truyền thông"),
    ("HG-STNMT", "Sở Tài nguyên và Môi trường"),
    ("HG-SXD", "Sở Xây dựng"),
    ("HG-STC", "Sở Tài chính"),
    ("HG-SKHDT", "Sở Kế hoạch và Đầu tư"),
    ("HG-SLDTBXH", "Sở Lao động - Thương binh và Xã hội"),
    ("HG-SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("HG-SGDDT", "Sở Giáo dục và Đào tạo"),
    ("HG-SYT", "Sở Y tế"),
    ("HG-STP", "Sở Tư pháp"),
    ("HG-SGTVT", "Sở Giao thông vận tải"),
    ("HG-BDT", "Ban Dân tộc tỉnh"),
)

# (code, name, remote, communes)
DISTRICTS = (
    (
        "HG-TP",
        "Thành phố Hà Giang",
        False,
        (("MK", "Phường Minh Khai"), ("NT", "Phường Nguyễn Trãi"), ("TPH", "Phường Trần Phú")),
    ),
    (
        "HG-BME",
        "Huyện Bắc Mê",
        True,
        (("YP", "Thị trấn Yên Phú"), ("MN", "Xã Minh Ngọc"), ("YC", "Xã Yên Cường")),
    ),
    (
        "HG-BQ",
        "Huyện Bắc Quang",
        False,
        (("VQ", "Thị trấn Việt Quang"), ("VT", "Thị trấn Vĩnh Tuy"), ("QM", "Xã Quang Minh")),
    ),
    (
        "HG-DV",
        "Huyện Đồng Văn",
        True,
        (("DV", "Thị trấn Đồng Văn"), ("LC", "Xã Lũng Cú"), ("PB", "Thị trấn Phó Bảng")),
    ),
    (
        "HG-HSP",
        "Huyện Hoàng Su Phì",
        True,
        (("VQ", "Thị trấn Vinh Quang"), ("TN", "Xã Thông Nguyên"), ("NT", "Xã Nậm Ty")),
    ),
    (
        "HG-MV",
        "Huyện Mèo Vạc",
        True,
        (("MV", "Thị trấn Mèo Vạc"), ("PV", "Xã Pả Vi"), ("SV", "Xã Sơn Vĩ")),
    ),
    (
        "HG-QB",
        "Huyện Quản Bạ",
        True,
        (("TS", "Thị trấn Tam Sơn"), ("CT", "Xã Cán Tỷ"), ("QT", "Xã Quyết Tiến")),
    ),
    (
        "HG-QBI",
        "Huyện Quang Bình",
        False,
        (("YB", "Thị trấn Yên Bình"), ("XG", "Xã Xuân Giang"), ("TT", "Xã Tân Trịnh")),
    ),
    (
        "HG-VX",
        "Huyện Vị Xuyên",
        False,
        (("VX", "Thị trấn Vị Xuyên"), ("VL", "Thị trấn Việt Lâm"), ("TTH", "Xã Thanh Thủy")),
    ),
    (
        "HG-XM",
        "Huyện Xín Mần",
        True,
        (("CP", "Thị trấn Cốc Pài"), ("NC", "Xã Nà Chì"), ("QN", "Xã Quảng Nguyên")),
    ),
    (
        "HG-YM",
        "Huyện Yên Minh",
        True,
        (("YM", "Thị trấn Yên Minh"), ("MD", "Xã Mậu Duệ"), ("LVC", "Xã Lao Và Chải")),
    ),
)

# (username, role, unit in the 2022 tree, full name); after the reorganisation each works in
# the unit that carried on that one's work (print_logins says which).
USERS = (
    ("tiepdan", "reception_officer", "HG", "Nguyễn Thị Lan"),
    ("chuyenvien", "handler", "HG", "Trần Văn Minh"),
    ("chutich", "unit_head", "HG", "Hoàng Văn Sơn"),
    ("thanhtra", "inspector", "HG-TTT", "Lục Thị Hạnh"),
    ("noivu", "home_affairs", "HG-SNV", "Vàng Mí Dũng"),
    ("quantri", "admin", "HG-VP", "Phạm Quốc Huy"),
    ("tiepdan.bq", "reception_officer", "HG-BQ", "Đỗ Thị Hoa"),
    ("chuyenvien.bq", "handler", "HG-BQ", "Lò Văn Tùng"),
    ("chutich.bq", "unit_head", "HG-BQ", "Nông Văn Thành"),
    # Commune staff often both receive citizens and handle cases: one login holds both roles.
    ("canbo.vt", "reception_officer,handler", "HG-BQ-VT", "Hầu Thị Mai"),
)


def database_is_empty() -> bool:
    return db.session.scalar(select(func.count(Unit.id))) == 0


def load_units() -> None:
    create_unit(code=PROVINCE[0], name=PROVINCE[1], level="province")
    for code, name in DEPARTMENTS:
        create_unit(code=code, name=name, level="department", parent_code="HG")
    for code, name, remote, communes in DISTRICTS:
        create_unit(code=code, name=name, level="district", parent_code="HG", remote=remote)
        for suffix, commune in communes:
            create_unit(
                code=f"{code}-{suffix}",
                name=commune,
                level="commune",
                parent_code=code,
                remote=remote,
            )


def load_users() -> None:
    for username, role, unit, full_name in USERS:
        create_user(
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            unit_code=unit,
            full_name=full_name,
            email=f"{username}@hagiang.example",
        )


# The 2025 reorganisation first (2026 happens on its tree), then petitions, the workflow that
# acts on them, and the rest.
FEATURES = (units_demo, intake_demo, cases_demo, open311_demo, reception_demo, reports_demo)


def load() -> None:
    load_units()
    load_users()
    db.session.flush()
    for feature in FEATURES:
        feature.load()
        db.session.flush()


def print_logins(echo) -> None:
    """Each demo user with the unit they work in now (after the reorganisation, if loaded)."""
    echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    users = {user.username: user for user in db.session.scalars(select(User))}
    for username, role, code, full_name in USERS:
        user = users.get(username)
        unit = user.unit if user is not None else None
        where = f"{unit.code:<8} {unit.name}" if unit is not None else code
        echo(f"  {username:<15} {role:<18} {where} ({full_name})")
