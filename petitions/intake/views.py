"""Pages: the citizen's online form, receipt and tracking; desk and mail intake for staff."""

import segno
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice

from petitions.attachments import AttachmentError, check_upload, path_of, read_file_storage
from petitions.cases.access import can_read
from petitions.cases.models import Case
from petitions.clock import today
from petitions.database import utcnow
from petitions.documents import service as document_files
from petitions.documents.service import case_documents
from petitions.errors import Refused
from petitions.extensions import db, limiter
from petitions.intake import from_visit, labels, pending, receipts, services
from petitions.intake.api import SUBMIT_SCOPE, TRACK_SCOPE, submit_limit, track_limit
from petitions.intake.forms import (
    CO_PETITIONER_ROWS,
    DeskForm,
    SubmitForm,
    TrackForm,
    channel_choices,
    options,
    person_payload,
)
from petitions.intake.validation import (
    Errors,
    attachment_message,
    parse_received_on,
    resolve_unit,
    too_many_files_message,
    validate_petition,
)
from petitions.notifications.services import public_url
from petitions.permissions import public, requires
from petitions.privacy.subject import record_consent
from petitions.reception.models import Visit
from petitions.reception.visits import CASE_KINDS
from petitions.units.services import subtree_ids, tree_rows
from petitions.views_support import begin_write

bp = Blueprint("intake", __name__, url_prefix="/intake")

RECEIPT_SESSION_KEY = "intake_receipt"


def unit_choices(blank: str | None, within: set[int] | None = None) -> list[SelectChoice]:
    """Active units in tree order, indented by depth; `within` keeps only those unit ids."""
    rows = [
        (unit.code, "\u00a0\u00a0" * depth + unit.name)
        for unit, depth in tree_rows()
        if unit.active and (within is None or unit.id in within)
    ]
    return options(([("", blank)] if blank is not None else []) + rows)


def read_uploads(errors: Errors) -> list:
    uploads = []
    for storage in request.files.getlist("files"):
        if not storage or not storage.filename:
            continue
        try:
            uploads.append(check_upload(storage.filename, read_file_storage(storage)))
        except AttachmentError as error:
            errors.add("files", attachment_message(error))
    return uploads


def show_errors(form, fields: dict[str, list[str]], positions: dict[int, int] | None = None):
    """Put the service's messages next to the form fields they belong to."""
    general = []
    for name, messages in fields.items():
        parts = name.split(".")
        target = None
        if parts[0] == "petitioner" and len(parts) == 2:
            target = getattr(form, parts[1], None)
        elif parts[0] == "co_petitioners" and len(parts) == 3 and positions is not None:
            row = positions.get(int(parts[1])) if parts[1].isdigit() else None
            if row is not None:
                target = getattr(form.co_petitioners[row].form, parts[2], None)
        elif parts[0] in ("repeat_of", "duplicate_of"):
            target = None
        else:
            target = getattr(form, parts[0], None)
        if target is None or not hasattr(target, "errors"):
            general.extend(messages)
            continue
        if not isinstance(target.errors, list):
            target.errors = list(target.errors)
        target.errors.extend(messages)
    return general


def remember_receipt(receipt: services.Receipt) -> None:
    """The session holds a one-time ticket for the key, never the key itself."""
    session[RECEIPT_SESSION_KEY] = receipts.issue_receipt_ticket(receipt, now=utcnow())


def take_receipt(case_id: int | None = None) -> tuple[Case, str] | None:
    """The case and its access key, once; the ticket is spent whether or not it opens."""
    held = session.get(RECEIPT_SESSION_KEY)
    if not held or (case_id is not None and held.get("case") != case_id):
        return None
    session.pop(RECEIPT_SESSION_KEY, None)
    begin_write()
    taken = receipts.redeem_receipt_ticket(held, now=utcnow())
    # Spent before the page is built, not at the request's end: the write lock is not held
    # while rendering, and a key reaches one page at most.
    db.session.commit()
    return taken


def no_store(response):
    """A page that shows an access key must not be kept by the browser or a proxy."""
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


# -- the citizen -----------------------------------------------------------------------------


