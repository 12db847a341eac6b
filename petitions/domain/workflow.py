"""Case states and the workflow steps each kind of petition allows from each state."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from petitions.domain.deadlines import RULES

# -- states, kinds, actions -----------------------------------------------------------------------

RECEIVED = "received"
FORWARDED = "forwarded"
GUIDED = "guided"
FILED = "filed"
REJECTED = "rejected"
ACCEPTED = "accepted"
VERIFYING = "verifying"
CONCLUDED = "concluded"
CLOSED = "closed"
WITHDRAWN = "withdrawn"
SUSPENDED = "suspended"
# Resolution ended by a decision to terminate (đình chỉ) on a ground the law lists.
TERMINATED = "terminated"

STATES = (
    RECEIVED,
    FORWARDED,
    GUIDED,
    FILED,
    REJECTED,
    ACCEPTED,
    VERIFYING,
    CONCLUDED,
    CLOSED,
    WITHDRAWN,
    SUSPENDED,
    TERMINATED,
)
# Open: the case is still in its unit's hands and lists, until it is closed or leaves the unit
# (a concluded case only waits for its closing step). Case lists, mergers, overdue badges.
OPEN_STATES = frozenset({RECEIVED, ACCEPTED, VERIFYING, SUSPENDED, CONCLUDED})
# Pending: no answer yet (a concluded case has its answer). Open311's "open", the reports'
# carried-over and open figures, and what a forwarding unit waits for (awaiting an answer).
PENDING_STATES = frozenset({RECEIVED, ACCEPTED, VERIFYING, SUSPENDED})
# Settled: every other state; the case has left the unit or been answered.
SETTLED_STATES = frozenset(STATES) - PENDING_STATES
# Settled by a decision on the merits (rather than routed out of the unit).
DECIDED_STATES = frozenset({CONCLUDED, CLOSED})
# States in which the unit is still working the case (a concluded case only waits to close).
ACTIVE_STATES = frozenset({RECEIVED, ACCEPTED, VERIFYING})

COMPLAINT = "complaint"
DENUNCIATION = "denunciation"
RECOMMENDATION = "recommendation"
FEEDBACK = "feedback"
KINDS = (COMPLAINT, DENUNCIATION, RECOMMENDATION, FEEDBACK)
ALL_KINDS = frozenset(KINDS)

# Stay in the state the case is in; resume goes back to where the suspension found it.
SAME = "="
PREVIOUS = "<"

STATE_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        RECEIVED: ("Mới tiếp nhận", "Received"),
        FORWARDED: ("Đã chuyển đơn", "Forwarded"),
        GUIDED: ("Đã hướng dẫn", "Guided"),
        FILED: ("Lưu đơn", "Filed"),
        REJECTED: ("Không thụ lý", "Not accepted"),
        ACCEPTED: ("Đã thụ lý", "Accepted"),
        VERIFYING: ("Đang xác minh", "Verifying"),
        CONCLUDED: ("Đã có kết quả giải quyết", "Concluded"),
        CLOSED: ("Kết thúc", "Closed"),
        WITHDRAWN: ("Đã rút đơn", "Withdrawn"),
        SUSPENDED: ("Tạm đình chỉ", "Suspended"),
        TERMINATED: ("Đình chỉ giải quyết", "Terminated"),
    }
)

KIND_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        COMPLAINT: ("khiếu nại", "complaint"),
        DENUNCIATION: ("tố cáo", "denunciation"),
        RECOMMENDATION: ("kiến nghị", "recommendation"),
        FEEDBACK: ("phản ánh", "feedback"),
    }
)

_C05 = ("Thông tư 05/2021/TT-TTCP", "Circular 05/2021/TT-TTCP")
_LKN = ("Luật Khiếu nại 2011", "Law on Complaints 2011")
_LTC = ("Luật Tố cáo 2018", "Law on Denunciation 2018")
# Law 136/2025/QH15 (in force 1/7/2026), art. 2, amending the Law on Complaints.
_L136 = (
    "Luật Khiếu nại 2011, sửa đổi bởi Luật 136/2025/QH15",
    "Law on Complaints 2011 as amended by Law 136/2025/QH15",
)


@dataclass(frozen=True)
class Step:
    """One workflow step: where it may start, where it leads, for which kinds, who decides."""

    action: str
    sources: frozenset[str]
    target: str
    kinds: frozenset[str] = ALL_KINDS
    # Decided by the unit head; a handler may only propose it.
    head_only: bool = False
    # Shown on the citizen's tracking page.
    public: bool = False
    # The notice (document) the step produces, if any.
    notice: str | None = None
    # Legal basis per kind ("*" for every kind), Vietnamese and English.
    basis: Mapping[str, tuple[str, str]] = field(default_factory=dict, hash=False)
    # Why a kind is excluded, per kind, Vietnamese and English.
    kind_reasons: Mapping[str, tuple[str, str]] = field(default_factory=dict, hash=False)

    def basis_for(self, kind: str) -> tuple[str, str]:
        return self.basis.get(kind) or self.basis.get("*") or ("", "")


def _s(*states: str) -> frozenset[str]:
    return frozenset(states)


_NOT_COMPLAINT = frozenset({DENUNCIATION, RECOMMENDATION, FEEDBACK})
# Resolution can be suspended or terminated only where a law provides it: the Law on
# Complaints as amended by Law 136/2025/QH15 and the Law on Denunciation 2018 (art. 34).
# A recommendation or feedback is answered under Circular 05/2021 and the unit's own rules,
# which know no suspension: its handling goes on or ends with withdrawal or an answer.
_SUSPENDABLE = frozenset({COMPLAINT, DENUNCIATION})
_NO_SUSPENSION = (
    "Pháp luật chỉ quy định tạm đình chỉ, đình chỉ việc giải quyết khiếu nại, tố cáo; đơn "
    "kiến nghị, phản ánh được xử lý và trả lời theo quy định của đơn vị.",
    "Only the resolution of a complaint or a denunciation can be suspended or terminated; a "
    "recommendation or feedback is handled and answered under the unit's own rules.",
)
# What suspend, resume and terminate share: the head's decisions, on the same legal basis.
_SUSPENSION = {
    "kinds": _SUSPENDABLE,
    "head_only": True,
    "public": True,
    "basis": {
        COMPLAINT: (f"{_L136[0]}, Điều 2", f"{_L136[1]}, art. 2"),
        DENUNCIATION: (f"{_LTC[0]}, Điều 34", f"{_LTC[1]}, art. 34"),
    },
    "kind_reasons": dict.fromkeys((RECOMMENDATION, FEEDBACK), _NO_SUSPENSION),
}

STEPS: Mapping[str, Step] = MappingProxyType(
    {
        step.action: step
        for step in (
            Step(
                "classify",
                _s(RECEIVED),
                SAME,
                basis={"*": _C05},
            ),
            Step(
                "accept",
                _s(RECEIVED),
                ACCEPTED,
                head_only=True,
                public=True,
                notice="acceptance",
                basis={
                    COMPLAINT: (f"{_LKN[0]}, Điều 27", f"{_LKN[1]}, art. 27"),
                    DENUNCIATION: (f"{_LTC[0]}, Điều 29", f"{_LTC[1]}, art. 29"),
                    "*": _C05,
                },
            ),
            Step(
                "forward",
                _s(RECEIVED),
                FORWARDED,
                kinds=_NOT_COMPLAINT,
                head_only=True,
                public=True,
                notice="forwarding",
                basis={
                    DENUNCIATION: (f"{_LTC[0]}, Điều 24", f"{_LTC[1]}, art. 24"),
                    "*": _C05,
                },
                kind_reasons={
                    COMPLAINT: (
                        "Khiếu nại không thuộc thẩm quyền được hướng dẫn người khiếu nại, "
                        "không chuyển đơn (Thông tư 05/2021/TT-TTCP).",
                        "A complaint outside the unit's competence is answered with guidance, "
                        "not forwarded (Circular 05/2021/TT-TTCP).",
                    )
                },
            ),
            Step(
                "guide",
                _s(RECEIVED),
                GUIDED,
                kinds=frozenset({COMPLAINT}),
                public=True,
                notice="guidance",
                basis={"*": _C05},
                kind_reasons=dict.fromkeys(
                    _NOT_COMPLAINT,
                    (
                        "Đơn tố cáo, kiến nghị, phản ánh không thuộc thẩm quyền được chuyển đến "
                        "cơ quan có thẩm quyền, không hướng dẫn (Thông tư 05/2021/TT-TTCP).",
                        "A denunciation, recommendation or feedback outside the unit's "
                        "competence is forwarded, not answered with guidance "
                        "(Circular 05/2021/TT-TTCP).",
                    ),
                ),
            ),
            Step(
                "file",
                _s(RECEIVED),
                FILED,
                public=True,
                basis={"*": _C05},
            ),
            Step(
                "reject",
                _s(RECEIVED),
                REJECTED,
                public=True,
                notice="refusal",
                basis={
                    COMPLAINT: (f"{_LKN[0]}, Điều 11, 27", f"{_LKN[1]}, arts. 11, 27"),
                    DENUNCIATION: (f"{_LTC[0]}, Điều 29", f"{_LTC[1]}, art. 29"),
                    "*": _C05,
                },
            ),
            Step("assign", _s(ACCEPTED, VERIFYING), VERIFYING),
            Step(
                "verify",
                _s(VERIFYING),
                SAME,
                basis={
                    COMPLAINT: (f"{_LKN[0]}, Điều 29", f"{_LKN[1]}, art. 29"),
                    DENUNCIATION: (f"{_LTC[0]}, Điều 31", f"{_LTC[1]}, art. 31"),
                },
            ),
            Step(
                "notify",
                _s(ACCEPTED, VERIFYING),
                SAME,
                basis={
                    DENUNCIATION: (f"{_LTC[0]}, Điều 29", f"{_LTC[1]}, art. 29"),
                    COMPLAINT: (f"{_LKN[0]}, Điều 27", f"{_LKN[1]}, art. 27"),
                },
            ),
            Step(
                "dialogue",
                _s(ACCEPTED, VERIFYING),
                SAME,
                kinds=frozenset({COMPLAINT}),
                public=True,
                basis={"*": (f"{_LKN[0]}, Điều 30, 39", f"{_LKN[1]}, arts. 30, 39")},
                kind_reasons=dict.fromkeys(
                    _NOT_COMPLAINT,
                    (
                        "Đối thoại là một bước của giải quyết khiếu nại (Luật Khiếu nại 2011, "
                        "Điều 30, 39).",
                        "A dialogue is a step of resolving a complaint (Law on Complaints 2011, "
                        "arts. 30, 39).",
                    ),
                ),
            ),
            Step(
                "extend",
                _s(ACCEPTED, VERIFYING),
                SAME,
                kinds=frozenset({DENUNCIATION}),
                head_only=True,
                public=True,
                notice="extension",
                basis={"*": (f"{_LTC[0]}, Điều 30", f"{_LTC[1]}, art. 30")},
                kind_reasons=dict.fromkeys(
                    (COMPLAINT, RECOMMENDATION, FEEDBACK),
                    (
                        "Chỉ thời hạn giải quyết tố cáo được gia hạn (Luật Tố cáo 2018, Điều 30).",
                        "Only the period for resolving a denunciation can be extended "
                        "(Law on Denunciation 2018, art. 30).",
                    ),
                ),
            ),
            Step(
                "suspend",
                _s(ACCEPTED, VERIFYING),
                SUSPENDED,
                **_SUSPENSION,
            ),
            Step(
                "resume",
                _s(SUSPENDED),
                PREVIOUS,
                **_SUSPENSION,
            ),
            Step(
                "terminate",
                _s(ACCEPTED, VERIFYING, SUSPENDED),
                TERMINATED,
                **_SUSPENSION,
            ),
            Step(
                "withdraw",
                _s(RECEIVED, ACCEPTED, VERIFYING, SUSPENDED),
                WITHDRAWN,
                public=True,
                basis={
                    COMPLAINT: (f"{_LKN[0]}, Điều 10", f"{_LKN[1]}, art. 10"),
                    DENUNCIATION: (f"{_LTC[0]}, Điều 33", f"{_LTC[1]}, art. 33"),
                },
            ),
            Step(
                "conclude",
                _s(ACCEPTED, VERIFYING),
                CONCLUDED,
                head_only=True,
                public=True,
                notice="conclusion",
                basis={
                    COMPLAINT: (f"{_LKN[0]}, Điều 31, 40", f"{_LKN[1]}, arts. 31, 40"),
                    DENUNCIATION: (f"{_LTC[0]}, Điều 35", f"{_LTC[1]}, art. 35"),
                    "*": _C05,
                },
            ),
            Step(
                "close",
                _s(CONCLUDED),
                CLOSED,
                public=True,
                basis={COMPLAINT: (f"{_LKN[0]}, Điều 33", f"{_LKN[1]}, art. 33")},
            ),
            Step(
                "remind",
                _s(FORWARDED, RECEIVED, ACCEPTED, VERIFYING, SUSPENDED),
                SAME,
                basis={"*": _C05},
            ),
        )
    }
)
ACTIONS = tuple(STEPS)
# Actions the JSON API documents (API.md); the others are this product's additions.
HEAD_ONLY_ACTIONS = frozenset(a for a, s in STEPS.items() if s.head_only)

# -- deadlines ------------------------------------------------------------------------------------

# Deadlines opened when a petition is received; every routing decision meets them.
INTAKE_RULES = (
    "petition.classify",
    "reception.notify",
    "complaint.accept",
    "complaint.accept.second",
    "denunciation.initial",
    "denunciation.forward",
)
RESOLUTION_RULES = (
    "complaint.resolve.first",
    "complaint.resolve.second",
    "denunciation.resolve",
    "feedback.resolve",
)
# A window the citizen has, not a duty of the unit: it is never overdue.
PASSIVE_RULES = frozenset({"complaint.second_window"})


def resolution_rule(kind: str, complaint_round: int = 1) -> str:
    """The deadline for settling an accepted case of this kind."""
    if kind == COMPLAINT:
        return "complaint.resolve.second" if complaint_round >= 2 else "complaint.resolve.first"
    if kind == DENUNCIATION:
        return "denunciation.resolve"
    return "feedback.resolve"


@dataclass(frozen=True)
class DeadlinePlan:
    """What a step does to the case's clocks: rules to meet, rules to open (from the step's day)."""

    meet: tuple[str, ...] = ()
    open: tuple[str, ...] = ()
    meet_all: bool = False  # every open duty deadline ends here (the case leaves the unit)
    recompute: tuple[str, ...] = ()
    pause: bool = False
    carry: bool = False


def deadline_plan(
    kind: str, action: str, *, complaint_round: int = 1, full_withdrawal: bool = True
) -> DeadlinePlan:
    """How the deadlines move when `action` is taken on a case of `kind`."""
    if action == "accept":
        opened = [resolution_rule(kind, complaint_round)]
        if kind == DENUNCIATION:
            opened.append("denunciation.notify")
        return DeadlinePlan(meet=INTAKE_RULES, open=tuple(opened))
    if action in ("forward", "guide", "file", "reject"):
        return DeadlinePlan(meet_all=True)
    if action == "notify":
        return DeadlinePlan(meet=("denunciation.notify",))
    if action == "extend":
        return DeadlinePlan(recompute=("denunciation.resolve",))
    if action == "suspend":
        return DeadlinePlan(pause=True)
    if action == "resume":
        return DeadlinePlan(carry=True)
    if action == "terminate":
        return DeadlinePlan(meet_all=True)
    if action == "withdraw":
        return DeadlinePlan(meet_all=full_withdrawal)
    if action == "conclude":
        opened = ("complaint.second_window",) if kind == COMPLAINT and complaint_round < 2 else ()
        return DeadlinePlan(meet_all=True, open=opened)
    if action == "close":
        return DeadlinePlan(meet_all=True)
    return DeadlinePlan()


def acceptance_rule(complaint_round: int = 1) -> str:
    """The period to accept a complaint: LKN art. 27 for the first round, art. 36 for the
    second (both 10 days; their versions and bases differ)."""
    return "complaint.accept.second" if complaint_round >= 2 else "complaint.accept"


def intake_rules(
    kind: str, *, channel: str | None = None, complaint_round: int = 1
) -> tuple[str, ...]:
    """The deadlines a newly received petition starts with (DOMAIN: Deadline rules)."""
    rules = ["petition.classify"]
    if kind == COMPLAINT:
        rules.append(acceptance_rule(complaint_round))
    elif kind == DENUNCIATION:
        rules.append("denunciation.initial")
    if channel == "reception":
        rules.append("reception.notify")
    return tuple(rules)


def max_extensions(complexity: str | None) -> int:
    """How many times the law lets a denunciation's period be extended (LTC art. 30)."""
    return RULES["denunciation.resolve"].max_extensions.get(complexity, 0)


