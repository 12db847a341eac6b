"""The oversight dashboard (inspectorate: the province; a head: their unit and those below),
the lists behind its numbers, the xlsx export and the reminder form."""

import math
from dataclasses import dataclass

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from wtforms import DateField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from petitions import downloads
from petitions.cases import labels
from petitions.cases.models import Case, Kind, Status
from petitions.clock import now as clock_now
from petitions.clock import today as clock_today
from petitions.domain import dates
from petitions.errors import Refused
from petitions.extensions import db
from petitions.forms import Form
from petitions.oversight import charts, export
from petitions.oversight.dashboard import dashboard as build_dashboard
from petitions.oversight.dashboard import on_time_period
from petitions.oversight.lists import (
    STATES,
    case_list,
    count_of,
    iter_overdue_items,
    overdue_item,
    overdue_query,
)
from petitions.oversight.reminders import may_remind, may_remind_in_scope, send_reminder
from petitions.oversight.scope import Filters, parse_kind, resolve_unit, scope_root, unit_tree
from petitions.permissions import requires
from petitions.units.models import Unit
from petitions.views_support import page_number, show_refusal

bp = Blueprint("oversight", __name__, url_prefix="/oversight")

STATE_TITLES = {
    "open": _l("Hồ sơ đang giải quyết"),
    "overdue": _l("Hồ sơ quá hạn"),
    "due_soon": _l("Hồ sơ sắp đến hạn"),
    "long_standing": _l("Hồ sơ tồn đọng, kéo dài"),
    "repeated": _l("Đơn tái diễn (gửi nhiều lần)"),
    "flagged": _l("Vụ việc phức tạp, dư luận quan tâm"),
}


class ReminderForm(Form):
    message = TextAreaField(_l("Nội dung đôn đốc"), validators=[DataRequired(), Length(max=5000)])
    respond_by = DateField(_l("Đề nghị báo cáo kết quả trước ngày"), validators=[Optional()])


@dataclass
class Page:
    """What components/pagination.html needs, for a query Flask-SQLAlchemy cannot paginate."""

    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def _filters(state: str = "open") -> Filters:
    """The filters of the request, checked against the viewer's scope (404/403 otherwise)."""
    today = clock_today()
    raw = request.args.get("as_of", "")
    as_of = today
    if raw:
        try:
            as_of = dates.parse_day(raw)
        except ValueError:
            flash(_("Ngày xem số liệu không hợp lệ; đang hiển thị số liệu hôm nay."), "warning")
        else:
            if as_of > today:
                flash(_("Không xem được số liệu của ngày trong tương lai."), "warning")
                as_of = today
    root = scope_root(current_user)
    try:
        unit = resolve_unit(request.args.get("unit"), root)
        kind = parse_kind(request.args.get("kind"))
    except Refused as error:
        abort(error.status if error.status == 403 else 404)
    status = None
    if request.args.get("status"):
        try:
            status = Status(request.args["status"])
        except ValueError:
            abort(404)
    state = request.args.get("state", state)
    if state not in STATES:
        abort(404)
    return Filters(
        as_of=as_of,
        root_id=root,
        unit_id=unit.id if unit else None,
        kind=kind,
        status=status,
        state=state,
    )


def _unit_code(unit_id: int | None) -> str | None:
    if unit_id is None:
        return None
    return db.session.scalar(select(Unit.code).where(Unit.id == unit_id))


def case_url(case_id: int) -> str:
    return url_for("cases.show", case_id=case_id)


def may_remind_unit(code: str) -> bool:
    """Whether the viewer may remind the unit `code` of a row already inside their scope."""
    return may_remind_in_scope(current_user, code)


@bp.app_context_processor
def oversight_helpers():
    return {"case_url": case_url, "may_remind_unit": may_remind_unit}


def _scope_title(filters: Filters) -> str:
    unit_id = filters.unit_id or filters.root_id
    if unit_id is None:
        return _("Toàn tỉnh")
    return db.session.get(Unit, unit_id).name


@bp.route("/")
@requires("oversight.read")
def dashboard():
    filters = _filters()
    board = build_dashboard(filters)
    unit_code = _unit_code(filters.unit_id)

    def link(state: str = "open", **changes) -> str:
        args = {"unit": unit_code, **changes}
        return url_for(
            "oversight.cases",
            **Filters(
                filters.as_of, filters.root_id, filters.unit_id, filters.kind, None, state
            ).query_args(**args),
        )

    return render_template(
        "oversight/dashboard.html",
        board=board,
        filters=filters,
        scope_title=_scope_title(filters),
        unit_code=unit_code or "",
        link=link,
        kinds=[(k.value, labels.kind(k)) for k in Kind],
        status_label=labels.status,
        kind_label=labels.kind,
        rule_title=labels.rule_title,
        event_label=labels.event,
        trend_chart=charts.trend(board.trend),
        on_time_chart=charts.on_time(board.on_time),
        on_time_year=on_time_period(filters.as_of).year,
        units=_unit_choices(filters.root_id),
        is_today=filters.as_of == clock_today(),
    )


