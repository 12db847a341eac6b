"""Privacy pages: the processing notice, the citizen's requests, and for staff the desk export,
the requests to answer, the retention review and the records of access."""

from __future__ import annotations

import json
from datetime import timedelta

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from petitions.accounts.models import User
from petitions.cases.access import visible_unit_ids
from petitions.clock import today
from petitions.domain import retention as rules
from petitions.extensions import db, limiter
from petitions.intake.api import TRACK_SCOPE, track_limit
from petitions.intake.services import find_case_for_citizen
from petitions.permissions import public, requires
from petitions.privacy import access, forms, retention, subject
from petitions.privacy.models import DataRequest, RequestKind, RequestStatus

bp = Blueprint("privacy", __name__)


def _download(data: dict, name: str) -> Response:
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


# -- public -----------------------------------------------------------------------------------


@bp.route("/privacy")
@public
def notice():
    return render_template(
        "privacy/notice.html",
        version=subject.NOTICE_VERSION,
        rules=list(rules.RULES.values()),
        years=retention.configured_years(),
        answer_days=subject.answer_days(),
    )


@bp.route("/privacy/request", methods=["GET", "POST"])
@limiter.shared_limit(track_limit, scope=TRACK_SCOPE, methods=["POST"])
@public
def subject_request():
    form = forms.SubjectRequestForm()
    not_found = False
    opened = None
    if form.validate_on_submit():
        case = find_case_for_citizen(form.code.data, form.key.data)
        person = subject.find_petitioner(case, form.id_number.data) if case else None
        if person is None:
            not_found = True
        else:
            day = today()
            kind = RequestKind(form.kind.data)
            if kind == RequestKind.ACCESS:
                subject.open_request(
                    kind=kind,
                    channel="tracking",
                    case=case,
                    id_number=form.id_number.data,
                    details="",
                    today=day,
                    answered=True,
                )
                data = subject.export([(case, person)], today=day)
                db.session.commit()
                return _download(data, f"du-lieu-ca-nhan-{case.tracking_code}.json")
            opened = subject.open_request(
                kind=kind,
                channel="tracking",
                case=case,
                id_number=form.id_number.data,
                details=form.details.data or "",
                today=day,
            )
            db.session.commit()
    status = 404 if not_found else 200
    return (
        render_template("privacy/request.html", form=form, not_found=not_found, opened=opened),
        status,
    )


# -- staff ------------------------------------------------------------------------------------


@bp.route("/admin/privacy/")
@requires("privacy.manage")
def index():
    day = today()
    return render_template(
        "privacy/admin.html",
        review=retention.review(today=day),
        requests=db.session.scalars(
            select(DataRequest).order_by(DataRequest.status, DataRequest.due_on).limit(200)
        ).all(),
        readers=access.readers(since=day - timedelta(days=30), until=day),
        form=forms.RetentionForm(),
        day=day,
        rules={r.key: r for r in rules.RULES.values()},
    )


@bp.route("/admin/privacy/retention", methods=["POST"])
@requires("privacy.manage")
def apply_retention():
    form = forms.RetentionForm()
    if not form.validate_on_submit():
        flash(_("Hãy xác nhận trước khi xoá."), "error")
        return redirect(url_for("privacy.index"))
    day = today()
    done = retention.anonymise(retention.review(today=day).case_ids, actor=current_user, today=day)
    db.session.commit()
    flash(_("Đã xoá dữ liệu cá nhân của %(n)d hồ sơ.", n=done), "success")
    return redirect(url_for("privacy.index"))


@bp.route("/admin/privacy/access/<id:user_id>")
@requires("privacy.manage")
def reader(user_id):
    user = db.session.get(User, user_id) or abort(404)
    day = today()
    return render_template(
        "privacy/reader.html",
        user=user,
        rows=access.cases_read(user, since=day - timedelta(days=30), until=day),
    )


@bp.route("/admin/privacy/requests/<id:request_id>", methods=["GET", "POST"])
@requires("privacy.manage")
def answer(request_id):
    found = db.session.get(DataRequest, request_id) or abort(404)
    form = forms.AnswerForm()
    if found.status == RequestStatus.OPEN and form.validate_on_submit():
        subject.answer_request(
            found,
            refused=form.outcome.data == "refused",
            answer=form.answer.data,
            actor=current_user,
            today=today(),
        )
        db.session.commit()
        flash(_("Đã ghi nhận trả lời."), "success")
        return redirect(url_for("privacy.index"))
    return render_template("privacy/answer.html", found=found, form=form)


@bp.route("/privacy/desk", methods=["GET", "POST"])
@requires("privacy.desk")
def desk():
    form = forms.DeskExportForm()
    empty = False
    if form.validate_on_submit():
        found = subject.cases_of(form.id_number.data, unit_ids=visible_unit_ids(current_user))
        if not found:
            empty = True
        else:
            day = today()
            subject.open_request(
                kind=RequestKind.ACCESS,
                channel="desk",
                case=None,
                id_number=form.id_number.data,
                details=f"{len(found)} hồ sơ",
                today=day,
                actor=current_user,
                answered=True,
            )
            data = subject.export(found, today=day)
            db.session.commit()
            return _download(data, f"du-lieu-ca-nhan-{day.isoformat()}.json")
    return render_template("privacy/desk.html", form=form, empty=empty), (404 if empty else 200)
