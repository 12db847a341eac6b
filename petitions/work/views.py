"""Each staff member's start page (the work queues of every role they hold), a head's
one-click decision on a proposal, and the admin section's index."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from petitions.cases import labels
from petitions.cases.proposals import describe_proposal
from petitions.clock import today
from petitions.errors import Refused
from petitions.permissions import Role, requires
from petitions.reception.visits import intake_link
from petitions.views_support import flash_refusal
from petitions.work import decisions, overview, queues

bp = Blueprint("work", __name__)


@bp.route("/work/")
@requires()
def start():
    day = today()
    keys = queues.sections_for(current_user)
    sections = {
        key: queues.section(key, current_user, day)
        for key in keys
        if key not in ("oversight", "submissions", "admin")
    }
    return render_template(
        "work/start.html",
        day=day,
        keys=keys,
        sections=sections,
        totals=overview.oversight_totals(current_user, day) if "oversight" in keys else None,
        received=overview.received_reports(current_user, day) if "submissions" in keys else [],
        areas=overview.admin_areas(current_user, day) if "admin" in keys else [],
        describe=describe_proposal,
        intake_link=intake_link,
        labels=labels,
        heads=current_user.has_role(Role.UNIT_HEAD),
    )


def _decide(event_id: int):
    try:
        return decisions.waiting_proposal(event_id, current_user)
    except Refused as error:
        if error.status == 404:
            abort(404)
        flash(error.message, "warning")
        return None


@bp.route("/work/proposals/<id:event_id>/approve", methods=["POST"])
@requires("cases.approve")
def approve(event_id):
    event = _decide(event_id)
    if event is not None:
        step = labels.ACTION.get(event.details.get("proposal"), "")
        code = event.case.tracking_code
        try:
            decisions.approve_proposal(event, actor=current_user, today=today())
        except Refused as error:
            flash_refusal(error)
            return redirect(url_for("cases.show", case_id=event.case_id) + "#proposals-heading")
        flash(_("Đã phê duyệt đề xuất «%(step)s» hồ sơ %(code)s.", step=step, code=code), "success")
    return redirect(url_for("work.start") + "#proposals")


@bp.route("/work/proposals/<id:event_id>/return", methods=["POST"])
@requires("cases.approve")
def return_proposal(event_id):
    event = _decide(event_id)
    if event is not None:
        try:
            decisions.return_proposal(
                event, actor=current_user, reason=request.form.get("reason", ""), today=today()
            )
        except Refused as error:
            flash_refusal(error)
        else:
            flash(
                _(
                    "Đã trả lại đề xuất hồ sơ %(code)s cho %(name)s.",
                    code=event.case.tracking_code,
                    name=event.actor.display_name if event.actor else "",
                ),
                "info",
            )
    return redirect(url_for("work.start") + "#proposals")


@bp.route("/admin/")
@requires("users.manage")
def admin_index():
    return render_template(
        "work/admin.html", areas=overview.admin_areas(current_user, today()), day=today()
    )
