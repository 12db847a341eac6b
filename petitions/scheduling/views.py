"""The admin page of scheduled jobs: their last runs, the outbox, and a button to run one."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from petitions import jobs
from petitions.notifications.services import failed_messages, outbox_counts
from petitions.permissions import requires
from petitions.scheduling.services import last_runs

bp = Blueprint("jobs", __name__, url_prefix="/admin/jobs")

TITLES = {
    "send_outbox": _l("Gửi thư điện tử trong hàng đợi"),
    "deadline_digest": _l("Thư tổng hợp hồ sơ quá hạn, sắp đến hạn"),
    "reception_reminders": _l("Nhắc lịch tiếp công dân"),
    "recompute_deadlines": _l("Tính lại thời hạn khi lịch làm việc thay đổi"),
    "nightly_backup": _l("Sao lưu cơ sở dữ liệu hằng đêm"),
    "annual_report_reminders": _l("Nhắc nộp báo cáo năm (tháng 11)"),
}
WHEN = {
    "send_outbox": _l("Mỗi phút, và ngay sau khi có thư mới"),
    "deadline_digest": _l("07:00 các ngày làm việc"),
    "reception_reminders": _l(
        "07:30 các ngày làm việc, cho các buổi tiếp đến ngày làm việc kế tiếp"
    ),
    "recompute_deadlines": _l("10 phút một lần, chạy khi lịch hoặc quy định thay đổi"),
    "nightly_backup": _l("02:00 hằng ngày"),
    "annual_report_reminders": _l(
        "08:00 ngày làm việc đầu tiên từ ngày 1, 15 và 25 tháng 11 (hạn nộp 30/11)"
    ),
}
STATUS = {
    "running": _l("Đang chạy"),
    "done": _l("Hoàn thành"),
    "failed": _l("Lỗi"),
    "skipped": _l("Đã chạy trong kỳ này"),
    "not_due": _l("Hôm nay không có việc"),
}
OUTBOX_STATUS = {
    "queued": _l("Chờ gửi"),
    "sending": _l("Đang gửi"),
    "sent": _l("Đã gửi"),
    "failed": _l("Gửi không được"),
}


@bp.route("/")
@requires("jobs.manage")
def index():
    return render_template(
        "scheduling/index.html",
        jobs=jobs.SCHEDULE,
        titles=TITLES,
        when=WHEN,
        runs=last_runs(limit_per_job=3),
        status_labels=STATUS,
        outbox=outbox_counts(),
        outbox_labels=OUTBOX_STATUS,
        failed=failed_messages(limit=10),
    )


@bp.route("/<name>/run", methods=["POST"])
@requires("jobs.manage")
def run(name):
    if name not in jobs.JOBS:
        abort(404)
    outcome = jobs.run_job(name)
    category = {"done": "success", "failed": "error"}.get(outcome.status, "warning")
    flash(
        _(
            "%(job)s: %(status)s %(result)s",
            job=TITLES.get(name, name),
            status=STATUS.get(outcome.status, outcome.status),
            result=outcome.result,
        ),
        category,
    )
    return redirect(url_for("jobs.index"))
