"""Admin pages for the unit tree."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice, SelectField

from petitions.clock import today
from petitions.errors import Refused
from petitions.extensions import db
from petitions.forms import Form
from petitions.permissions import requires
from petitions.units import reorganise, services
from petitions.units.forms import UnitForm
from petitions.units.models import Unit
from petitions.views_support import flash_refusal, show_refusal

bp = Blueprint("units", __name__, url_prefix="/admin/units")


def _form(unit: Unit | None = None) -> UnitForm:
    form = UnitForm(obj=unit)
    form.parent.choices = [("", _("— Không có —"))] + [
        (u.code, "\u00a0\u00a0" * depth + f"{u.name} ({u.code})")
        for u, depth in services.tree_rows()
        if unit is None or u.id != unit.id
    ]
    return form


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
    form = _form(unit)
    form.code.render_kw = {"readonly": True}
    form.level.render_kw = {"disabled": True}
    if not form.is_submitted():
        form.parent.data = unit.parent.code if unit.parent else ""
        form.level.data = unit.level.value
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
    return render_template("units/form.html", form=form, unit=unit)


@bp.route("/<id:unit_id>/merge", methods=["POST"])
@requires("units.manage")
def merge(unit_id):
    """Merge the unit into its successor (see petitions.units.reorganise)."""
    unit = db.get_or_404(Unit, unit_id)
    form = MergeForm()
    if not form.validate_on_submit():
        flash(_("Hãy chọn đơn vị kế thừa."), "error")
        return redirect(url_for("units.edit", unit_id=unit.id))
    try:
        moved = reorganise.merge(
            old_code=unit.code,
            new_code=form.successor.data or "",
            on=today(),
            today=today(),
            actor=current_user,
        )
    except Refused as error:
        flash_refusal(error)
        return redirect(url_for("units.edit", unit_id=unit.id))
    flash(
        _(
            "Đã sáp nhập %(name)s: chuyển %(cases)d hồ sơ đang giải quyết, %(users)d tài khoản.",
            name=unit.name,
            cases=moved["cases"],
            users=moved["users"],
        ),
        "success",
    )
    return redirect(url_for("units.index"))


class MergeForm(Form):
    successor = SelectField(_l("Sáp nhập vào đơn vị"), choices=[], validate_choice=False)


@bp.app_template_global()
def unit_merge_form(unit: Unit) -> MergeForm:
    form = MergeForm()
    form.successor.choices = [SelectChoice(value="", label=_("— Chọn đơn vị kế thừa —"))] + [
        SelectChoice(value=u.code, label=f"{u.name} ({u.code})")
        for u in reorganise.merge_choices(unit)
    ]
    return form
