"""Staff pages of the case workflow: the case list, the case page with its next steps, the
notices in print layout and as .docx, and the case's documents."""

import io

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from petitions import attachments as files
from petitions.accounts.models import User
from petitions.cases import competence, decisions, forms, labels, notices, queries, steps
from petitions.cases.access import can_reveal, get_case_for, visible_unit_ids
from petitions.cases.deadline_views import deadline_views
from petitions.cases.facts import linked_cases, next_steps, proposable_steps
from petitions.cases.identity import petitioner_summary, reveal_identity
from petitions.cases.models import Attachment, Case, CaseEvent, Status
from petitions.cases.proposals import describe_proposal, pending_proposals
from petitions.clock import today
from petitions.documents import service as documents_service
from petitions.documents.models import OfficialDocument
from petitions.domain import workflow
from petitions.errors import Refused
from petitions.extensions import db
from petitions.intake.services import normalise_tracking_code
from petitions.permissions import Role, requires
from petitions.privacy.access import record_view
from petitions.reception.visits import visit_of_case
from petitions.units.models import Unit
from petitions.views_support import begin_write, page_number

bp = Blueprint("cases", __name__, url_prefix="/cases")


def _case_or_abort(case_id: int, *, lock: bool = False):
    try:
        return get_case_for(current_user, case_id, lock=lock)
    except Refused as error:
        abort(error.status)


# -- the list -------------------------------------------------------------------------------------


def _filter_form() -> forms.FilterForm:
    form = forms.FilterForm(request.args)
    form.status.choices = forms.options({"": _("Tất cả"), **labels.STATUS})
    form.kind.choices = forms.options({"": _("Tất cả"), **labels.KIND})
    units = visible_unit_ids(current_user)
    unit_query = select(Unit).order_by(Unit.code)
    user_query = select(User).where(User.has_any_role(Role.HANDLER, Role.UNIT_HEAD))
    if units is not None:
        unit_query = unit_query.where(Unit.id.in_(units))
        user_query = user_query.where(User.unit_id.in_(units))
    form.unit.choices = forms.options(
        {"": _("Tất cả")} | {u.code: f"{u.name} ({u.code})" for u in db.session.scalars(unit_query)}
    )
    form.handler.choices = forms.options(
        {"": _("Tất cả")}
        | {
            u.username: u.display_name
            for u in db.session.scalars(user_query.order_by(User.username))
        }
    )
    return form


@bp.route("/")
@requires("cases.read")
def index():
    form = _filter_form()
    day = today()
    filters = queries.CaseFilters(
        status=form.status.data or None,
        kind=form.kind.data or None,
        unit=form.unit.data or None,
        handler=form.handler.data or None,
        overdue=bool(form.overdue.data),
        due_soon=bool(form.due_soon.data),
        received_from=form.received_from.data if not form.received_from.errors else None,
        received_to=form.received_to.data if not form.received_to.errors else None,
        q=form.q.data or None,
        sort=form.sort.data or "-received",
    )
    if request.args:
        form.validate()
    try:
        counts = queries.count_by_status(current_user, filters, today=day)
        page = queries.list_cases(
            current_user,
            filters,
            today=day,
            page=page_number(),
            per_page=int(current_app.config["PAGE_SIZE"]),
            total=queries.total_of_counts(counts, filters),
        )
    except Refused as error:
        flash(error.message, "error")
        return redirect(url_for("cases.index"))
    return render_template(
        "cases/index.html",
        form=form,
        page=page,
        day=day,
        labels=labels,
        counts=counts,
        status_link=_status_link,
        filtered=any(v for k, v in request.args.items() if k not in ("page", "sort", "q")),
    )


def _status_link(status: str) -> str:
    """The list with the same search and filters, narrowed to one status."""
    args = {k: v for k, v in request.args.items() if k not in ("page", "status") and v}
    return url_for("cases.index", **args, status=status)


@bp.route("/<code>")
@requires("cases.read")
def by_tracking_code(code):
    """A case opened by its tracking code (HG-26-7KQ4-M2XD), as printed on every receipt."""
    wanted = normalise_tracking_code(code)
    case_id = db.session.scalar(select(Case.id).where(Case.tracking_code == wanted))
    if case_id is None:
        abort(404)
    case = _case_or_abort(case_id)  # the same rule as the case page: 404 if not visible
    return redirect(url_for("cases.show", case_id=case.id))


# -- the case page --------------------------------------------------------------------------------