# -- reasons and outcomes -------------------------------------------------------------------------

# Why an ineligible petition is filed (Circular 05/2021/TT-TTCP, art. 6, 11; LTC art. 25).
FILE_REASONS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "no_identity": (
            "Đơn không ghi rõ họ tên, địa chỉ, không có chữ ký hoặc điểm chỉ",
            "No name, address, signature or fingerprint",
        ),
        "missing_content": (
            "Đơn không có đủ nội dung theo quy định",
            "Required content missing",
        ),
        "already_resolved": (
            "Vụ việc đã được giải quyết đúng chính sách, pháp luật, không có tình tiết mới",
            "Already resolved lawfully, with no new facts",
        ),
        "already_sent": (
            "Đơn đã được gửi đến cơ quan có thẩm quyền giải quyết",
            "Already sent to the competent body",
        ),
        "already_guided": (
            "Đơn đã được hướng dẫn một lần về cùng nội dung",
            "Already guided once on the same content",
        ),
        "illegible": ("Đơn viết không rõ ràng, không đọc được", "Illegible"),
        "anonymous": (
            "Tố cáo nặc danh, mạo danh (Luật Tố cáo 2018, Điều 25)",
            "Anonymous or impersonated denunciation (Law on Denunciation 2018, art. 25)",
        ),
        "duplicate": ("Đơn trùng lặp với đơn đang xử lý", "Duplicate of a petition in hand"),
        "other": ("Lý do khác", "Other reason"),
    }
)

