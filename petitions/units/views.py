"""Admin pages for the unit tree and its reorganisations (petitions.units.reorganise): a
unit's merger, split and move from its page, a split's review list, the list of changes."""

from datetime import date, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from petitions.clock import today
from petitions.documents import issuers
from petitions.errors import Refused
from petitions.extensions import db
from petitions.permissions import requires
from petitions.units import reorganise, services
from petitions.units.forms import (
    IssuerForm,
    MergeForm,
    MoveForm,
    ReviewForm,
    SplitForm,
    UnitForm,
)
from petitions.units.models import ChangeKind, ChangeStatus, Unit, UnitChange
from petitions.views_support import flash_refusal, show_refusal

bp = Blueprint("units", __name__, url_prefix="/admin/units")

REORGANISE_FORMS = {"merge": MergeForm, "split": SplitForm, "move": MoveForm}


def kind_labels() -> dict[str, str]:
    return {
        ChangeKind.CREATE: _("Thành lập"),
        ChangeKind.MERGE: _("Sáp nhập"),
        ChangeKind.SPLIT: _("Chia tách"),
        ChangeKind.MOVE: _("Điều chỉnh đơn vị cấp trên"),
    }


def reason_labels() -> dict[str, str]:
    """Why a split's review list proposes a successor for a case (PlannedMove.reason)."""
    return {
        "address": _("địa chỉ người gửi ghi đơn vị này"),
        "first": _("đơn vị đầu tiên"),
        "chosen": _("đã chọn"),
    }


@bp.app_template_global()
def unit_ended_on(unit: Unit) -> date:
    """The first day an ended unit no longer exists: the day its reorganisation took effect."""
    return unit.valid_to + timedelta(days=1)


def _unit_label(unit: Unit) -> str:
    return f"{unit.name} ({unit.code})"


def _form(unit: Unit | None = None, *, bound: bool = True) -> UnitForm:
    form = UnitForm(obj=unit) if bound else UnitForm(formdata=None, obj=unit)
    form.parent.choices = [("", _("— Không có —"))] + [
        (u.code, "\u00a0\u00a0" * depth + _unit_label(u))
        for u, depth in services.tree_rows()
        if unit is None or u.id != unit.id
    ]
    return form


def _edit_form(unit: Unit, *, bound: bool = True) -> UnitForm:
    """The unit's record; not `bound` when another form of the page was posted."""
    form = _form(unit, bound=bound)
    form.code.render_kw = {"readonly": True}
    form.level.render_kw = {"disabled": True}
    if not bound or not form.is_submitted():
        form.parent.data = unit.parent.code if unit.parent else ""
        form.level.data = unit.level.value
    return form


def _reorganise_forms(unit: Unit, posted: str | None = None) -> dict:
    """The merge, split and move forms of the unit's page; `posted` is the one this request
    filled in, the others start empty with today as their day."""
    forms = {}
    for name, form_class in REORGANISE_FORMS.items():
        if name == posted:
            forms[name] = form_class(prefix=name)
        else:
            forms[name] = form_class(formdata=None, prefix=name)
            forms[name].on.data = today()
    successors = [(u.code, _unit_label(u)) for u in reorganise.merge_choices(unit)]
    forms["merge"].successor.choices = [("", _("— Chọn đơn vị kế thừa —")), *successors]
    forms["split"].offer([("", _("— Không chọn —")), *successors])
    below = services.subtree_ids(unit)
    forms["move"].parent.choices = [("", _("— Không có (đơn vị cấp cao nhất) —"))] + [
        (u.code, "\u00a0\u00a0" * depth + _unit_label(u))
        for u, depth in services.tree_rows()
        if u.id not in below and u.valid_to is None and u.active
    ]
    return forms


def _edit_page(unit: Unit, form: UnitForm, forms: dict):
    draft = next((change for change in reorganise.drafts() if change.unit_id == unit.id), None)
    return render_template("units/form.html", form=form, unit=unit, forms=forms, draft=draft)


@bp.route("/")
@requires("units.manage")
def index():
    return render_template("units/index.html", rows=services.tree_rows())


@bp.route("/new", methods=["GET", "POST"])
@requires("units.manage")
def new():
    form = _form()
    if form.validate_on_submit():
        try:
            unit = services.create_unit(
                code=form.code.data,
                name=form.name.data,
                level=form.level.data,
                parent_code=form.parent.data or None,
                remote=form.remote.data,
                actor=current_user,
            )
            unit.feedback_period_days = form.feedback_period_days.data
        except Refused as error:
            show_refusal(form, error, "code")
        else:
            flash(_("Đã tạo đơn vị %(name)s.", name=unit.name), "success")
            return redirect(url_for("units.index"))
    return render_template("units/form.html", form=form, unit=None)


