"""Demo data: Bắc Quang's annual report already sent to Sở Nội vụ, and the province's draft."""

from sqlalchemy import select

from petitions.accounts.models import User
from petitions.clock import today
from petitions.extensions import db
from petitions.intake.validation import resolve_unit
from petitions.reports.lines import HOME_AFFAIRS_LINE, current_year
from petitions.reports.workflow import approve_report, save_report, start_report, submit_report

RESULTS = (
    "Trong năm, đơn vị đã bố trí địa điểm, cán bộ tiếp công dân thường xuyên; lãnh đạo đơn vị "
    "tiếp công dân định kỳ theo đúng lịch đã công khai. Các đơn thư được tiếp nhận, phân loại "
    "và xử lý kịp thời theo Thông tư 05/2021/TT-TTCP; các vụ việc thuộc thẩm quyền được thụ lý "
    "và giải quyết theo quy định của Luật Khiếu nại, Luật Tố cáo."
)
LIMITATIONS = (
    "Một số vụ việc phức tạp, kéo dài chưa được giải quyết dứt điểm; còn vụ việc giải quyết quá "
    "thời hạn do phải xác minh tại nhiều địa điểm. Nguyên nhân: cán bộ làm công tác tiếp công "
    "dân còn kiêm nhiệm, địa bàn rộng, đi lại khó khăn."
)
PROPOSALS = (
    "Đề nghị Ủy ban nhân dân tỉnh tổ chức tập huấn nghiệp vụ tiếp công dân, xử lý đơn cho cán "
    "bộ cấp xã; bố trí kinh phí số hóa hồ sơ vụ việc."
)


def _user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username))


def load() -> None:
    day = today()
    year = current_year(day)
    # By their 2022 codes: after the 2025 reorganisation, the commune of Bắc Quang and Tuyên Quang.
    bac_quang = resolve_unit("HG-BQ")
    drafter, head = _user("chuyenvien.bq"), _user("chutich.bq")
    if bac_quang is not None and drafter is not None and head is not None:
        report = start_report(
            unit=bac_quang, year=year, line=HOME_AFFAIRS_LINE, actor=drafter, today=day
        )
        save_report(
            report,
            actor=drafter,
            today=day,
            number="215/BC-UBND",
            results=RESULTS,
            limitations=LIMITATIONS,
            proposals=PROPOSALS,
        )
        approve_report(report, actor=head, today=day)
        submit_report(report, actor=head, today=day)
    province, handler = resolve_unit("HG"), _user("chuyenvien")
    if province is not None and handler is not None:
        draft = start_report(
            unit=province, year=year, line=HOME_AFFAIRS_LINE, actor=handler, today=day
        )
        save_report(draft, actor=handler, today=day, results=RESULTS)
    db.session.flush()
