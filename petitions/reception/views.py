"""Reception pages: heads' schedules, the public calendar and feed, the log, compliance."""

from calendar import monthrange
from datetime import date, timedelta

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from petitions import clock
from petitions.accounts.models import User
from petitions.cases.models import Case
from petitions.domain.reception import Recurrence, ScheduleError, minimum_for
from petitions.errors import Refused
from petitions.extensions import db
from petitions.permissions import Role, public, requires
from petitions.reception import export, ical
from petitions.reception import log as reception_log
from petitions.reception.compliance import compliance as heads_compliance
from petitions.reception.forms import (
    CancelForm,
    DelegateForm,
    OutcomeForm,
    PostponeForm,
    ScheduleForm,
    SessionForm,
    VisitForm,
    options,
)
from petitions.reception.labels import (
    classification_labels,
    ground_labels,
    kind_labels,
    mode_labels,
    period_status_labels,
    route_labels,
    status_labels,
)
from petitions.reception.models import ReceptionSession, Visit
from petitions.reception.sessions import (
    cancel_session,
    clash_map,
    create_recurring_sessions,
    create_session,
    heads_of,
    mark_held,
    postpone_session,
    readable_unit_ids,
    sessions_between,
    set_delegation,
    set_published,
)
from petitions.reception.visits import (
    intake_link,
    log_visit,
    update_visit_outcome,
    visit_identities,
    visit_log,
)
from petitions.units.models import Unit
from petitions.units.services import get_by_code, subtree_ids, tree_rows
from petitions.views_support import begin_write, flash_refusal, show_refusal

bp = Blueprint("reception", __name__, url_prefix="/reception")


def _labels() -> dict:
    return {
        "kind": kind_labels(),
        "mode": mode_labels(),
        "status": status_labels(),
        "classification": classification_labels(),
        "route": route_labels(),
        "ground": ground_labels(),
        "period": period_status_labels(),
    }


def _lang() -> str:
    return str(get_locale() or "vi")


def _month_arg() -> tuple[date, date]:
    """The month asked for as ?month=YYYY-MM, this month otherwise."""
    raw = request.args.get("month", "")
    try:
        year, month = (int(part) for part in raw.split("-"))
        if not 2000 <= year <= 2100:
            raise ValueError
        first = date(year, month, 1)
    except (ValueError, OverflowError):
        today = clock.today()
        first = date(today.year, today.month, 1)
    return first, first.replace(day=monthrange(first.year, first.month)[1])


def _year_arg() -> int:
    raw = request.args.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return clock.today().year


def _month_links(first: date) -> dict[str, str]:
    previous = (first - timedelta(days=1)).replace(day=1)
    following = first.replace(day=monthrange(first.year, first.month)[1]) + timedelta(days=1)
    return {"previous": previous.strftime("%Y-%m"), "next": following.strftime("%Y-%m")}


def _readable_units() -> list[tuple[Unit, int]]:
    allowed = readable_unit_ids(current_user)
    return [(u, depth) for u, depth in tree_rows() if allowed is None or u.id in allowed]


def _chosen_unit() -> Unit:
    """The unit a staff page is about: ?unit=CODE when the user may read it, else their own."""
    code = request.args.get("unit", "")
    if not code:
        return current_user.unit
    unit = get_by_code(code)
    allowed = readable_unit_ids(current_user)
    if unit is None or (allowed is not None and unit.id not in allowed):
        abort(404)
    return unit


def _readable(unit_id: int) -> bool:
    allowed = readable_unit_ids(current_user)
    return allowed is None or unit_id in allowed


def _session_or_404(session_id: int) -> ReceptionSession:
    session = db.get_or_404(ReceptionSession, session_id)
    if not _readable(session.unit_id):
        abort(404)
    return session


def _manageable_session(session_id: int) -> ReceptionSession:
    session = _session_or_404(session_id)
    if not session.can_manage(current_user):
        abort(403)
    return session


# -- staff: schedule ------------------------------------------------------------------------------


@bp.route("/")
@requires("reception.read")
def index():
    unit = _chosen_unit()
    first, last = _month_arg()
    sessions = sessions_between(start=first, end=last, unit_ids=[unit.id])
    clashes = clash_map(sessions)
    own = None
    if current_user.has_role(Role.UNIT_HEAD):
        report = heads_compliance(
            year=first.year,
            unit=current_user.unit,
            today=clock.today(),
            lang=_lang(),
            head_id=current_user.id,
        )
        own = next((h for h in report["heads"] if h["head"]["id"] == current_user.id), None)
    today = clock.today()
    recent = visit_log(unit_ids=[unit.id], start=today - timedelta(days=30), end=today)
    return render_template(
        "reception/index.html",
        unit=unit,
        units=_readable_units(),
        first=first,
        months=_month_links(first),
        sessions=sessions,
        clashes=clashes,
        own=own,
        recent=list(reversed(recent))[:10],
        can_manage=current_user.can("reception.manage") and unit.id == current_user.unit_id,
        labels=_labels(),
    )