@bp.route("/<id:unit_id>", methods=["GET", "POST"])
@requires("units.manage")
def edit(unit_id):
    unit = db.get_or_404(Unit, unit_id)
    form = _edit_form(unit)
    if form.validate_on_submit():
        try:
            services.update_unit(
                unit,
                name=form.name.data,
                parent_code=form.parent.data or None,
                remote=form.remote.data,
                active=form.active.data,
                feedback_period_days=form.feedback_period_days.data,
                actor=current_user,
            )
        except Refused as error:
            show_refusal(form, error, "name")
        else:
            flash(_("Đã lưu đơn vị %(name)s.", name=unit.name), "success")
            return redirect(url_for("units.index"))
    return _edit_page(unit, form, _reorganise_forms(unit))


# -- how the unit signs and numbers its documents ------------------------------------------------


@bp.route("/<id:unit_id>/issuer", methods=["GET", "POST"])
@requires("units.manage")
def issuer(unit_id):
    """The unit's issuer settings (Decree 30/2020/NĐ-CP, Appendix I) with the header, number
    and signature blocks they give, as a document would print them."""
    unit = db.get_or_404(Unit, unit_id)
    settings = issuers.settings_of(unit)
    form = IssuerForm(obj=settings)
    heads = issuers.heads_of(unit)
    form.chief.choices = [("", _("— Chưa chọn (mọi thủ trưởng ký như người đứng đầu) —"))] + [
        (str(head.id), head.full_name) for head in heads
    ]
    if not form.is_submitted():
        form.chief.data = str(settings.chief_id) if settings.chief_id else ""
    if form.validate_on_submit():
        chosen = form.chief.data or ""
        try:
            issuers.save_settings(
                unit,
                abbreviation=form.abbreviation.data,
                governing_body=form.governing_body.data,
                place=form.place.data,
                head_title=form.head_title.data,
                chief_id=int(chosen) if chosen.isdigit() else None,
                numbers_per_type=form.numbers_per_type.data,
                actor=current_user,
                today=today(),
            )
        except Refused as error:
            db.session.rollback()
            show_refusal(form, error, "abbreviation")
        else:
            db.session.commit()
            flash(_("Đã lưu cách ký và đánh số văn bản của %(name)s.", name=unit.name), "success")
            return redirect(url_for("units.issuer", unit_id=unit.id))
    chief = next((head for head in heads if head.id == settings.chief_id), None)
    deputy = next((head for head in heads if head.id != settings.chief_id), None)
    day = today()
    return render_template(
        "units/issuer.html",
        unit=unit,
        form=form,
        header=issuers.header_block(unit),
        place_and_date=issuers.place_and_date(unit, day),
        in_person=issuers.signature_block(unit, chief),
        for_the_chief=(
            issuers.signature_block(unit, deputy)
            if deputy is not None and settings.chief_id
            else None
        ),
        collective=issuers.signature_block(unit, chief, collective=True),
        government=issuers.is_government(unit),
    ), (422 if form.errors else 200)


# -- reorganising a unit from its page ---------------------------------------------------------


@bp.route("/<id:unit_id>/merge", methods=["POST"])
@requires("units.manage")
def merge(unit_id):
    """Merge the unit into its successor on the day given (see petitions.units.reorganise)."""
    unit = db.get_or_404(Unit, unit_id)
    forms = _reorganise_forms(unit, posted="merge")
    form = forms["merge"]
    if form.validate_on_submit():
        name = unit.name
        try:
            moved = reorganise.merge(
                old_code=unit.code,
                new_code=form.successor.data,
                on=form.on.data or today(),
                today=today(),
                act=form.act_data(),
                actor=current_user,
            )
        except Refused as error:
            show_refusal(form, error, "successor")
        else:
            flash(_moved_message(_("Đã sáp nhập %(name)s.", name=name), moved), "success")
            return redirect(url_for("units.index"))
    return _edit_page(unit, _edit_form(unit, bound=False), forms)


@bp.route("/<id:unit_id>/split", methods=["POST"])
@requires("units.manage")
def split(unit_id):
    """Draw up a split's review list; nothing moves until it is confirmed."""
    unit = db.get_or_404(Unit, unit_id)
    forms = _reorganise_forms(unit, posted="split")
    form = forms["split"]
    if request.form.get("split-more"):  # "one more successor", without JavaScript
        form.add_row()
    elif form.validate_on_submit():
        try:
            change = reorganise.plan_split(
                old_code=unit.code,
                into=form.codes(),
                on=form.on.data or today(),
                today=today(),
                act=form.act_data(),
                actor=current_user,
            )
        except Refused as error:
            show_refusal(form, error, "into")
        else:
            flash(
                _(
                    "Đã lập phương án chia tách %(name)s: %(cases)d hồ sơ chờ rà soát.",
                    name=unit.name,
                    cases=len(change.planned),
                ),
                "success",
            )
            return redirect(url_for("units.review", change_id=change.id))
    return _edit_page(unit, _edit_form(unit, bound=False), forms)