OUTCOMES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "correct": ("Đúng", "Correct"),
        "partly_correct": ("Đúng một phần", "Partly correct"),
        "incorrect": ("Sai", "Incorrect"),
    }
)

COMPLEXITY_BY_FLAG: Mapping[object, str | None] = MappingProxyType(
    {False: None, True: "complex", "very": "very"}
)

# -- checking a step ------------------------------------------------------------------------------


class TransitionNotAllowed(Exception):
    """The step is not allowed now; the message explains why in both UI languages."""

    def __init__(self, message_vi: str, message_en: str, code: str = "invalid_transition"):
        super().__init__(message_en)
        self.message_vi = message_vi
        self.message_en = message_en
        self.code = code

    def message(self, lang: str = "vi") -> str:
        return self.message_en if lang.startswith("en") else self.message_vi


@dataclass(frozen=True)
class CaseFacts:
    """The facts about a case that decide whether a step is allowed (no database rows)."""

    kind: str
    status: str
    status_before_suspension: str | None = None
    complaint_round: int = 1
    complexity: str | None = None
    extensions: int = 0
    dialogue_held: bool = False
    # The complainant, invited, stayed away from the dialogue without good reason (recorded).
    dialogue_absent: bool = False
    second_complaint_lodged: bool = False
    second_window_due: date | None = None
    # For reminders on a forwarded case: whether the receiving unit still has it open.
    linked_case_open: bool = True


