"""Pages: the citizen's online form, receipt and tracking; desk and mail intake for staff."""

import segno
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from petitions.attachments import AttachmentError, check_upload, path_of, read_file_storage
from petitions.cases.models import Case
from petitions.clock import today
from petitions.extensions import db, limiter
from petitions.intake import labels, services
from petitions.intake.api import SUBMIT_SCOPE, TRACK_SCOPE, submit_limit, track_limit
from petitions.intake.forms import (
    CO_PETITIONER_ROWS,
    DeskForm,
    SubmitForm,
    TrackForm,
    channel_choices,
    options,
)
from petitions.intake.validation import (
    Errors,
    IntakeError,
    attachment_message,
    parse_received_on,
    resolve_unit,
    validate_petition,
)
from petitions.permissions import public, requires
from petitions.units.services import subtree_ids, tree_rows

bp = Blueprint("intake", __name__, url_prefix="/intake")

RECEIPT_SESSION_KEY = "intake_receipt"
PERSON_FIELDS = ("full_name", "id_number", "address", "phone", "email")


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
    # The key travels to the browser once, in the signed session, and is dropped on display.
    session[RECEIPT_SESSION_KEY] = {
        "case": receipt.case.id,
        "code": receipt.case.tracking_code,
        "key": receipt.access_key,
    }


def take_receipt(case_id: int | None = None) -> dict | None:
    held = session.get(RECEIPT_SESSION_KEY)
    if not held or (case_id is not None and held.get("case") != case_id):
        return None
    session.pop(RECEIPT_SESSION_KEY, None)
    return held


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def track_url(code: str) -> str:
    """The tracking page with the code filled in; the key is never put in a URL."""
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    return base + url_for("intake.track", code=code)


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
    if form.is_submitted():
        form.validate()  # the consent box and the CSRF token; the rest is the service's
        problems = Errors()
        uploads = read_uploads(problems)
        day = today()
        try:
            if problems.fields or form.errors:
                validate_petition(form.payload(), staff=False, errors=problems)
                raise IntakeError(problems.fields)
            receipt = services.record_petition(
                data=form.payload(),
                channel="online",
                receiving_unit=None,
                received_on=day,
                today=day,
                attachments=uploads,
            )
        except IntakeError as error:
            db.session.rollback()
            general = show_errors(form, error.fields)
        else:
            db.session.commit()
            remember_receipt(receipt)
            return redirect(url_for("intake.receipt"))
    return render_template(
        "intake/submit.html",
        form=form,
        general_errors=general,
        explanations=labels.KIND_EXPLANATIONS,
        max_files=current_app.config["UPLOAD_MAX_FILES"],
        max_mb=current_app.config["UPLOAD_MAX_BYTES"] // (1024 * 1024),
    ), (422 if form.is_submitted() else 200)