def _head_choices(form) -> None:
    form.head.choices = options(
        [(head.id, head.display_name) for head in heads_of(current_user.unit)]
    )


@bp.route("/sessions/new", methods=["GET", "POST"])
@requires("reception.manage")
def new_session():
    form = SessionForm()
    _head_choices(form)
    if not form.is_submitted():
        form.day.data = clock.today()
        form.starts_at.data = _default_time(7, 30)
        form.ends_at.data = _default_time(11, 30)
        if current_user.has_role(Role.UNIT_HEAD):
            form.head.data = current_user.id
    if not form.head.choices:
        flash(_("Đơn vị chưa có tài khoản thủ trưởng để lên lịch tiếp."), "warning")
    if form.validate_on_submit():
        head = db.session.get(User, form.head.data)
        try:
            session = create_session(
                unit=current_user.unit,
                head=head,
                day=form.day.data,
                starts_at=form.starts_at.data,
                ends_at=form.ends_at.data,
                place=form.place.data,
                kind=form.kind.data,
                delegated=form.delegated.data,
                delegate_name=form.delegate_name.data or "",
                published=form.published.data,
                subject=form.subject.data or "",
                mode=form.mode.data,
                online_url=form.online_url.data or "",
                recorded=form.recorded.data,
                actor=current_user,
                today=clock.today(),
            )
        except Refused as error:
            show_refusal(form, error, "day")
        else:
            flash(
                _("Đã thêm buổi tiếp ngày %(day)s.", day=session.day.strftime("%d/%m/%Y")),
                "success",
            )
            if clash_map([session]):
                flash(_("Lưu ý: buổi tiếp trùng giờ với buổi tiếp khác của thủ trưởng."), "warning")
            return redirect(url_for("reception.session", session_id=session.id))
    return render_template("reception/session_form.html", form=form)


def _default_time(hour: int, minute: int):
    from datetime import time

    return time(hour, minute)


@bp.route("/sessions/schedule", methods=["GET", "POST"])
@requires("reception.manage")
def schedule():
    form = ScheduleForm()
    _head_choices(form)
    if not form.is_submitted():
        year = clock.today().year
        form.start.data = date(year, 1, 1)
        form.end.data = date(year, 12, 31)
        form.starts_at.data = _default_time(7, 30)
        form.ends_at.data = _default_time(11, 30)
        if current_user.has_role(Role.UNIT_HEAD):
            form.head.data = current_user.id
    minimum = minimum_for(current_user.unit.level.value, on=clock.today())
    if form.validate_on_submit():
        head = db.session.get(User, form.head.data)
        try:
            rule = _rule_from(form)
            sessions = create_recurring_sessions(
                unit=current_user.unit,
                head=head,
                rule=rule,
                start=form.start.data,
                end=form.end.data,
                starts_at=form.starts_at.data,
                ends_at=form.ends_at.data,
                place=form.place.data,
                published=form.published.data,
                actor=current_user,
                today=clock.today(),
            )
        except ScheduleError as error:
            form.pattern.errors = [*form.pattern.errors, error.message(_lang())]
        except Refused as error:
            show_refusal(form, error, "pattern")
        else:
            moved = sum(1 for s in sessions if s.moved_from)
            flash(
                _(
                    "Đã lập %(n)d buổi tiếp; %(moved)d buổi được dời sang ngày làm việc tiếp theo.",
                    n=len(sessions),
                    moved=moved,
                ),
                "success",
            )
            if clash_map(sessions):
                flash(_("Lưu ý: có buổi tiếp trùng giờ với lịch đã có của thủ trưởng."), "warning")
            first = sessions[0].day if sessions else form.start.data
            return redirect(url_for("reception.index", month=first.strftime("%Y-%m")))
    return render_template("reception/schedule_form.html", form=form, minimum=minimum)