@bp.route("/<id:unit_id>/move", methods=["POST"])
@requires("units.manage")
def move(unit_id):
    """Place the unit under another parent from the day given."""
    unit = db.get_or_404(Unit, unit_id)
    forms = _reorganise_forms(unit, posted="move")
    form = forms["move"]
    if form.validate_on_submit():
        on = form.on.data or today()
        try:
            reorganise.move(
                code=unit.code,
                parent_code=form.parent.data or None,
                on=on,
                today=today(),
                act=form.act_data(),
                actor=current_user,
            )
        except Refused as error:
            show_refusal(form, error, "parent")
        else:
            if unit.parent is None:
                message = _(
                    "Từ ngày %(day)s, %(name)s là đơn vị cấp cao nhất.",
                    day=on.strftime("%d/%m/%Y"),
                    name=unit.name,
                )
            else:
                message = _(
                    "Từ ngày %(day)s, %(name)s trực thuộc %(parent)s.",
                    day=on.strftime("%d/%m/%Y"),
                    name=unit.name,
                    parent=unit.parent.name,
                )
            flash(message, "success")
            return redirect(url_for("units.index"))
    return _edit_page(unit, _edit_form(unit, bound=False), forms)


def _moved_message(done: str, moved: dict[str, int]) -> str:
    return " ".join(
        (
            done,
            _(
                "Chuyển %(cases)d hồ sơ, %(users)d tài khoản cán bộ, %(units)d đơn vị trực thuộc, "
                "%(sessions)d buổi tiếp công dân sắp tới.",
                cases=moved["cases"],
                users=moved["users"],
                units=moved["units"],
                sessions=moved.get("reception_sessions", 0),
            ),
        )
    )


# -- the list of changes and a split's review ---------------------------------------------------


@bp.route("/changes")
@requires("units.manage")
def changes():
    return render_template(
        "units/changes.html",
        drafts=reorganise.drafts(),
        changes=reorganise.history(),
        units={unit.code: unit for unit in services.all_units()},
        kind_labels=kind_labels(),
    )


def _split_or_404(change_id: int) -> UnitChange:
    change = db.get_or_404(UnitChange, change_id)
    if change.kind != ChangeKind.SPLIT:
        abort(404)
    if not reorganise.may_review(current_user, change):
        abort(403)
    return change


def _replan_changed_rows(change: UnitChange) -> int:
    """Each case whose successor the posted review list changed goes to that successor."""
    changed = 0
    for planned in list(change.planned):
        chosen = request.form.get(f"to-{planned.case_id}")
        if chosen and chosen != planned.to_unit.code:
            reorganise.replan(change, planned.case_id, chosen, actor=current_user)
            changed += 1
    return changed


@bp.route("/changes/<id:change_id>", methods=["GET", "POST"])
# Object level: the admin or the head of one of the successors (reorganise.may_review).
@requires("cases.read")
def review(change_id):
    change = _split_or_404(change_id)
    form = ReviewForm()
    if form.validate_on_submit():
        try:
            changed = _replan_changed_rows(change)
        except Refused as error:
            flash_refusal(error)
        else:
            flash(_("Đã lưu %(count)d thay đổi.", count=changed), "success")
        return redirect(url_for("units.review", change_id=change_id))
    successors = [services.get_by_code(code) for code in change.details["into"]]
    return render_template(
        "units/change.html",
        change=change,
        rows=reorganise.planned_cases(change),
        successors=successors,
        form=form,
        reasons=reason_labels(),
        draft=change.status == ChangeStatus.DRAFT,
    )


@bp.route("/changes/<id:change_id>/confirm", methods=["POST"])
@requires("units.manage")
def confirm(change_id):
    """Apply the split as reviewed, the review list's last changes included."""
    change = _split_or_404(change_id)
    if not ReviewForm().validate_on_submit():
        abort(400)
    name = change.unit.name
    try:
        _replan_changed_rows(change)
        moved = reorganise.confirm(change, today=today(), actor=current_user)
    except Refused as error:
        flash_refusal(error)
        return redirect(url_for("units.review", change_id=change_id))
    flash(_moved_message(_("Đã chia tách %(name)s.", name=name), moved), "success")
    return redirect(url_for("units.changes"))


@bp.route("/changes/<id:change_id>/cancel", methods=["POST"])
@requires("units.manage")
def cancel(change_id):
    change = _split_or_404(change_id)
    if not ReviewForm().validate_on_submit():
        abort(400)
    name = change.unit.name
    try:
        reorganise.discard(change, actor=current_user)
    except Refused as error:
        flash_refusal(error)
        return redirect(url_for("units.review", change_id=change_id))
    flash(_("Đã hủy phương án chia tách %(name)s.", name=name), "success")
    return redirect(url_for("units.changes"))
