"""Demo petitions: about forty over the past year, across kinds, channels and units.

Every one goes through record_petition with its own day as "today", exactly as if it had
been recorded that day: online submissions, desk and mail intake, sealed denunciations,
groups with their representatives, and repeats of earlier cases.
"""

from datetime import date

from sqlalchemy import select

from petitions.accounts.models import User
from petitions.cases.access import can_read
from petitions.cases.models import Case
from petitions.extensions import db
from petitions.intake.services import record_petition
from petitions.intake.validation import resolve_unit
from petitions.units.models import Unit
from petitions.units.services import subtree_ids

# (full name, CCCD, address, phone)
PEOPLE = {
    "hung": (
        "Nguyễn Văn Hùng",
        "002072001561",
        "Tổ 7, phường Minh Khai, TP Hà Giang",
        "0912456781",
    ),
    "lan": (
        "Hoàng Thị Lan",
        "002185004412",
        "Thôn Nà Thác, xã Quang Minh, Bắc Quang",
        "0389123456",
    ),
    "sinh": ("Vàng Mí Sính", "002081007723", "Thôn Lũng Cú, xã Lũng Cú, Đồng Văn", "0978234561"),
    "pao": ("Giàng Seo Páo", "002069002210", "Thôn Sà Phìn, huyện Đồng Văn", "0352987612"),
    "hoa": ("Nông Thị Hoa", "002190003345", "Tổ 3, thị trấn Việt Quang, Bắc Quang", "0868345129"),
    "son": ("Triệu Văn Sơn", "002078005567", "Thôn Nậm Ty, huyện Hoàng Su Phì", "0914567823"),
    "chu": ("Sùng Mí Chứ", "002086006678", "Xã Pả Vi, huyện Mèo Vạc", "0397456128"),
    "mai": ("Lò Thị Mai", "002193008891", "Thôn Tân Trịnh, huyện Quang Bình", "0836781245"),
    "quan": ("Ma Văn Quân", "002074009912", "Thị trấn Vị Xuyên, huyện Vị Xuyên", "0945612378"),
    "thu": ("Đặng Thị Thu", "002188001123", "Tổ 12, phường Nguyễn Trãi, TP Hà Giang", "0329871456"),
    "ngoc": ("Lý Văn Ngọc", "002080002234", "Thôn Cốc Pài, huyện Xín Mần", "0977812345"),
    "tuan": ("Phạm Minh Tuấn", "001085003456", "Số 25 đường Nguyễn Du, TP Hà Giang", "0904123789"),
    "dung": ("Lục Thị Dung", "002191004567", "Thôn Yên Cường, huyện Bắc Mê", "0356234987"),
    "hai": ("Trần Văn Hải", "002076005678", "Thị trấn Tam Sơn, huyện Quản Bạ", "0981345672"),
}