@bp.route("/submit", methods=["GET", "POST"])
@limiter.shared_limit(submit_limit, scope=SUBMIT_SCOPE, methods=["POST"])
@public
def submit():
    form = SubmitForm()
    form.unit.choices = unit_choices(_("— Để hệ thống chuyển đến cơ quan có thẩm quyền —"))
    if request.method == "GET" and request.args.get("kind") in labels.KINDS:
        form.kind.data = request.args["kind"]
    general: list[str] = []
    step = request.form.get("step", "")
    held = request.form.get("files_token", "")
    if form.is_submitted() and step == "edit":
        # Back from "check your answers": the form as it was, the files still held.
        return _submit_page(form, general, held=held), 200
    if form.is_submitted():
        form.validate()  # the consent box and the CSRF token; the rest is the service's
        problems = Errors()
        uploads = read_uploads(problems)
        if not uploads and not problems.fields:
            uploads = pending.peek(held)
        day = today()
        try:
            if problems.fields or form.errors:
                validate_petition(form.payload(), staff=False, errors=problems)
                raise Refused(422, fields=problems.fields)
            if step == "check":
                validate_petition(form.payload(), staff=False, errors=problems)
                limit = int(current_app.config["UPLOAD_MAX_FILES"])
                if len(uploads) > limit:
                    raise Refused(422, fields={"files": [too_many_files_message(limit)]})
                if any(f.filename for f in request.files.getlist("files")):
                    pending.drop(held)  # new files chosen: they replace those held
                    held = pending.hold(uploads)
                return _check_page(form, uploads, held)
            receipt = services.record_petition(
                data=form.payload(),
                channel="online",
                receiving_unit=None,
                received_on=day,
                today=day,
                attachments=uploads,
            )
            # The form cannot be sent without the consent box: record to which notice.
            record_consent(receipt.case, channel="online")
        except Refused as error:
            db.session.rollback()
            general = show_errors(form, error.fields)
        else:
            pending.drop(held)
            remember_receipt(receipt)
            return redirect(url_for("intake.receipt"))
    return _submit_page(form, general, held=held), (422 if form.is_submitted() else 200)


def _submit_page(form: SubmitForm, general: list[str], *, held: str = ""):
    return render_template(
        "intake/submit.html",
        form=form,
        general_errors=general,
        explanations=labels.KIND_EXPLANATIONS,
        max_files=current_app.config["UPLOAD_MAX_FILES"],
        max_mb=current_app.config["UPLOAD_MAX_BYTES"] // (1024 * 1024),
        files_token=held,
        held_files=pending.peek(held),
    )


def _check_page(form: SubmitForm, uploads: list, held: str):
    """The answers as they will be sent, to check before sending (GOV.UK's check step)."""
    unit = resolve_unit(form.unit.data) if form.unit.data else None
    return render_template(
        "intake/check.html",
        form=form,
        kind_label=labels.label(labels.KINDS, form.kind.data),
        unit_name=unit.name if unit is not None else None,
        uploads=uploads,
        files_token=held,
    )


@bp.route("/receipt")
@public
def receipt():
    taken = take_receipt()
    if taken is None:
        flash(
            _("Biên nhận chỉ hiển thị một lần. Hãy tra cứu hồ sơ bằng mã hồ sơ và mã bí mật."),
            "warning",
        )
        return no_store(redirect(url_for("intake.track")))
    case, access_key = taken
    view = services.citizen_view(case)
    url = public_url("intake.track", code=case.tracking_code)  # the key never goes in a URL
    return no_store(
        render_template(
            "intake/receipt.html",
            view=view,
            access_key=access_key,
            qr=qr_data_uri(url),
            track_link=url,
        )
    )


@bp.route("/track", methods=["GET", "POST"])
@limiter.shared_limit(track_limit, scope=TRACK_SCOPE, methods=["POST"])
@public
def track():
    form = TrackForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = services.normalise_tracking_code(request.args["code"])
    view = None
    not_found = False
    if form.validate_on_submit():
        case = services.find_case_for_citizen(form.code.data, form.key.data)
        if case is None:
            not_found = True
        else:
            view = services.citizen_view(case)
    status = 404 if not_found else 200
    return render_template("intake/track.html", form=form, view=view, not_found=not_found), status


@bp.route("/track/notice/<id:attachment_id>", methods=["POST"])
@limiter.shared_limit(track_limit, scope=TRACK_SCOPE)
@public
def track_notice(attachment_id):
    """A notice the citizen is entitled to, fetched with code and key again (no cookies)."""
    form = TrackForm()
    case = services.find_case_for_citizen(form.code.data, form.key.data)
    if case is None:
        abort(404)
    attachment = next(
        (a for a in case.attachments if a.id == attachment_id and a.purpose == "notice"), None
    )
    if attachment is None:
        abort(404)
    return send_file(
        path_of(attachment),
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.original_name,
    )


@bp.route("/track/document/<id:document_id>.pdf", methods=["POST"])
@limiter.shared_limit(track_limit, scope=TRACK_SCOPE)
@public
def track_document(document_id):
    """A document issued to the citizen, as PDF, fetched with code and key again."""
    form = TrackForm()
    case = services.find_case_for_citizen(form.code.data, form.key.data)
    if case is None:
        abort(404)
    found = next((d for d in case_documents(case, public_only=True) if d.id == document_id), None)
    if found is None:
        abort(404)
    data, content_type, name = document_files.rendered(found, "pdf")
    return document_files.send(data, content_type, name)