def _rule_from(form: ScheduleForm) -> Recurrence:
    if form.pattern.data == "weekly":
        return Recurrence("weekly", weekday=form.weekday.data)
    if form.pattern.data == "month_weekday":
        return Recurrence("monthly", weekday=form.weekday.data, nth=tuple(form.nth.data or ()))
    raw = (form.month_days.data or "").replace(";", ",").split(",")
    try:
        days = tuple(sorted({int(part) for part in raw if part.strip()}))
    except ValueError:
        raise ScheduleError(
            "Ngày trong tháng phải là các số, cách nhau bởi dấu phẩy (ví dụ: 5, 20).",
            "Days of the month must be numbers separated by commas (e.g. 5, 20).",
        ) from None
    return Recurrence("monthly", month_days=days)


@bp.route("/sessions/<id:session_id>")
@requires("reception.read")
def session(session_id):
    item = _session_or_404(session_id)
    delegate_form = DelegateForm(
        prefix="delegate",
        data={"delegated": item.delegated, "delegate_name": item.delegate_name or ""},
    )
    return render_template(
        "reception/session.html",
        item=item,
        clashes=clash_map([item]).get(item.id, []),
        postpone_form=PostponeForm(prefix="postpone"),
        cancel_form=CancelForm(prefix="cancel"),
        delegate_form=delegate_form,
        can_manage=item.can_manage(current_user),
        today=clock.today(),
        labels=_labels(),
    )


def _after_change(item: ReceptionSession, message: str):
    flash(message, "success")
    return redirect(url_for("reception.session", session_id=item.id))


def _flash_error(error: Refused, item: ReceptionSession):
    flash_refusal(error)
    return redirect(url_for("reception.session", session_id=item.id))


@bp.route("/sessions/<id:session_id>/held", methods=["POST"])
@requires("reception.manage")
def session_held(session_id):
    item = _manageable_session(session_id)
    try:
        mark_held(item, actor=current_user, today=clock.today())
    except Refused as error:
        return _flash_error(error, item)
    return _after_change(item, _("Đã ghi nhận buổi tiếp đã diễn ra."))


@bp.route("/sessions/<id:session_id>/postpone", methods=["POST"])
@requires("reception.manage")
def session_postpone(session_id):
    item = _manageable_session(session_id)
    form = PostponeForm(prefix="postpone")
    if not form.validate():
        flash(_("Hãy ghi ngày mới và lý do hoãn."), "error")
        return redirect(url_for("reception.session", session_id=item.id))
    try:
        replacement = postpone_session(
            item,
            new_day=form.new_day.data,
            reason=form.reason.data,
            actor=current_user,
            today=clock.today(),
        )
    except Refused as error:
        return _flash_error(error, item)
    flash(
        _("Đã hoãn buổi tiếp sang ngày %(day)s.", day=replacement.day.strftime("%d/%m/%Y")),
        "success",
    )
    return redirect(url_for("reception.session", session_id=replacement.id))


@bp.route("/sessions/<id:session_id>/cancel", methods=["POST"])
@requires("reception.manage")
def session_cancel(session_id):
    item = _manageable_session(session_id)
    form = CancelForm(prefix="cancel")
    try:
        cancel_session(item, reason=form.reason.data or "", actor=current_user, today=clock.today())
    except Refused as error:
        return _flash_error(error, item)
    return _after_change(item, _("Đã hủy buổi tiếp."))


@bp.route("/sessions/<id:session_id>/publish", methods=["POST"])
@requires("reception.manage")
def session_publish(session_id):
    item = _manageable_session(session_id)
    published = request.form.get("published") == "1"
    set_published(item, published=published, actor=current_user)
    message = _("Đã công khai buổi tiếp.") if published else _("Đã thôi công khai buổi tiếp.")
    return _after_change(item, message)


@bp.route("/sessions/<id:session_id>/delegate", methods=["POST"])
@requires("reception.manage")
def session_delegate(session_id):
    item = _manageable_session(session_id)
    form = DelegateForm(prefix="delegate")
    try:
        set_delegation(
            item,
            delegated=form.delegated.data,
            delegate_name=form.delegate_name.data or "",
            actor=current_user,
        )
    except Refused as error:
        return _flash_error(error, item)
    return _after_change(item, _("Đã lưu việc ủy quyền."))


# -- staff: the reception log ---------------------------------------------------------------------


@bp.route("/log")
@requires("reception.read")
def log():
    unit = _chosen_unit()
    month = reception_log.log_month(unit.id)
    return render_template(
        "reception/log.html",
        unit=unit,
        units=_readable_units(),
        month=month,
        visits=reception_log.month_visits(unit.id, month),
        can_manage=current_user.can("reception.manage") and unit.id == current_user.unit_id,
        labels=_labels(),
    )