# (day, channel, kind, unit, person key or None, title, content, extras)
PETITIONS = (
    (
        date(2025, 12, 2),
        "online",
        "complaint",
        "HG-BQ",
        "lan",
        "Khiếu nại quyết định thu hồi đất nông nghiệp",
        "Gia đình tôi bị thu hồi 1.200 m² đất trồng lúa để làm đường tránh thị trấn Việt Quang "
        "nhưng mức bồi thường thấp hơn giá đất cùng hạng ở xã bên cạnh. Đề nghị xem xét lại "
        "Quyết định số 845/QĐ-UBND.",
        {},
    ),
    (
        date(2025, 12, 9),
        "reception",
        "recommendation",
        "HG",
        "hung",
        "Kiến nghị sửa chữa đường nội thị tổ 7",
        "Đoạn đường tổ 7 phường Minh Khai xuống cấp, mùa mưa ngập sâu. Đề nghị Ủy ban nhân dân "
        "thành phố bố trí kinh phí sửa chữa.",
        {},
    ),
    (
        date(2025, 12, 16),
        "online",
        "denunciation",
        "HG-DV",
        "sinh",
        "Tố cáo cán bộ địa chính xã thu tiền trái quy định",
        "Cán bộ địa chính xã yêu cầu người dân nộp 2 triệu đồng mỗi hồ sơ cấp giấy chứng nhận "
        "quyền sử dụng đất, không có biên lai.",
        {},
    ),
    (
        date(2025, 12, 22),
        "mail",
        "feedback",
        "HG-HSP",
        "son",
        "Phản ánh chậm chi trả hỗ trợ giống cây trồng",
        "Các hộ thôn Nậm Ty đăng ký nhận giống chè từ tháng 6 nhưng đến nay chưa được cấp.",
        {},
    ),
    (
        date(2026, 1, 6),
        "reception",
        "complaint",
        "HG",
        "pao",
        "Khiếu nại việc không được hưởng chính sách hỗ trợ nhà ở",
        "Gia đình tôi thuộc hộ nghèo nhưng không có tên trong danh sách hỗ trợ làm nhà năm 2025.",
        {"group_size": 8, "co_petitioners": ["chu"]},
    ),
    (
        date(2026, 1, 13),
        "online",
        "feedback",
        "HG-STNMT",
        "tuan",
        "Phản ánh ô nhiễm từ cơ sở chế biến đá",
        "Cơ sở chế biến đá ở tổ 15 hoạt động cả ban đêm, bụi và tiếng ồn ảnh hưởng đến các hộ "
        "xung quanh.",
        {},
    ),
    (
        date(2026, 1, 20),
        "online",
        "denunciation",
        "HG-TTT",
        None,
        "Tố cáo sai phạm trong đấu thầu xây dựng trường học",
        "Gói thầu xây dựng nhà lớp học điểm trường Sủng Trà có dấu hiệu thông thầu: ba nhà thầu "
        "cùng địa chỉ, giá dự thầu chênh nhau không đáng kể.",
        {"anonymous": True},
    ),
    (
        date(2026, 2, 3),
        "reception",
        "complaint",
        "HG-BQ",
        "lan",
        "Khiếu nại lần hai về bồi thường đất nông nghiệp",
        "Tôi vẫn không đồng ý với mức bồi thường khi thu hồi đất trồng lúa ở thôn Nà Thác; "
        "đề nghị cơ quan xem xét lại quyết định thu hồi đất.",
        {"repeat": 0},
    ),
    (
        date(2026, 2, 10),
        "online",
        "recommendation",
        "HG-SGDDT",
        "thu",
        "Kiến nghị bố trí thêm giáo viên tiếng Anh",
        "Trường tiểu học ở phường Nguyễn Trãi thiếu giáo viên tiếng Anh, học sinh lớp 3 chỉ học "
        "1 tiết mỗi tuần.",
        {},
    ),
    (
        date(2026, 3, 3),
        "mail",
        "complaint",
        "HG-SLDTBXH",
        "quan",
        "Khiếu nại về chế độ trợ cấp thương binh",
        "Tôi là thương binh hạng 3/4 nhưng từ tháng 1/2026 bị cắt trợ cấp mà không có thông báo.",
        {},
    ),
    (
        date(2026, 3, 10),
        "online",
        "feedback",
        "HG-VX",
        "quan",
        "Phản ánh đèn chiếu sáng công cộng không hoạt động",
        "Toàn bộ đèn đường quốc lộ 2 đoạn qua thị trấn Vị Xuyên không sáng hơn hai tuần.",
        {},
    ),
    (
        date(2026, 3, 17),
        "reception",
        "denunciation",
        "HG",
        "hoa",
        "Tố cáo hành vi lấn chiếm đất công",
        "Một hộ kinh doanh ở thị trấn Việt Quang xây tường rào lấn chiếm hành lang đường bộ "
        "khoảng 40 m², chính quyền địa phương biết nhưng không xử lý.",
        {},
    ),
    (
        date(2026, 3, 24),
        "online",
        "complaint",
        "HG-MV",
        "chu",
        "Khiếu nại quyết định xử phạt vi phạm hành chính",
        "Tôi bị xử phạt 5 triệu đồng vì chăn thả gia súc nhưng biên bản ghi sai địa điểm.",
        {},
    ),
    (
        date(2026, 4, 7),
        "transferred",
        "feedback",
        "HG",
        "ngoc",
        "Phản ánh sạt lở đường liên thôn",
        "Đường từ thôn Cốc Pài đi trung tâm xã sạt lở, xe máy không đi được. Văn phòng Đoàn đại "
        "biểu Quốc hội chuyển đến.",
        {},
    ),
    (
        date(2026, 4, 14),
        "online",
        "recommendation",
        "HG-SYT",
        "dung",
        "Kiến nghị tăng cường bác sĩ cho trạm y tế xã",
        "Trạm y tế xã Yên Cường chỉ có một y sĩ, người dân phải đi 30 km để khám bệnh.",
        {},
    ),
    (
        date(2026, 4, 21),
        "reception",
        "complaint",
        "HG",
        "pao",
        "Khiếu nại lần hai về chính sách hỗ trợ nhà ở",
        "Gia đình tôi thuộc hộ nghèo nhưng vẫn không có tên trong danh sách hỗ trợ làm nhà; "
        "đề nghị xem xét lại.",
        {"repeat": 4, "group_size": 15, "co_petitioners": ["chu", "sinh"]},
    ),
    (
        date(2026, 5, 5),
        "online",
        "denunciation",
        "HG-QB",
        "hai",
        "Tố cáo trưởng thôn thu quỹ không công khai",
        "Trưởng thôn thu mỗi hộ 500 nghìn đồng làm đường bê tông nhưng không công khai thu chi.",
        {},
    ),
    (
        date(2026, 5, 12),
        "mail",
        "complaint",
        "HG-STNMT",
        "tuan",
        "Khiếu nại việc chậm cấp giấy chứng nhận quyền sử dụng đất",
        "Hồ sơ nộp từ tháng 9/2025 đến nay chưa được giải quyết, không có văn bản trả lời.",
        {},
    ),
    (
        date(2026, 5, 19),
        "online",
        "feedback",
        "HG-TP",
        "thu",
        "Phản ánh rác thải không được thu gom",
        "Rác thải ở tổ 12 phường Nguyễn Trãi không được thu gom ba ngày liền.",
        {},
    ),
    (
        date(2026, 5, 26),
        "reception",
        "recommendation",
        "HG-BQ",
        "hoa",
        "Kiến nghị lắp biển báo giao thông trước trường học",
        "Đề nghị lắp biển báo và gờ giảm tốc trước trường tiểu học thị trấn Việt Quang.",
        {},
    ),
    (
        date(2026, 6, 2),
        "online",
        "complaint",
        "HG-SXD",
        "tuan",
        "Khiếu nại việc từ chối cấp giấy phép xây dựng",
        "Sở Xây dựng từ chối cấp phép sửa chữa nhà ở với lý do không thuyết phục.",
        {"confidential": True},
    ),
    (
        date(2026, 6, 9),
        "online",
        "denunciation",
        "HG-TTT",
        "mai",
        "Tố cáo lạm dụng chức vụ trong xét duyệt hộ nghèo",
        "Cán bộ xã đưa người thân không đủ điều kiện vào danh sách hộ nghèo năm 2026.",
        {},
    ),
    (
        date(2026, 6, 16),
        "mail",
        "feedback",
        "HG-YM",
        None,
        "Phản ánh khai thác cát trái phép trên sông Nhiệm",
        "Ban đêm có tàu hút cát trái phép ở đoạn sông qua xã Mậu Duệ.",
        {"anonymous": True},
    ),
    (
        date(2026, 6, 23),
        "reception",
        "complaint",
        "HG-BQ",
        "lan",
        "Khiếu nại về bồi thường đất (lần 3)",
        "Tôi tiếp tục khiếu nại mức bồi thường thấp khi thu hồi đất trồng lúa thôn Nà Thác.",
        {"repeat": 7},
    ),
    (
        date(2026, 7, 7),
        "online",
        "recommendation",
        "HG-SNNPTNT",
        "son",
        "Kiến nghị hỗ trợ bà con trồng chè Shan tuyết",
        "Đề nghị hỗ trợ kỹ thuật và bao tiêu sản phẩm chè Shan tuyết cho thôn Nậm Ty.",
        {},
    ),
    (
        date(2026, 7, 14),
        "online",
        "feedback",
        "HG-SGTVT",
        "ngoc",
        "Phản ánh xe quá tải làm hỏng đường tỉnh 178",
        "Xe chở quặng quá tải đi lại thường xuyên, mặt đường hư hỏng nặng.",
        {},
    ),
    (
        date(2026, 7, 21),
        "reception",
        "denunciation",
        "HG",
        "quan",
        "Tố cáo doanh nghiệp khai thác khoáng sản vượt phép",
        "Doanh nghiệp khai thác quặng ngoài ranh giới được cấp phép, gây sạt lở đồi.",
        {},
    ),
    (
        date(2026, 8, 4),
        "mail",
        "complaint",
        "HG-SLDTBXH",
        "quan",
        "Khiếu nại lần hai về chế độ trợ cấp thương binh",
        "Tôi đã khiếu nại từ tháng 3 về việc bị cắt trợ cấp thương binh nhưng chưa có trả lời.",
        {"repeat": 9},
    ),
    (
        date(2026, 8, 11),
        "online",
        "feedback",
        "HG-BME",
        "dung",
        "Phản ánh mất nước sinh hoạt kéo dài",
        "Thôn Yên Cường mất nước sinh hoạt hơn một tuần do đường ống hỏng.",
        {},
    ),
    (
        date(2026, 8, 18),
        "reception",
        "recommendation",
        "HG",
        "hung",
        "Kiến nghị công khai quy hoạch khu dân cư mới",
        "Đề nghị công khai quy hoạch chi tiết khu dân cư tổ 7 để người dân biết.",
        {"group_size": 6, "co_petitioners": ["thu"]},
    ),
    (
        date(2026, 9, 1),
        "online",
        "complaint",
        "HG-XM",
        "ngoc",
        "Khiếu nại kết quả xét tuyển viên chức",
        "Kết quả xét tuyển viên chức giáo dục huyện không công khai điểm từng tiêu chí.",
        {},
    ),
    (
        date(2026, 9, 8),
        "online",
        "denunciation",
        "HG-DV",
        "pao",
        "Tố cáo chiếm dụng tiền hỗ trợ khắc phục thiên tai",
        "Một số hộ bị thiệt hại do lũ quét chưa nhận đủ tiền hỗ trợ như danh sách đã ký nhận.",
        {},
    ),
    (
        date(2026, 9, 15),
        "transferred",
        "complaint",
        "HG-BQ",
        "hoa",
        "Khiếu nại việc cấp đổi giấy chứng nhận quyền sử dụng đất",
        "Diện tích trên giấy chứng nhận mới ít hơn giấy cũ 80 m² mà không có giải thích.",
        {},
    ),
    (
        date(2026, 9, 22),
        "online",
        "feedback",
        "HG-QBI",
        "mai",
        "Phản ánh trường mầm non thiếu phòng học",
        "Trẻ mầm non thôn Tân Trịnh phải học nhờ nhà văn hóa thôn.",
        {},
    ),
    (
        date(2026, 10, 6),
        "reception",
        "complaint",
        "HG",
        "sinh",
        "Khiếu nại việc thu hồi đất làm dự án du lịch",
        "Các hộ thôn Lũng Cú không đồng ý phương án bồi thường khi thu hồi đất làm dự án du lịch.",
        {"group_size": 12, "co_petitioners": ["pao", "chu", "son", "ngoc"]},
    ),
    (
        date(2026, 10, 13),
        "online",
        "recommendation",
        "HG-STTTT",
        "tuan",
        "Kiến nghị mở rộng vùng phủ sóng di động",
        "Nhiều thôn vùng cao chưa có sóng điện thoại, khó liên lạc khi có thiên tai.",
        {},
    ),
    (
        date(2026, 10, 20),
        "mail",
        "denunciation",
        "HG-TTT",
        None,
        "Tố cáo sử dụng xe công vào việc riêng",
        "Xe công của một phòng chuyên môn thường được dùng đưa đón người nhà cán bộ.",
        {"anonymous": True},
    ),
    (
        date(2026, 11, 3),
        "online",
        "complaint",
        "HG-BQ",
        "lan",
        "Khiếu nại về bồi thường đất nông nghiệp thôn Nà Thác",
        "Tôi đề nghị xem xét lại mức bồi thường đất trồng lúa bị thu hồi làm đường tránh.",
        {"duplicate": 23},
    ),
    (
        date(2026, 11, 10),
        "reception",
        "feedback",
        "HG",
        "thu",
        "Phản ánh bến xe khách xuống cấp",
        "Nhà chờ bến xe khách thành phố dột nát, không có ghế ngồi cho hành khách.",
        {},
    ),
    (
        date(2026, 11, 17),
        "online",
        "denunciation",
        "HG-MV",
        "chu",
        "Tố cáo buôn bán gỗ trái phép",
        "Có nhóm người vận chuyển gỗ nghiến qua cửa rừng xã Pả Vi vào ban đêm.",
        {},
    ),
    (
        date(2026, 11, 24),
        "online",
        "complaint",
        "HG-SXD",
        "hai",
        "Khiếu nại việc xử phạt xây dựng không phép",
        "Tôi đã có giấy phép sửa chữa nhà nhưng vẫn bị lập biên bản xây dựng không phép.",
        {},
    ),
)


