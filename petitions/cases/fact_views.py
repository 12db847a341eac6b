"""The case page's form for the facts deadlines hang on (cases.deadline_facts)."""

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from petitions.cases import deadline_facts
from petitions.cases.access import can_act, get_case_for
from petitions.clock import today
from petitions.errors import Refused
from petitions.extensions import db
from petitions.forms import Form
from petitions.permissions import requires

bp = Blueprint("case_facts", __name__, url_prefix="/cases")

# The facts are the handler's to set, like a classification.
PERMISSION_ACTION = "classify"


def may_edit(case) -> bool:
    return can_act(current_user, case, PERMISSION_ACTION)


@bp.app_template_global("deadline_facts_of")
def deadline_facts_of(case, day) -> dict:
    """What the case page's facts panel shows and whether this user may change it."""
    return {
        **deadline_facts.facts_json(case, day),
        "can_edit": may_edit(case),
        "decided": case.decided_on is not None and case.kind.value == "complaint",
        "form": Form(),
    }


@bp.route("/<id:case_id>/facts", methods=["POST"])
@requires("cases.read")
def update(case_id):
    try:
        case = get_case_for(current_user, case_id, lock=True)
    except Refused as error:
        abort(error.status)
    back = url_for("cases.show", case_id=case.id) + "#deadline-facts"
    if not Form().validate_on_submit():
        flash(
            _("Phiên làm việc của biểu mẫu đã hết hạn. Vui lòng tải lại trang và gửi lại."), "error"
        )
        return redirect(back)
    if not may_edit(case):
        abort(403)
    data = {
        # An unticked box sends nothing: the form always says yes or no.
        "remote": "true" if request.form.get("remote") else "false",
        "decision_delivered_on": request.form.get("decision_delivered_on", ""),
        "note": request.form.get("note", ""),
    }
    try:
        event = deadline_facts.set_facts(case, data, actor=current_user, today=today())
    except Refused as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(back)
    if event is None:
        flash(_("Không có thông tin nào thay đổi."), "info")
    else:
        flash(_("Đã lưu và tính lại thời hạn liên quan."), "success")
    return redirect(back)