@bp.route("/log/print")
@requires("reception.read")
def log_print():
    unit = _chosen_unit()
    start, end = reception_log.export_period()
    return render_template(
        "reception/log_print.html",
        unit=unit,
        start=start,
        end=end,
        headers=export.headers(),
        rows=reception_log.log_rows(unit.id, start, end),
    )


@bp.route("/log.xlsx")
@requires("reception.read")
def log_xlsx():
    unit = _chosen_unit()
    start, end = reception_log.export_period()
    return reception_log.workbook_response(unit, start, end)


def _session_choices(today: date) -> list:
    """The unit's sessions a visit can be logged at: today's, and those of the last weeks."""
    sessions = sessions_between(
        start=today - timedelta(days=31), end=today, unit_ids=[current_user.unit_id]
    )
    choices = [("", _("Tiếp thường xuyên tại Trụ sở tiếp công dân"))]
    for item in reversed(sessions):
        if item.is_active:
            choices.append(
                (
                    str(item.id),
                    _(
                        "%(day)s — %(kind)s, %(who)s",
                        day=item.day.strftime("%d/%m/%Y"),
                        kind=kind_labels()[item.kind.value],
                        who=item.receiver_name,
                    ),
                )
            )
    return options(choices)


@bp.route("/visits/new", methods=["GET", "POST"])
@requires("reception.manage")
def new_visit():
    today = clock.today()
    form = VisitForm()
    form.session.choices = _session_choices(today)
    chosen_session = None
    if not form.is_submitted():
        form.visited_on.data = today
        wanted = request.args.get("session", "")
        if wanted.isdigit():
            chosen_session = db.session.get(ReceptionSession, int(wanted))
            if chosen_session is not None and chosen_session.unit_id == current_user.unit_id:
                form.session.data = wanted
                form.visited_on.data = min(chosen_session.day, today)
                if wanted not in {choice.value for choice in form.session.choices}:
                    form.session.choices += options(
                        [(wanted, chosen_session.day.strftime("%d/%m/%Y"))]
                    )
    if form.is_submitted() and request.form.get("add_row"):
        # A row more for a party that names more people, without logging the visit (works
        # without script; with it, reception.js adds the row in the page).
        form.citizens.append_entry()
    elif form.validate_on_submit():
        session_obj = None
        if form.session.data:
            session_obj = (
                db.session.get(ReceptionSession, int(form.session.data))
                if form.session.data.isdigit()
                else None
            )
            if session_obj is None:
                form.session.errors = [_("Không tìm thấy buổi tiếp.")]
        if not form.session.errors:
            try:
                visit = log_visit(
                    unit=current_user.unit,
                    session=session_obj,
                    visited_on=form.visited_on.data,
                    people=form.people.data,
                    citizens=[entry.data for entry in form.citizens.entries],
                    content=form.content.data,
                    classification=form.classification.data,
                    handled_by=form.handled_by.data or "",
                    route=form.route.data or None,
                    forwarded_to=form.forwarded_to.data or "",
                    follow_up=form.follow_up.data or "",
                    notes=form.notes.data or "",
                    first_visit=form.first_visit.data != "repeat",
                    refusal_ground=form.refusal_ground.data or None,
                    refusal_notice=form.refusal_notice.data or "",
                    mode=form.mode.data or None,
                    actor=current_user,
                    today=today,
                )
            except Refused as error:
                show_refusal(form, error, "content")
            else:
                flash(
                    _("Đã ghi lượt tiếp số %(n)d vào sổ tiếp công dân.", n=visit.sequence),
                    "success",
                )
                return redirect(url_for("reception.visit", visit_id=visit.id))
    return render_template("reception/visit_form.html", form=form)


@bp.route("/visits/<id:visit_id>")
@requires("reception.read")
def visit(visit_id):
    item = db.get_or_404(Visit, visit_id)
    if not _readable(item.unit_id):
        abort(404)
    case = None
    if item.case_id is not None:
        case = db.session.get(Case, item.case_id)
    if item.sealed and item.can_see_identity(current_user):
        begin_write()
    people = visit_identities(item, actor=current_user, purpose="visit page")
    if item.sealed and people is not None:
        # Committed before the identity goes into the page, whatever happens to the page.
        db.session.commit()
    outcome_form = OutcomeForm(
        data={
            "route": item.route.value if item.route else "",
            "forwarded_to": item.forwarded_to,
            "follow_up": item.follow_up,
            "notes": item.notes,
        }
    )
    return render_template(
        "reception/visit.html",
        item=item,
        case=case,
        case_url=_case_url(case),
        can_manage=item.can_manage(current_user),
        people=people,
        citizens_text=export.citizens_text(item, people),
        intake_url=intake_link(item),
        outcome_form=outcome_form,
        labels=_labels(),
    )


