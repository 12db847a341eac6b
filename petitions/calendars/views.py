"""Admin pages for the working calendar (overrides, the year's holidays) and rule periods."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from petitions.calendars import services
from petitions.calendars.forms import DeleteForm, OverrideForm, RulePeriodForm
from petitions.clock import today
from petitions.deadlines import services as deadline_services
from petitions.domain.calendar import FIRST_YEAR, LAST_YEAR, STATUTORY_ADJUSTMENTS
from petitions.domain.deadlines import RULES
from petitions.errors import Refused
from petitions.permissions import requires
from petitions.views_support import flash_refusal, show_refusal

bp = Blueprint("calendar", __name__, url_prefix="/admin/calendar")

WEEKDAYS = (
    _l("Thứ Hai"),
    _l("Thứ Ba"),
    _l("Thứ Tư"),
    _l("Thứ Năm"),
    _l("Thứ Sáu"),
    _l("Thứ Bảy"),
    _l("Chủ nhật"),
)


@bp.app_template_global("weekday_name")
def weekday_name(day) -> str:
    return str(WEEKDAYS[day.weekday()])


def _lang() -> str:
    return str(get_locale() or "vi")


def _year() -> int:
    raw = request.args.get("year", "")
    if raw.isdigit() and FIRST_YEAR <= int(raw) <= LAST_YEAR:
        return int(raw)
    return today().year


@bp.route("/", methods=["GET", "POST"])
@requires("calendar.manage")
def overrides():
    form = OverrideForm()
    if form.validate_on_submit():
        working = form.working.data == "working"
        try:
            change = services.save_override(
                day=form.day.data,
                working=working,
                note=form.note.data,
                note_en=form.note_en.data or "",
                actor=current_user,
                today=today(),
            )
        except Refused as error:
            show_refusal(form, error, "day")
        else:
            day = form.day.data
            shown = day.strftime("%d/%m/%Y")
            if working:
                saved = _(
                    "Đã lưu: %(day)s là ngày làm việc. Đã tính lại %(n)d thời hạn đang chạy.",
                    day=shown,
                    n=change.recomputed,
                )
                unchanged = _("Lưu ý: ngày này vốn đã là ngày làm việc nên lịch không thay đổi.")
            else:
                saved = _(
                    "Đã lưu: %(day)s là ngày nghỉ. Đã tính lại %(n)d thời hạn đang chạy.",
                    day=shown,
                    n=change.recomputed,
                )
                unchanged = _("Lưu ý: ngày này vốn đã là ngày nghỉ nên lịch không thay đổi.")
            flash(saved, "success")
            if not change.effective:
                flash(unchanged, "warning")
            return redirect(url_for("calendar.overrides", year=day.year))
    year = _year()
    return render_template(
        "calendars/overrides.html",
        form=form,
        delete_form=DeleteForm(),
        overrides=services.list_overrides(),
        statutory=STATUTORY_ADJUSTMENTS,
        year_calendar=services.year_calendar(year),
        provisional=services.provisional_days(year),
        year=year,
        years=(FIRST_YEAR, LAST_YEAR),
        lang=_lang(),
    )


def _confirmed_change(change, done, back: str):
    """Run a change confirmed by a bare POST (delete, reset) and say what it did."""
    if not DeleteForm().validate_on_submit():
        flash(_("Phiên làm việc của biểu mẫu đã hết hạn. Vui lòng thử lại."), "error")
        return redirect(back)
    try:
        result = change()
    except Refused as error:
        flash_refusal(error)
        return redirect(back)
    flash(done(result.recomputed), "success")
    return redirect(back)


@bp.route("/<id:override_id>/delete", methods=["POST"])
@requires("calendar.manage")
def delete_override(override_id):
    return _confirmed_change(
        lambda: services.delete_override(
            override_id=override_id, actor=current_user, today=today()
        ),
        lambda n: _("Đã xóa ngày điều chỉnh. Đã tính lại %(n)d thời hạn đang chạy.", n=n),
        url_for("calendar.overrides", year=request.args.get("year")),
    )


def _rule_form() -> RulePeriodForm:
    form = RulePeriodForm()
    lang = _lang()
    form.rule.choices = [
        SelectChoice(rule.key, f"{rule.title_en if lang == 'en' else rule.title_vi} ({rule.key})")
        for rule in RULES.values()
    ]
    return form


@bp.route("/rules", methods=["GET", "POST"])
@requires("rules.manage")
def rules():
    form = _rule_form()
    if form.validate_on_submit():
        try:
            change = services.set_rule_period(
                rule=form.rule.data,
                period=form.period.data,
                note=form.note.data or "",
                actor=current_user,
                today=today(),
            )
        except Refused as error:
            show_refusal(form, error, "period")
        else:
            flash(
                _(
                    "Đã lưu thời hạn mới của «%(rule)s». Đã tính lại %(n)d thời hạn đang chạy.",
                    rule=form.rule.data,
                    n=change.recomputed,
                ),
                "success",
            )
            return redirect(url_for("calendar.rules"))
    return render_template(
        "calendars/rules.html",
        form=form,
        reset_form=DeleteForm(),
        rules=list(RULES.values()),
        periods=services.rule_period_rows(),
        lang=_lang(),
    )


@bp.route("/rules/<rule>/reset", methods=["POST"])
@requires("rules.manage")
def reset_rule(rule):
    return _confirmed_change(
        lambda: services.clear_rule_period(rule=rule, actor=current_user, today=today()),
        lambda n: _(
            "«%(rule)s» trở về thời hạn mặc định. Đã tính lại %(n)d thời hạn đang chạy.",
            rule=rule,
            n=n,
        ),
        url_for("calendar.rules"),
    )


@bp.route("/provisional/<day>", methods=["POST"])
@requires("calendar.manage")
def decide_provisional(day):
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        abort(404)
    off = request.form.get("decision") == "off"
    back = url_for("calendar.overrides", year=parsed.year)
    return _confirmed_change(
        lambda: services.decide_provisional(day=parsed, off=off, actor=current_user, today=today()),
        lambda n: (
            _("Đã xác nhận ngày nghỉ. Đã tính lại %(n)d thời hạn đang chạy.", n=n)
            if off
            else _("Đã xác nhận là ngày làm việc. Đã tính lại %(n)d thời hạn đang chạy.", n=n)
        ),
        back,
    )


@bp.route("/rules/by-period")
@requires("rules.manage")
def rules_by_period():
    """The rule table (deadlines and reception minimums) grouped by period of validity."""
    return render_template(
        "calendars/rules_by_period.html",
        groups=deadline_services.rules_by_period(),
        lang=_lang(),
    )
