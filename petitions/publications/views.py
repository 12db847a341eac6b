"""Pages of publication: the staff's public version of a decision (prepare, edit, submit,
approve, return, withdraw) and the public list, page and PDF of what was published."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from petitions.cases.access import get_case_for
from petitions.clock import today
from petitions.documents.models import OfficialDocument
from petitions.documents.service import send
from petitions.errors import Refused
from petitions.extensions import db
from petitions.guards import row_id
from petitions.permissions import public, requires
from petitions.publications import services
from petitions.publications.models import Publication, State
from petitions.views_support import flash_refusal, page_number

bp = Blueprint("publications", __name__)

KINDS = {"complaint", "denunciation"}


def _case(case_id: int, *, lock: bool = False):
    try:
        return get_case_for(current_user, case_id, lock=lock)
    except Refused as error:
        abort(error.status)


def _publication(case, publication_id: int) -> Publication:
    found = db.session.get(Publication, publication_id) if 0 < publication_id < 2**31 else None
    if found is None or found.case_id != case.id:
        abort(404)
    return found


@bp.app_template_global()
def publication_duties(case):
    """The case page's publication panel: each document to publish, its state and deadline."""
    return services.duties(case, today=today())


@bp.app_template_global()
def may_prepare_publication(case):
    return case.anonymised_on is None and services.can_prepare(current_user, case)


@bp.route("/cases/<id:case_id>/publications", methods=["POST"])
@requires("cases.act")
def prepare(case_id):
    case = _case(case_id, lock=True)
    number = row_id(request.form.get("document", ""))
    document = db.session.get(OfficialDocument, number) if number else None
    if document is None or document.case_id != case.id:
        abort(404)
    try:
        publication = services.prepare(case, document, actor=current_user, today=today())
    except Refused as refused:
        if refused.status in (403, 404):
            abort(refused.status)
        flash_refusal(refused)
        return redirect(url_for("cases.show", case_id=case.id))
    return redirect(url_for("publications.edit", case_id=case.id, publication_id=publication.id))


@bp.route("/cases/<id:case_id>/publications/<id:publication_id>", methods=["GET", "POST"])
@requires("cases.read")
def edit(case_id, publication_id):
    case = _case(case_id, lock=request.method == "POST")
    publication = _publication(case, publication_id)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        action = request.form.get("action", "save")
        day = today()
        try:
            # A save or submit arriving after the version was approved is refused by the
            # service (it must not be reported as saved); an approval saves what the head saw.
            if action in ("save", "submit") or (
                action == "approve" and publication.state in (State.DRAFT, State.SUBMITTED)
            ):
                services.save(
                    publication,
                    case,
                    actor=current_user,
                    title=request.form.get("title"),
                    text=request.form.get("text"),
                    submit=action == "submit",
                    today=day,
                )
            if action == "approve":
                services.approve(publication, case, actor=current_user, today=day)
                flash(_("Đã phê duyệt và công khai."), "success")
            elif action == "return":
                services.return_draft(
                    publication,
                    case,
                    actor=current_user,
                    reason=request.form.get("reason"),
                    today=day,
                )
                flash(_("Đã trả lại bản công khai."), "success")
            elif action == "withdraw":
                services.withdraw(
                    publication,
                    case,
                    actor=current_user,
                    reason=request.form.get("reason"),
                    today=day,
                )
                flash(_("Đã gỡ bản công khai."), "success")
            elif action == "submit":
                flash(_("Đã trình thủ trưởng phê duyệt."), "success")
            elif action == "save":
                flash(_("Đã lưu bản công khai."), "success")
            elif action not in ("approve",):
                abort(400)
        except Refused as refused:
            if refused.status in (403, 404):
                abort(refused.status)
            # What the user typed goes back to them with the reasons; the answer's status
            # rolls the request back (petitions.create_app's commit_request), so nothing is kept.
            # Never flushed either: a refused value (a title too long for its column) must not
            # reach the database on the way to the page.
            kept_title, kept_text = request.form.get("title"), request.form.get("text")
            db.session.rollback()
            case = _case(case_id)
            publication = _publication(case, publication_id)
            with db.session.no_autoflush:
                if kept_title is not None and publication.state in (State.DRAFT, State.SUBMITTED):
                    publication.title, publication.text = kept_title, kept_text or ""
                return _render(
                    case,
                    publication,
                    errors=refused.fields or {"form": [refused.message]},
                    status=422,
                )
        return redirect(
            url_for("publications.edit", case_id=case.id, publication_id=publication.id)
        )
    return _render(case, publication, errors=errors)


def _render(case, publication, *, errors, status=200):
    try:
        found = services.leftovers(publication, case)
    except Refused as refused:
        found, errors = [], {**errors, "form": [refused.message]}
    duty = next(
        (
            d
            for d in services.duties(case, today=today())
            if d.document.id == publication.document_id
        ),
        None,
    )
    return (
        render_template(
            "publications/edit.html",
            case=case,
            publication=publication,
            duty=duty,
            warnings=services.describe(found),
            errors=errors,
            can_edit=(publication.state == State.DRAFT and services.can_prepare(current_user, case))
            or (publication.state == State.SUBMITTED and services.can_approve(current_user, case)),
            can_approve=services.can_approve(current_user, case),
            State=State,
        ),
        status,
    )


# -- the public site ------------------------------------------------------------------------------


def _filters():
    unit = (request.args.get("unit") or "").strip()[:40] or None
    kind = request.args.get("kind") or None
    if kind not in KINDS:
        kind = None
    raw_year = request.args.get("year", "")
    year = int(raw_year) if raw_year.isdigit() and 2000 <= int(raw_year) <= 2100 else None
    return unit, kind, year


@bp.route("/decisions/")
@public
def public_index():
    unit, kind, year = _filters()
    found = services.public_list(
        unit=unit,
        kind=kind,
        year=year,
        page=page_number(),
        per_page=int(current_app.config["PAGE_SIZE"]),
    )
    return render_template(
        "publications/public_index.html",
        found=found,
        unit=unit,
        kind=kind,
        year=year,
        units=services.public_units(),
        years=services.public_years(),
    )


@bp.route("/decisions/<id:publication_id>")
@public
def public_show(publication_id):
    try:
        publication = services.public_item(publication_id)
    except Refused:
        abort(404)
    return render_template(
        "publications/public_show.html",
        publication=publication,
        paragraphs=services.paragraphs(publication),
        State=State,
        basis=services.rules.rule_in_force(publication.rule, publication.issued_on),
    )


@bp.route("/decisions/<id:publication_id>.pdf")
@public
def public_pdf(publication_id):
    try:
        publication = services.public_item(publication_id)
    except Refused:
        abort(404)
    if publication.state != State.PUBLISHED or not publication.pdf:
        abort(404)
    name = f"Ban cong khai {publication.number}.pdf".replace("/", "-")
    response = send(publication.pdf, "application/pdf", name)
    response.headers["Content-Disposition"] = response.headers["Content-Disposition"].replace(
        "attachment", "inline"
    )
    return response