def _person(key: str) -> dict:
    full_name, id_number, address, phone = PEOPLE[key]
    return {"full_name": full_name, "id_number": id_number, "address": address, "phone": phone}


def _user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username))


def _officer_for(unit: Unit) -> User | None:
    """The reception officer who records desk and mail petitions for this unit: Bắc Quang's
    (the district, or the commune that carries on its work) for its own, else the province's."""
    local = _user("tiepdan.bq")
    if local is not None and unit.id in subtree_ids(local.unit):
        return local
    return _user("tiepdan")


LINKS = ("repeat_of", "duplicate_of")


def load() -> None:
    recorded = []
    for day, channel, kind, unit_code, who, title, content, extras in PETITIONS:
        # After the 2025 reorganisation a district's petitions go to the commune that carries
        # on its work, as the online form sends them.
        unit = resolve_unit(unit_code)
        data = {
            "kind": kind,
            "title": title,
            "content": content,
            "unit": unit.code,
            "anonymous": bool(extras.get("anonymous")),
            "confidential": bool(extras.get("confidential")),
            "petitioner": _person(who) if who else None,
        }
        online = channel == "online"
        actor = None if online else _officer_for(unit)
        if not online:
            data["group_size"] = extras.get("group_size")
            data["co_petitioners"] = [_person(key) for key in extras.get("co_petitioners", ())]
            if "repeat" in extras:
                data["repeat_of"] = recorded[extras["repeat"]].id
            if "duplicate" in extras:
                data["duplicate_of"] = recorded[extras["duplicate"]].id
        elif "duplicate" in extras or "repeat" in extras:
            # A citizen cannot link cases online; the desk does it, so record via the desk.
            actor = _officer_for(unit)
            channel = "mail"
            data["duplicate_of"] = recorded[extras.get("duplicate", extras.get("repeat"))].id
        linked = [db.session.get(Case, data[name]) for name in LINKS if data.get(name)]
        if actor is not None and not all(can_read(actor, case) for case in linked):
            # The desk may link only cases it can read; the provincial chair can read them all.
            actor = _user("chutich")
        receipt = record_petition(
            data=data,
            channel=channel,
            receiving_unit=None if actor is None else unit,
            received_on=day,
            today=day,
            actor=actor,
        )
        recorded.append(receipt.case)
    db.session.flush()
