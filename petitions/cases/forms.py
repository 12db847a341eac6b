"""Forms of the case page: one per workflow step, named like the JSON API's fields.

The forms render the fields and carry the CSRF token; the rules about what is required and
valid live in petitions.cases.services, so the page and the API refuse the same things.
"""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FileField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional

from petitions.cases import labels
from petitions.cases.results import RESULT_FIELDS
from petitions.cases.subjects import SUBJECT_AREAS
from petitions.forms import Form

ON_LABEL = _l("Ngày thực hiện")


def options(mapping: dict) -> list[SelectChoice]:
    """Choices for a select or radio field from {value: label} (labels may be lazy)."""
    return [SelectChoice(value=value, label=str(label)) for value, label in mapping.items()]


ON_HINT = _l("Để trống là hôm nay. Ngày trước hôm nay được ghi nhận là nhập bổ sung.")


class StepForm(Form):
    """Every step has an effective date and, for handlers' proposals, the proposed step."""

    on = DateField(ON_LABEL, validators=[Optional()])
    proposal = HiddenField()

    def errors_from(self, fields: dict[str, list[str]]) -> bool:
        """Put the service's per-field messages on the fields; True if all found a home."""
        placed = True
        for name, messages in fields.items():
            field = self._fields.get("continue_" if name == "continue" else name)
            if field is None:
                placed = False
                continue
            field.errors = list(field.errors or []) + list(messages)
        return placed


def _kind_choices():
    return options({"": _l("— Giữ nguyên —"), **labels.KIND})


def _tristate():
    return options({"": _l("— Chưa xác định —"), "true": _l("Có"), "false": _l("Không")})


class ClassifyForm(StepForm):
    kind = SelectField(_l("Loại đơn"), choices=_kind_choices)
    eligible = SelectField(_l("Đủ điều kiện xử lý"), choices=_tristate)
    within_competence = SelectField(_l("Thuộc thẩm quyền"), choices=_tristate)
    complaint_round = SelectField(
        _l("Lần khiếu nại"),
        choices=lambda: options({"": _l("— Giữ nguyên —"), "1": _l("Lần đầu"), "2": _l("Lần hai")}),
    )
    subject_area = SelectField(
        _l("Lĩnh vực"), choices=lambda: options({"": _l("— Giữ nguyên —"), **SUBJECT_AREAS})
    )
    repeat_of = StringField(_l("Đơn lặp lại của hồ sơ (mã hoặc số)"))
    duplicate_of = StringField(_l("Đơn trùng với hồ sơ (mã hoặc số)"))
    multi_site = BooleanField(_l("Phải xác minh ở nhiều địa điểm"))
    note = TextAreaField(_l("Ghi chú"), render_kw={"rows": 2})


class AcceptForm(StepForm):
    complex = RadioField(
        _l("Mức độ phức tạp"),
        choices=lambda: options(
            {
                "false": _l("Thông thường"),
                "true": _l("Phức tạp"),
                "very": _l("Đặc biệt phức tạp"),
            }
        ),
        default="false",
    )
    note = TextAreaField(_l("Ghi chú nội bộ"), render_kw={"rows": 2})


class ForwardForm(StepForm):
    about = SelectField(_l("Đơn về quyết định, hành vi của"), choices=[])
    to_unit = SelectField(_l("Chuyển đến đơn vị"), choices=[])
    note = TextAreaField(_l("Ghi chú nội bộ"), render_kw={"rows": 2})


class GuideForm(StepForm):
    about = SelectField(_l("Đơn về quyết định, hành vi của"), choices=[])
    to_body = StringField(_l("Cơ quan có thẩm quyền giải quyết"))
    reason = TextAreaField(_l("Lý do, nội dung hướng dẫn"), render_kw={"rows": 3})
    note = TextAreaField(_l("Ghi chú nội bộ"), render_kw={"rows": 2})


class FileForm(StepForm):
    reason_code = SelectField(_l("Lý do lưu đơn"), choices=lambda: options(labels.FILE_REASON))
    reason = TextAreaField(_l("Ghi rõ lý do (bắt buộc với «Lý do khác»)"), render_kw={"rows": 2})


class RejectForm(StepForm):
    reason = TextAreaField(_l("Lý do không thụ lý"), render_kw={"rows": 3})
    note = TextAreaField(_l("Ghi chú nội bộ"), render_kw={"rows": 2})


class AssignForm(StepForm):
    user = SelectField(_l("Cán bộ được giao"), choices=[])
    note = TextAreaField(_l("Ghi chú"), render_kw={"rows": 2})


class VerifyForm(StepForm):
    step = SelectField(
        _l("Việc đã làm"),
        choices=lambda: options(
            {
                "meeting": _l("Làm việc với người gửi đơn"),
                "respondent": _l("Làm việc với người bị khiếu nại, bị tố cáo"),
                "site": _l("Xác minh thực tế"),
                "documents": _l("Thu thập tài liệu, chứng cứ"),
                "expertise": _l("Trưng cầu giám định"),
                "report": _l("Báo cáo kết quả xác minh"),
                "other": _l("Việc khác"),
            }
        ),
    )
    note = TextAreaField(_l("Nội dung"), render_kw={"rows": 3})
    document = FileField(_l("Tài liệu kèm theo (PDF, JPG, PNG, DOCX)"))


class NotifyForm(StepForm):
    note = TextAreaField(_l("Số, ngày văn bản thông báo"), render_kw={"rows": 2})


class DialogueForm(StepForm):
    participants = StringField(_l("Thành phần tham gia"))
    minutes = TextAreaField(_l("Biên bản đối thoại (tóm tắt)"), render_kw={"rows": 4})
    absent = BooleanField(
        _l("Người khiếu nại đã được mời nhưng vắng mặt không có lý do chính đáng")
    )
    invitation = StringField(_l("Giấy mời, thông báo đã gửi (số, ký hiệu)"))
    invited_on = DateField(_l("Ngày gửi giấy mời"), validators=[Optional()])
    document = FileField(_l("Bản scan biên bản (PDF, JPG, PNG, DOCX)"))