def _step_form(case, action: str, *, formdata=None) -> forms.StepForm:
    form = forms.STEP_FORMS[action](formdata=formdata, prefix="")
    form.on.render_kw = {"max": today().isoformat()}
    # Several step forms share a page: ids carry the step so that labels stay unique.
    for f in form:
        f.id = f"{action}-{f.id}"
        f.label.field_id = f.id
    if action in ("forward", "guide"):
        form.about.choices = forms.options(
            {"": _("— Không xác định —")}
            | {s.subject: s.subject_label for s in competence.suggestions(case, on=today())}
        )
    if action == "forward":
        form.to_unit.choices = forms.options(
            {"": _("— Chọn đơn vị —")}
            | {
                u.code: f"{u.name} ({u.code})"
                for u in db.session.scalars(
                    select(Unit)
                    .where(Unit.active.is_(True), Unit.id != case.unit_id)
                    .order_by(Unit.code)
                )
            }
        )
    if action == "assign":
        assigned = {a.user_id for a in case.assignments if a.active}
        form.user.choices = forms.options(
            {"": _("— Chọn cán bộ —")}
            | {
                u.username: u.display_name
                for u in db.session.scalars(
                    select(User)
                    .where(
                        User.unit_id == case.unit_id,
                        User.active.is_(True),
                        User.has_any_role(Role.HANDLER, Role.UNIT_HEAD),
                    )
                    .order_by(User.full_name)
                )
                if u.id not in assigned
            }
        )
    if action in ("suspend", "terminate"):
        form.ground.choices = forms.options(decisions.ground_choices(action, case.kind.value))
    return form


def _render_case(case, *, failed: str | None = None, failed_form=None, identities=None, status=200):
    day = today()
    available = next_steps(current_user, case, today=day)
    proposable = proposable_steps(current_user, case, today=day)
    step_forms = {}
    for action in [*available, *proposable]:
        if action == failed and failed_form is not None:
            step_forms[action] = failed_form
        else:
            step_forms[action] = _step_form(case, action)
    proposals = []
    if current_user.has_role(Role.UNIT_HEAD) and case.unit_id == current_user.unit_id:
        proposals = pending_proposals(case)
    events = case.events
    notice_events = [e for e in events if (e.details or {}).get("notice")]
    issued = documents_service.case_documents(case)
    printed = {d.event_id for d in issued if d.event_id is not None}
    return (
        render_template(
            "cases/show.html",
            case=case,
            day=day,
            labels=labels,
            steps=available,
            proposable=proposable,
            step_forms=step_forms,
            failed=failed,
            proposals=proposals,
            deadlines=deadline_views(case, day, explained=True),
            events=events,
            notice_events=[e for e in notice_events if e.id not in printed],
            issued=issued,
            printable={e.id for e in notice_events},
            related=queries.related_cases(case),
            forwarded_to=linked_cases(case),
            competent_units=(
                competence.suggestions(case, on=day)
                if "forward" in step_forms or "guide" in step_forms
                else []
            ),
            describe_proposal=describe_proposal,
            can_reveal=can_reveal(current_user, case),
            reveal_form=forms.RevealForm(),
            identities=identities,
            petitioner=petitioner_summary(case),
            assignees=[a for a in case.assignments if a.active],
            head_only=workflow.HEAD_ONLY_ACTIONS,
            from_visit=visit_of_case(case.id),
        ),
        status,
    )


@bp.route("/<id:case_id>")
@requires("cases.read")
def show(case_id):
    case = _case_or_abort(case_id)
    page, seen = _render_case(case), case.id
    # Each staff view of a case's personal data is recorded (privacy.access).
    begin_write()
    record_view(current_user, seen, via="page")
    return page