def _unit_choices(root_id: int | None) -> list[tuple[str, str]]:
    return [(unit.code, "\u00a0\u00a0" * depth + unit.name) for unit, depth in unit_tree(root_id)]


@bp.route("/cases")
@requires("oversight.read")
def cases():
    filters = _filters()
    query = case_list(filters)
    per_page = current_app.config["PAGE_SIZE"]
    page = page_number()
    total = count_of(filters)
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    return render_template(
        "oversight/cases.html",
        page=Page(rows, page, per_page, total),
        filters=filters,
        title=STATE_TITLES[filters.state],
        scope_title=_scope_title(filters),
        status_label=labels.status,
        kind_label=labels.kind,
    )


@bp.route("/cases.xlsx")
@requires("oversight.read")
def cases_xlsx():
    """The drill-down list as a workbook, with the same filters: every case, read 1,000 at
    a time (their units with them) and written as they come."""
    filters = _filters()
    count = count_of(filters)
    query = case_list(filters).options(joinedload(Case.unit)).execution_options(yield_per=1000)
    title = STATE_TITLES[filters.state]
    scope_title = _scope_title(filters)
    return downloads.spooled(
        lambda target: export.write_cases_workbook(
            target,
            db.session.execute(query),
            count=count,
            title=title,
            scope_title=scope_title,
            as_of=filters.as_of,
        ),
        name=f"ho-so-{filters.state}-{filters.as_of.isoformat()}.xlsx",
    )


@bp.route("/overdue")
@requires("oversight.read")
def overdue():
    filters = _filters("overdue")
    per_page = current_app.config["PAGE_SIZE"]
    page = page_number()
    query = overdue_query(filters)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    items = [overdue_item(row, filters.as_of) for row in rows]
    return render_template(
        "oversight/overdue.html",
        page=Page(items, page, per_page, total or 0),
        filters=filters,
        scope_title=_scope_title(filters),
        status_label=labels.status,
        kind_label=labels.kind,
        rule_title=labels.rule_title,
    )


@bp.route("/export.xlsx")
@requires("oversight.read")
def export_xlsx():
    filters = _filters()
    board = build_dashboard(filters)
    scope_title = _scope_title(filters)
    # Every overdue case, written as it is read (no cut-off), from a temporary file.
    return downloads.spooled(
        lambda target: export.write_workbook(
            target, board, iter_overdue_items(filters), scope_title=scope_title
        ),
        name=f"giam-sat-{filters.as_of.isoformat()}.xlsx",
    )


@bp.route("/remind", methods=["GET", "POST"])
@requires("cases.remind")
def remind():
    case = None
    unit = None
    if request.values.get("case"):
        if not request.values["case"].isdigit():
            abort(404)
        case = db.get_or_404(Case, int(request.values["case"]))
        unit = case.unit
    elif request.values.get("unit"):
        unit = db.session.scalar(select(Unit).where(Unit.code == request.values["unit"]))
        if unit is None:
            abort(404)
    else:
        abort(404)
    if not may_remind(current_user, unit):
        abort(403)
    form = ReminderForm()
    if request.method == "GET" and not form.message.data:
        form.message.data = _default_message(case, unit)
    if form.validate_on_submit():
        try:
            send_reminder(
                sender=current_user,
                unit=unit,
                case_=case,
                message=form.message.data,
                respond_by=form.respond_by.data,
                today=clock_today(),
                now=clock_now(),
            )
        except Refused as error:
            if error.status == 403:
                abort(403)
            show_refusal(form, error, "message")
        else:
            flash(_("Đã gửi văn bản đôn đốc tới %(unit)s.", unit=unit.name), "success")
            return redirect(url_for("oversight.dashboard"))
    return render_template("oversight/remind.html", form=form, case=case, unit=unit)


def _default_message(case: Case | None, unit: Unit) -> str:
    if case is not None:
        if case.due_on and case.due_on < clock_today():
            return _(
                "Hồ sơ %(code)s đã quá hạn giải quyết từ ngày %(day)s. Đề nghị %(unit)s khẩn "
                "trương giải quyết và báo cáo kết quả.",
                code=case.tracking_code,
                day=case.due_on.strftime("%d/%m/%Y"),
                unit=unit.name,
            )
        return _(
            "Đề nghị %(unit)s khẩn trương giải quyết hồ sơ %(code)s đúng thời hạn và báo cáo "
            "kết quả.",
            code=case.tracking_code,
            unit=unit.name,
        )
    return _(
        "Đề nghị %(unit)s rà soát, giải quyết dứt điểm các hồ sơ quá hạn và báo cáo kết quả.",
        unit=unit.name,
    )