class DecisionFields:
    """The number and signing day of the decision a step records (empty number: the unit's
    register gives the next one)."""

    decision_number = StringField(_l("Số quyết định (để trống nếu chưa có)"))
    decided_on = DateField(_l("Ngày ký"), validators=[Optional()])


class ExtendForm(DecisionFields, StepForm):
    reason = TextAreaField(_l("Lý do gia hạn"), render_kw={"rows": 3})


class SuspendForm(StepForm):
    # Choices: the grounds the law lists for the case's kind (set by the case page).
    ground = SelectField(_l("Căn cứ tạm đình chỉ"), choices=[])
    reason = TextAreaField(_l("Nội dung cụ thể"), render_kw={"rows": 3})
    decision_number = StringField(_l("Số quyết định tạm đình chỉ"))
    decided_on = DateField(_l("Ngày ký"), validators=[Optional()])


class ResumeForm(StepForm):
    decision_number = StringField(_l("Số quyết định tiếp tục giải quyết"))
    decided_on = DateField(_l("Ngày ký"), validators=[Optional()])
    note = TextAreaField(_l("Ghi chú"), render_kw={"rows": 2})


class TerminateForm(StepForm):
    ground = SelectField(_l("Căn cứ đình chỉ"), choices=[])
    reason = TextAreaField(
        _l("Nội dung cụ thể (bắt buộc với «Căn cứ khác»)"), render_kw={"rows": 3}
    )
    decision_number = StringField(_l("Số quyết định đình chỉ"))
    decided_on = DateField(_l("Ngày ký"), validators=[Optional()])


class WithdrawForm(StepForm):
    reason = TextAreaField(_l("Nội dung văn bản rút đơn"), render_kw={"rows": 3})
    partial = BooleanField(_l("Chỉ rút một phần nội dung"))
    withdrawn_contents = TextAreaField(
        _l("Nội dung được rút (khi rút một phần; phần còn lại tiếp tục giải quyết)"),
        render_kw={"rows": 2},
    )
    continue_ = BooleanField(
        _l("Tiếp tục giải quyết tố cáo (có dấu hiệu vi phạm hoặc rút do bị ép buộc)"),
        name="continue",
    )
    continue_reason = TextAreaField(_l("Căn cứ tiếp tục giải quyết"), render_kw={"rows": 2})


class ConcludeForm(StepForm):
    outcome = RadioField(_l("Kết quả"), choices=lambda: options(labels.OUTCOME))
    decision_number = StringField(_l("Số quyết định, kết luận"))
    decided_on = DateField(_l("Ngày ký"), validators=[Optional()])
    summary = TextAreaField(_l("Tóm tắt kết quả (gửi người dân)"), render_kw={"rows": 3})
    note = TextAreaField(_l("Ghi chú nội bộ"), render_kw={"rows": 2})


# Optional on the conclude step: what the decision recovered, returned and recommended
# (cases.results, forms 01/KQGQ and 03/KQGQ), after its own fields.
for _name, _label, _kind in RESULT_FIELDS:
    setattr(ConcludeForm, _name, StringField(_label, render_kw={"inputmode": "decimal"}))


class CloseForm(StepForm):
    note = TextAreaField(_l("Ghi chú"), render_kw={"rows": 2})


class RemindForm(StepForm):
    note = TextAreaField(_l("Nội dung đôn đốc"), render_kw={"rows": 2})


class RevealForm(Form):
    reason = StringField(_l("Lý do cần xem"))


STEP_FORMS: dict[str, type[StepForm]] = {
    "classify": ClassifyForm,
    "accept": AcceptForm,
    "forward": ForwardForm,
    "guide": GuideForm,
    "file": FileForm,
    "reject": RejectForm,
    "assign": AssignForm,
    "verify": VerifyForm,
    "notify": NotifyForm,
    "dialogue": DialogueForm,
    "extend": ExtendForm,
    "suspend": SuspendForm,
    "resume": ResumeForm,
    "terminate": TerminateForm,
    "withdraw": WithdrawForm,
    "conclude": ConcludeForm,
    "close": CloseForm,
    "remind": RemindForm,
}


class FilterForm(Form):
    """The case list's filters (GET, no CSRF needed)."""

    class Meta:
        csrf = False

    q = StringField(_l("Tìm kiếm"))
    # Unknown values are reported by the list's query (a 422 Refused), not as a bad choice.
    status = SelectField(_l("Trạng thái"), choices=[], validate_choice=False)
    kind = SelectField(_l("Loại đơn"), choices=[], validate_choice=False)
    unit = SelectField(_l("Đơn vị"), choices=[], validate_choice=False)
    handler = SelectField(_l("Cán bộ xử lý"), choices=[], validate_choice=False)
    overdue = BooleanField(_l("Quá hạn"))
    due_soon = BooleanField(_l("Sắp đến hạn"))
    received_from = DateField(_l("Nhận từ ngày"), validators=[Optional()])
    received_to = DateField(_l("đến ngày"), validators=[Optional()])
    sort = SelectField(
        _l("Sắp xếp"),
        choices=lambda: options(
            {
                "-received": _l("Mới nhận trước"),
                "received": _l("Nhận sớm nhất trước"),
                "due": _l("Hạn gần nhất trước"),
                "-due": _l("Hạn xa nhất trước"),
                "status": _l("Theo trạng thái"),
                "code": _l("Theo mã hồ sơ"),
            }
        ),
        default="-received",
        validate_choice=False,
    )