# -- the desk --------------------------------------------------------------------------------


def _prefill(form: DeskForm) -> None:
    """What the query string may choose: the kind, the channel and the reception-log visit
    to start from. Never an identity or a text (they would land in access logs)."""
    args = request.args
    if args.get("kind") in labels.KINDS:
        form.kind.data = args["kind"]
    if args.get("channel") in labels.CHANNELS:
        form.channel.data = args["channel"]
    visit = args.get("visit", "")
    if visit.isdigit() and len(visit) < 10:
        form.visit.data = visit
        _prefill_from_visit(form, int(visit))


def _prefill_from_visit(form: DeskForm, visit_id: int) -> None:
    """Fill the form from the reception log on the server: kind, text, day, group size and
    every citizen named, representatives marked. A denunciation visit's citizens are filled
    in only for those entitled to see them, and that opening is recorded."""
    visit = db.session.get(Visit, visit_id)
    if visit is None or visit.unit_id not in subtree_ids(current_user.unit):
        form.visit.data = ""
        return
    kind = CASE_KINDS.get(visit.classification)
    if not form.kind.data and kind in labels.KINDS:
        form.kind.data = kind
    form.content.data = visit.content
    form.title.data = from_visit.title_of(visit)
    form.received_on.data = visit.visited_on.isoformat()
    if visit.people and visit.people > 1:
        form.group_size.data = str(visit.people)
    if visit.sealed and visit.can_see_identity(current_user):
        begin_write()
    people = from_visit.people_of(visit, actor=current_user, purpose="intake desk")
    if visit.sealed and people is not None:
        # Committed before the identity goes into the page, whatever happens to the page.
        db.session.commit()
    if not people:
        return
    first, others = people[0], people[1:]
    form.full_name.data = first["full_name"]
    form.id_number.data = first["id_number"]
    form.address.data = first["address"]
    form.representative.data = first["representative"]
    rows = form.co_petitioners
    while len(rows) < len(others) and len(rows) < rows.max_entries:
        rows.append_entry()
    for row, citizen in zip(form.co_petitioners, others, strict=False):
        row.form.full_name.data = citizen["full_name"]
        row.form.id_number.data = citizen["id_number"]
        row.form.address.data = citizen["address"]
        row.form.representative.data = citizen["representative"]


def _desk_form() -> DeskForm:
    form = DeskForm()
    visible = subtree_ids(current_user.unit)
    form.receiving_unit.choices = unit_choices(None, within=visible)
    form.unit.choices = unit_choices(_("— Như đơn vị tiếp nhận —"))
    form.channel.choices = channel_choices()
    if request.method == "GET":
        form.channel.data = "reception"
        form.received_on.data = today().isoformat()
        form.receiving_unit.data = current_user.unit.code
        _prefill(form)
    rows = form.co_petitioners
    filled = sum(1 for entry in rows if any(person_payload(entry.form).values()))
    # Always one empty row to write in, and one more when "Thêm người" was pressed.
    more = len(rows) + 1 if request.form.get("add_row") else 0
    wanted = max(CO_PETITIONER_ROWS, filled + 1, more)
    while len(rows) < min(wanted, rows.max_entries):
        rows.append_entry()
    return form


def _visit_number(form: DeskForm) -> str | None:
    visit = db.session.get(Visit, int(form.visit.data)) if form.visit.data else None
    return from_visit.visit_number(visit) if visit is not None else None