@bp.route("/<id:case_id>/steps/<action>", methods=["GET", "POST"])
@requires("cases.read")
def act(case_id, action):
    if action not in forms.STEP_FORMS and action != "propose":
        abort(404)
    if request.method == "GET":
        # The address a step answered from (its errors shown) stays reloadable: the case
        # page with that step's form open.
        return _render_case(
            _case_or_abort(case_id), failed=action if action in forms.STEP_FORMS else None
        )
    case = _case_or_abort(case_id, lock=True)
    data = {k: v for k, v in request.form.items() if k != "csrf_token"}
    shown = action
    if action == "propose":
        shown = data.get("proposal", "")
        if shown not in forms.STEP_FORMS:
            abort(400)
    form = _step_form(case, shown, formdata=request.form)
    if not form.validate_on_submit() and "csrf_token" in form.errors:
        flash(
            _("Phiên làm việc của biểu mẫu đã hết hạn. Vui lòng tải lại trang và gửi lại."), "error"
        )
        return redirect(url_for("cases.show", case_id=case.id))
    data["action"] = action
    documents = [f for f in request.files.getlist("document") if f and f.filename]
    try:
        event = steps.take_action(
            case, data, actor=current_user, today=today(), documents=documents
        )
    except Refused as error:
        db.session.rollback()
        if error.status == 422:
            case = _case_or_abort(case_id)
            form.errors_from(error.fields)
            flash(error.message, "error")
            return _render_case(case, failed=shown, failed_form=form, status=422)
        flash(error.message, "error")
        return redirect(url_for("cases.show", case_id=case_id))
    if event.action == "proposal":
        flash(_("Đã gửi đề xuất «%(step)s» tới thủ trưởng.", step=labels.ACTION[shown]), "success")
    else:
        flash(
            _(
                "Đã ghi nhận: %(step)s. Trạng thái: %(status)s.",
                step=labels.ACTION[action],
                status=labels.status(case.status),
            ),
            "success",
        )
    return redirect(url_for("cases.show", case_id=case.id) + "#history")


@bp.route("/<id:case_id>/reveal", methods=["POST"])
@requires("cases.act")
def reveal(case_id):
    case = _case_or_abort(case_id)
    form = forms.RevealForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        identities = reveal_identity(
            case, actor=current_user, reason=form.reason.data, today=today()
        )
    except Refused as error:
        db.session.rollback()
        if error.status == 403:
            abort(403)
        flash(error.message, "error")
        return redirect(url_for("cases.show", case_id=case_id))
    # Recorded before the identity goes into the page, whatever happens to the page.
    db.session.commit()
    # Shown on this response only: a reload shows the seal again and needs a new reason.
    response, status = _render_case(case, identities=identities)
    return response, status, {"Cache-Control": "no-store"}


# -- notices and documents ------------------------------------------------------------------------


def _notice_event(case, event_id: int) -> CaseEvent:
    event = db.session.get(CaseEvent, event_id)
    if event is None or event.case_id != case.id or not (event.details or {}).get("notice"):
        abort(404)
    return event


@bp.route("/<id:case_id>/notices/<id:event_id>")
@requires("cases.read")
def notice(case_id, event_id):
    case = _case_or_abort(case_id)
    event = _notice_event(case, event_id)
    return render_template(
        "cases/notice.html", notice=notices.build(case, event), case=case, event=event
    )


@bp.route("/<id:case_id>/notices/<id:event_id>.docx")
@requires("cases.read")
def notice_docx(case_id, event_id):
    case = _case_or_abort(case_id)
    event = _notice_event(case, event_id)
    attachment_id = (event.details or {}).get("attachment_id")
    attachment = db.session.get(Attachment, attachment_id) if attachment_id else None
    if attachment is not None and attachment.case_id == case.id:
        return _send_attachment(attachment)
    built = notices.build(case, event)
    return send_file(
        io.BytesIO(notices.render_docx(built)),
        mimetype=notices.DOCX_TYPE,
        as_attachment=True,
        download_name=built.filename,
    )


def _send_attachment(attachment: Attachment):
    path = files.path_of(attachment)
    if not path.exists():
        abort(404)
    # Read whole (files are at most a few MB): no file handle outlives the request.
    response = send_file(
        io.BytesIO(path.read_bytes()),
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.original_name,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<id:case_id>/documents/<id:attachment_id>")
@requires("cases.read")
def document(case_id, attachment_id):
    case = _case_or_abort(case_id)
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.case_id != case.id:
        abort(404)
    return _send_attachment(attachment)


@bp.route("/<id:case_id>/issued/<id:document_id>.<extension>")
@requires("cases.read")
def issued_document(case_id, document_id, extension):
    """An issued document of the case as PDF or .docx, for the case page (the same file as
    GET /api/v1/cases/<id>/documents/<id>.<ext>)."""
    if extension not in documents_service.FORMATS:
        abort(404)
    begin_write()  # the file is rendered once and kept
    case = _case_or_abort(case_id)
    found = db.session.get(OfficialDocument, document_id)
    if found is None or found.case_id != case.id:
        abort(404)
    data, content_type, name = documents_service.rendered(found, extension, actor=current_user)
    return documents_service.send(data, content_type, name)


@bp.app_template_global()
def case_status_label(status) -> str:
    return labels.status(status)


@bp.app_template_global()
def case_open_statuses():
    return [s.value for s in Status if s.value in workflow.OPEN_STATES]