def _case_url(case) -> str | None:
    if case is None:
        return None
    return url_for("cases.show", case_id=case.id)


@bp.route("/visits/<id:visit_id>/outcome", methods=["POST"])
@requires("reception.manage")
def visit_outcome(visit_id):
    item = db.get_or_404(Visit, visit_id)
    if not item.can_manage(current_user):
        abort(403)
    form = OutcomeForm()
    if item.route is not None and item.route.value == "refused":
        abort(409)
    try:
        update_visit_outcome(
            item,
            route=form.route.data or None,
            forwarded_to=form.forwarded_to.data or "",
            follow_up=form.follow_up.data or "",
            notes=form.notes.data or "",
            actor=current_user,
        )
    except Refused as error:
        flash_refusal(error)
    else:
        flash(_("Đã cập nhật kết quả xử lý."), "success")
    return redirect(url_for("reception.visit", visit_id=item.id))


# -- staff: compliance ----------------------------------------------------------------------------


@bp.route("/compliance")
@requires("reception.read")
def compliance():
    year = _year_arg()
    code = request.args.get("unit", "")
    allowed = readable_unit_ids(current_user)
    unit = None
    if code:
        unit = get_by_code(code)
        if unit is None or (allowed is not None and unit.id not in allowed):
            abort(404)
    elif allowed is not None:
        unit = current_user.unit
    report = heads_compliance(year=year, unit=unit, today=clock.today(), lang=_lang())
    return render_template(
        "reception/compliance.html",
        report=report,
        year=year,
        unit=unit,
        units=_readable_units(),
        labels=_labels(),
    )


@bp.route("/compliance/mine")
@requires("reception.read")
def my_compliance():
    if not current_user.has_role(Role.UNIT_HEAD):
        return redirect(url_for("reception.compliance"))
    return redirect(url_for("reception.head_compliance", head_id=current_user.id, year=_year_arg()))


@bp.route("/compliance/<id:head_id>")
@requires("reception.read")
def head_compliance(head_id):
    head = db.get_or_404(User, head_id)
    if not _readable(head.unit_id):
        abort(404)
    year = _year_arg()
    report = heads_compliance(
        year=year, unit=head.unit, today=clock.today(), lang=_lang(), head_id=head.id
    )
    entry = next((h for h in report["heads"] if h["head"]["id"] == head.id), None)
    if entry is None:
        abort(404)
    sessions = db.session.scalars(
        select(ReceptionSession)
        .where(
            ReceptionSession.head_id == head.id,
            ReceptionSession.day.between(date(year, 1, 1), date(year, 12, 31)),
        )
        .order_by(ReceptionSession.day, ReceptionSession.starts_at)
    ).all()
    return render_template(
        "reception/head_compliance.html",
        head=head,
        entry=entry,
        year=year,
        sessions=sessions,
        labels=_labels(),
    )


# -- public: the calendar and its feed ------------------------------------------------------------


def _public_unit() -> Unit | None:
    code = request.args.get("unit", "")
    if not code:
        return None
    unit = get_by_code(code)
    if unit is None:
        abort(404)
    return unit


@bp.route("/calendar")
@public
def public_calendar():
    unit = _public_unit()
    first, last = _month_arg()
    unit_ids = subtree_ids(unit) if unit is not None else None
    sessions = sessions_between(start=first, end=last, unit_ids=unit_ids, published_only=True)
    by_day: dict[date, list[ReceptionSession]] = {}
    for item in sessions:
        by_day.setdefault(item.day, []).append(item)
    return render_template(
        "reception/public_calendar.html",
        unit=unit,
        units=tree_rows(),
        first=first,
        months=_month_links(first),
        by_day=by_day,
        feed_url=url_for(
            "reception.calendar_feed", unit=unit.code if unit else None, _external=True
        ),
        head_title=_head_title,
        labels=_labels(),
    )


def _head_title(item: ReceptionSession) -> str:
    """The office whose duty the session is, e.g. the chair of the provincial committee."""
    minimum = minimum_for(item.unit.level.value, on=item.day)
    return minimum.title(_lang()) if minimum is not None else ""


@bp.route("/calendar.ics")
@public
def calendar_feed():
    return ical.published_feed(_public_unit(), today=clock.today(), now=clock.now(), lang=_lang())


@bp.app_template_filter("hm")
def format_time(value) -> str:
    return value.strftime("%H:%M") if value else ""