@bp.route("/desk", methods=["GET", "POST"])
@requires("intake.record")
def desk():
    form = _desk_form()
    general: list[str] = []
    similar: list[services.SimilarCase] = []
    sealed_match = False
    visible = subtree_ids(current_user.unit)
    if form.is_submitted() and request.form.get("add_row"):
        # A row more for a co-petitioner, without sending the form (works without script).
        pass
    elif form.is_submitted():
        form.validate()  # the CSRF token; the rest is the service's
        data, positions = form.payload()
        found = services.similar_for(
            current_user,
            id_number=form.id_number.data,
            full_name=form.full_name.data,
            content=form.content.data,
            today=today(),
        )
        similar, sealed_match = found.shown, found.sealed_hidden > 0
        if sealed_match:
            # The head is told even if this form is sent back (a 422 keeps nothing else).
            db.session.commit()
        problems = Errors()
        uploads = read_uploads(problems)
        day = today()
        received_on = parse_received_on(problems, form.received_on.data, today=day)
        receiving = resolve_unit(form.receiving_unit.data or current_user.unit.code)
        try:
            if problems.fields or form.errors:
                validate_petition(data, staff=True, visible_unit_ids=visible, errors=problems)
                raise Refused(422, fields=problems.fields)
            services.check_similar_acknowledged(
                found, acknowledged=form.similar_checked.data == "1"
            )
            if strong_match(found.shown) and "relation" not in request.form:
                # A strong match is never "not related" by default: the officer says so.
                raise Refused(
                    422,
                    _(
                        "Có hồ sơ trước đây rất giống đơn này (cùng số căn cước hoặc cùng nội "
                        "dung). Hãy chọn: lần tiếp theo, trùng, hoặc «Không liên quan»."
                    ),
                    code=services.SIMILAR_UNCHECKED,
                )
            visit = int(form.visit.data) if (form.visit.data or "").isdigit() else None
            if visit is not None:
                from_visit.find_visit(visit, actor=current_user)  # not twice a case
            receipt = services.record_petition(
                data=data,
                channel=form.channel.data,
                receiving_unit=receiving,
                received_on=received_on,
                today=day,
                actor=current_user,
                attachments=uploads,
                visit_id=visit,
            )
        except Refused as error:
            db.session.rollback()
            if error.code == services.SIMILAR_UNCHECKED:
                form.similar_checked.data = "1"  # listed once: the next send records it
                general.append(error.message)
            if error.status == 409 and error.message:
                general.append(error.message)
            general += show_errors(form, error.fields, positions)
        else:
            document_files.take_receipt_number(receipt.case)
            remember_receipt(receipt)
            flash(
                _("Đã ghi nhận đơn, mã hồ sơ %(code)s.", code=receipt.case.tracking_code),
                "success",
            )
            if sealed_match:
                flash(SEALED_MATCH_MESSAGE, "info")
            return redirect(url_for("intake.desk_receipt", case_id=receipt.case.id))
    return render_template(
        "intake/desk.html",
        form=form,
        visit_number=_visit_number(form),
        general_errors=general,
        similar=similar,
        sealed_match=SEALED_MATCH_MESSAGE if sealed_match else None,
        explanations=labels.KIND_EXPLANATIONS,
        max_files=current_app.config["UPLOAD_MAX_FILES"],
        max_mb=current_app.config["UPLOAD_MAX_BYTES"] // (1024 * 1024),
        status_label=lambda s: labels.label(labels.STATUSES, s),
        strong=strong_match(similar),
        relation_chosen="relation" in request.form,
        kind_label=lambda k: labels.label(labels.KINDS, k),
    ), (422 if form.is_submitted() and not request.form.get("add_row") else 200)


@bp.route("/desk/<id:case_id>/receipt")
@requires("intake.record")
def desk_receipt(case_id):
    case = db.get_or_404(Case, case_id)
    if not can_read(current_user, case):  # the same rule as the case page
        abort(404)
    taken = take_receipt(case.id)
    url = public_url("intake.track", code=case.tracking_code)
    first = next((p for p in case.petitioners if p.position == 0), None)
    page = render_template(
        "intake/desk_receipt.html",
        case=case,
        receipt=document_files.receipt_entry(case),
        petitioner=first,
        access_key=taken[1] if taken else None,
        view=services.citizen_view(case),
        qr=qr_data_uri(url),
        track_link=url,
        channel_label=labels.label(labels.CHANNELS, case.channel),
        place=current_app.config["RECEIPT_PLACE"] or current_app.config["PROVINCE_NAME"],
    )
    return no_store(page)


# A score this high is the same ID number, or the same name with much the same text.
STRONG_MATCH = 1.0


def strong_match(similar) -> bool:
    return any(entry.score >= STRONG_MATCH for entry in similar)


SEALED_MATCH_MESSAGE = _l(
    "Có một hồ sơ được giữ bí mật có thể trùng người. Thủ trưởng đơn vị giải quyết hồ sơ đó "
    "đã được báo để xem xét."
)


@bp.route("/similar", methods=["POST"])
@requires("intake.record")
def similar():
    """Likely earlier cases for the desk form (JSON, used while typing). A POST, so that the
    name and ID number typed never travel in a URL."""
    found = services.similar_for(
        current_user,
        id_number=request.form.get("id_number"),
        full_name=request.form.get("name"),
        content=request.form.get("content"),
        today=today(),
    )
    rows = [
        {
            "id": entry.case.id,
            "tracking_code": entry.case.tracking_code,
            "received_on": entry.case.received_on.strftime("%d/%m/%Y"),
            "kind": labels.label(labels.KINDS, entry.case.kind),
            "title": entry.case.title,
            "status": labels.label(labels.STATUSES, entry.case.status),
            "unit": entry.case.unit.name,
            "repeat_number": entry.case.repeat_number,
            "reasons": entry.reasons,
            "strong": entry.score >= STRONG_MATCH,
        }
        for entry in found.shown
    ]
    if found.sealed_hidden:
        rows.append({"sealed": True, "message": str(SEALED_MATCH_MESSAGE)})
    return jsonify(rows)