def _labels(states) -> tuple[str, str]:
    ordered = [s for s in STATES if s in states]
    return (
        ", ".join(f"«{STATE_LABELS[s][0]}»" for s in ordered),
        ", ".join(f"“{STATE_LABELS[s][1]}”" for s in ordered),
    )


def step_for(action: str) -> Step:
    try:
        return STEPS[action]
    except KeyError:
        raise TransitionNotAllowed(
            f"Không có thao tác «{action}».", f"No such action {action!r}.", code="unknown_action"
        ) from None


def check(facts: CaseFacts, action: str, *, on: date | None = None) -> Step:
    """The step if `action` is allowed on a case with these facts; otherwise raise why not.

    `on` is the effective day of the step (needed to tell whether a window has passed).
    """
    step = step_for(action)
    kind_vi, kind_en = KIND_LABELS.get(facts.kind, (facts.kind, facts.kind))
    if facts.kind not in step.kinds:
        reason = step.kind_reasons.get(facts.kind) or (
            f"Thao tác này không áp dụng cho đơn {kind_vi}.",
            f"This step does not apply to a {kind_en}.",
        )
        raise TransitionNotAllowed(*reason)
    if facts.status not in step.sources:
        here_vi, here_en = STATE_LABELS.get(facts.status, (facts.status, facts.status))
        allowed_vi, allowed_en = _labels(step.sources)
        raise TransitionNotAllowed(
            f"Hồ sơ đang ở trạng thái «{here_vi}»; thao tác này chỉ thực hiện được khi hồ sơ "
            f"ở trạng thái {allowed_vi}.",
            f"The case is “{here_en}”; this step is only possible when the case is {allowed_en}.",
        )
    if action == "extend":
        allowed = max_extensions(facts.complexity)
        if facts.extensions >= allowed:
            if allowed == 0:
                raise TransitionNotAllowed(
                    "Chỉ vụ việc tố cáo phức tạp hoặc đặc biệt phức tạp mới được gia hạn "
                    "(Luật Tố cáo 2018, Điều 30). Vụ việc này được thụ lý là thông thường.",
                    "Only a complex or especially complex denunciation may be extended "
                    "(Law on Denunciation 2018, art. 30); this one was accepted as normal.",
                    code="extension_limit",
                )
            raise TransitionNotAllowed(
                f"Vụ việc đã được gia hạn {facts.extensions} lần, là số lần tối đa Luật Tố cáo "
                "2018 (Điều 30) cho phép với mức độ phức tạp này.",
                f"The case has been extended {facts.extensions} time(s), the most the Law on "
                "Denunciation 2018 (art. 30) allows at this complexity.",
                code="extension_limit",
            )
    second_round = facts.kind == COMPLAINT and facts.complaint_round >= 2
    dialogue_done = facts.dialogue_held or facts.dialogue_absent
    if action == "conclude" and second_round and not dialogue_done:
        raise TransitionNotAllowed(
            "Giải quyết khiếu nại lần hai phải tổ chức đối thoại và lập biên bản trước khi "
            "ra quyết định (Luật Khiếu nại 2011, Điều 39), hoặc ghi nhận người khiếu nại đã "
            "được mời mà vắng mặt không có lý do chính đáng (Luật 136/2025/QH15).",
            "A second complaint needs a minuted dialogue before the decision (Law on "
            "Complaints 2011, art. 39), or a record that the complainant, invited, stayed away "
            "without good reason (Law 136/2025/QH15).",
            code="dialogue_required",
        )
    if action == "close" and facts.kind == COMPLAINT and facts.complaint_round < 2:
        window_passed = (
            facts.second_window_due is not None and on is not None and on > facts.second_window_due
        )
        if not (window_passed or facts.second_complaint_lodged):
            due = facts.second_window_due.strftime("%d/%m/%Y") if facts.second_window_due else "?"
            raise TransitionNotAllowed(
                f"Người khiếu nại còn quyền khiếu nại lần hai đến hết ngày {due} "
                "(Luật Khiếu nại 2011, Điều 33); chỉ kết thúc hồ sơ sau ngày đó hoặc khi đã có "
                "khiếu nại lần hai.",
                f"The complainant may lodge a second complaint until {due} (Law on Complaints "
                "2011, art. 33); the case can be closed after that day or once a second "
                "complaint has been lodged.",
                code="second_window_open",
            )
    if action == "remind" and facts.status == FORWARDED and not facts.linked_case_open:
        raise TransitionNotAllowed(
            "Đơn vị nhận đơn đã giải quyết xong; không cần đôn đốc.",
            "The receiving unit has already settled the case; no reminder is needed.",
        )
    if action == "resume" and not facts.status_before_suspension:
        raise TransitionNotAllowed(
            "Không rõ trạng thái trước khi tạm đình chỉ.",
            "The state before the suspension is unknown.",
        )
    return step


def allowed(facts: CaseFacts, action: str, *, on: date | None = None) -> bool:
    try:
        check(facts, action, on=on)
    except TransitionNotAllowed:
        return False
    return True


def next_actions(facts: CaseFacts, *, on: date | None = None) -> list[str]:
    """The steps open to a case with these facts, in workflow order."""
    return [action for action in ACTIONS if allowed(facts, action, on=on)]


def target_state(
    facts: CaseFacts, action: str, *, partial: bool = False, continues: bool = False
) -> str:
    """The state after `action`. A partial withdrawal, or a denunciation whose resolution
    continues after withdrawal (signs of a violation, LTC art. 33), leaves the state as it is."""
    step = STEPS[action]
    if action == "withdraw" and (partial or (continues and facts.kind == DENUNCIATION)):
        return facts.status
    if step.target == SAME:
        return facts.status
    if step.target == PREVIOUS:
        return facts.status_before_suspension or facts.status
    return step.target