@bp.route("/receipt")
@public
def receipt():
    held = take_receipt()
    case = db.session.get(Case, held["case"]) if held else None
    if case is None:
        flash(
            _("Biên nhận chỉ hiển thị một lần. Hãy tra cứu hồ sơ bằng mã hồ sơ và mã bí mật."),
            "warning",
        )
        return redirect(url_for("intake.track"))
    view = services.citizen_view(case)
    url = track_url(case.tracking_code)
    return render_template(
        "intake/receipt.html",
        view=view,
        access_key=held["key"],
        qr=qr_data_uri(url),
        track_link=url,
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


@bp.route("/track/notice/<int:attachment_id>", methods=["POST"])
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


# -- the desk --------------------------------------------------------------------------------


def _prefill(form: DeskForm) -> None:
    """Fields given in the query string (the reception log links here with a visit's data)."""
    args = request.args
    if args.get("kind") in labels.KINDS:
        form.kind.data = args["kind"]
    if args.get("channel") in labels.CHANNELS:
        form.channel.data = args["channel"]
    for name in ("title", "content", *PERSON_FIELDS):
        if args.get(name):
            getattr(form, name).data = args[name][:20000]
    if args.get("group_size", "").isdigit():
        form.group_size.data = args["group_size"]
    if args.get("visit", "").isdigit():
        form.visit.data = args["visit"]
        _prefill_from_visit(form, int(args["visit"]))


def _prefill_from_visit(form: DeskForm, visit_id: int) -> None:
    """Fill what the link left out from the reception log itself, so that a link carrying
    only `?visit=<id>` works and no identity has to travel in a URL (and its access logs)."""
    try:
        from petitions.reception.models import Visit
        from petitions.reception.services import CASE_KINDS
    except ImportError:
        return
    visit = db.session.get(Visit, visit_id)
    if visit is None or visit.unit_id not in subtree_ids(current_user.unit):
        return
    kind = CASE_KINDS.get(visit.classification)
    if not form.kind.data and kind in labels.KINDS:
        form.kind.data = kind
    if not form.content.data:
        form.content.data = visit.content
    if not form.title.data and visit.content:
        form.title.data = visit.content.splitlines()[0][:120]
    if not form.group_size.data and visit.people and visit.people > 1:
        form.group_size.data = str(visit.people)
    citizens = list(visit.citizens)
    if citizens and not form.full_name.data:
        first = citizens[0]
        form.full_name.data = first.full_name
        form.id_number.data = form.id_number.data or first.id_number
        form.address.data = form.address.data or first.address
        for row, citizen in zip(form.co_petitioners, citizens[1:], strict=False):
            row.form.full_name.data = citizen.full_name
            row.form.id_number.data = citizen.id_number
            row.form.address.data = citizen.address


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
    while len(form.co_petitioners) < CO_PETITIONER_ROWS:
        form.co_petitioners.append_entry()
    return form


@bp.route("/desk", methods=["GET", "POST"])
@requires("intake.record")
def desk():
    form = _desk_form()
    general: list[str] = []
    similar: list[services.SimilarCase] = []
    visible = subtree_ids(current_user.unit)
    if form.is_submitted():
        form.validate()  # the CSRF token; the rest is the service's
        data, positions = form.payload()
        similar = services.similar_cases(
            id_number=form.id_number.data,
            full_name=form.full_name.data,
            content=form.content.data,
            visible_unit_ids=visible,
        )
        problems = Errors()
        uploads = read_uploads(problems)
        day = today()
        received_on = parse_received_on(problems, form.received_on.data, today=day)
        receiving = resolve_unit(form.receiving_unit.data or current_user.unit.code)
        try:
            if problems.fields or form.errors:
                validate_petition(data, staff=True, visible_unit_ids=visible, errors=problems)
                raise IntakeError(problems.fields)
            if similar and form.similar_checked.data != "1":
                form.similar_checked.data = "1"
                general.append(
                    _(
                        "Có hồ sơ có thể là của cùng người, cùng nội dung (xem danh sách dưới). "
                        "Hãy chọn quan hệ hoặc «Không liên quan» rồi bấm Ghi nhận đơn lần nữa."
                    )
                )
                raise IntakeError({})
            visit = int(form.visit.data) if (form.visit.data or "").isdigit() else None
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
        except IntakeError as error:
            db.session.rollback()
            general += show_errors(form, error.fields, positions)
        else:
            db.session.commit()
            remember_receipt(receipt)
            flash(
                _("Đã ghi nhận đơn, mã hồ sơ %(code)s.", code=receipt.case.tracking_code),
                "success",
            )
            return redirect(url_for("intake.desk_receipt", case_id=receipt.case.id))
    return render_template(
        "intake/desk.html",
        form=form,
        general_errors=general,
        similar=similar,
        explanations=labels.KIND_EXPLANATIONS,
        max_files=current_app.config["UPLOAD_MAX_FILES"],
        max_mb=current_app.config["UPLOAD_MAX_BYTES"] // (1024 * 1024),
        status_label=lambda s: labels.label(labels.STATUSES, s),
        kind_label=lambda k: labels.label(labels.KINDS, k),
    ), (422 if form.is_submitted() else 200)


@bp.route("/desk/<int:case_id>/receipt")
@requires("intake.record")
def desk_receipt(case_id):
    case = db.get_or_404(Case, case_id)
    if case.receiving_unit_id not in subtree_ids(current_user.unit):
        abort(404)
    held = take_receipt(case.id)
    url = track_url(case.tracking_code)
    first = next((p for p in case.petitioners if p.position == 0), None)
    return render_template(
        "intake/desk_receipt.html",
        case=case,
        petitioner=first,
        access_key=held["key"] if held else None,
        view=services.citizen_view(case),
        qr=qr_data_uri(url),
        track_link=url,
        channel_label=labels.label(labels.CHANNELS, case.channel),
        place=current_app.config.get("RECEIPT_PLACE", "Hà Giang"),
    )


@bp.route("/similar")
@requires("intake.record")
def similar():
    """Likely earlier cases for the desk form (JSON, used while typing)."""
    found = services.similar_cases(
        id_number=request.args.get("id_number"),
        full_name=request.args.get("name"),
        content=request.args.get("content"),
        visible_unit_ids=subtree_ids(current_user.unit),
    )
    return jsonify(
        [
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
            }
            for entry in found
        ]
    )
