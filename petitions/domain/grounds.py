"""The grounds on which resolution is suspended (tạm đình chỉ) or terminated (đình chỉ), as data."""

# The grounds on which the resolution of a complaint or denunciation is suspended (tạm đình
# chỉ) or terminated (đình chỉ), as data: per kind, a code, its words and its legal basis.
#
# Denunciations: Law on Denunciation 2018, art. 34 (clauses 1 and 3), read in its text. Complaints:
# the amendment of the Law on Complaints by Law 136/2025/QH15 (art. 2, in force 1/7/2026); the
# stored copy of that law could not be read past its article 1, so the complaint grounds follow
# the denunciation law's pattern and the cases the inspectorate's commentary lists, and each
# keeps an "other" ground with the officer's note until the text is checked (README, issue 14).
# A whole withdrawal is not a ground here: it is the `withdraw` step (LKN art. 10, LTC art. 33).

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Ground:
    code: str
    vi: str
    en: str
    basis_vi: str
    basis_en: str
    # The officer must say more in the note (the ground alone does not tell the story).
    needs_note: bool = False

    def words(self, lang: str = "vi") -> str:
        return self.en if lang.startswith("en") else self.vi

    def basis(self, lang: str = "vi") -> str:
        return self.basis_en if lang.startswith("en") else self.basis_vi


_LTC34_1 = ("Luật Tố cáo 2018, Điều 34 khoản 1", "Law on Denunciation 2018, art. 34(1)")
_LTC34_3 = ("Luật Tố cáo 2018, Điều 34 khoản 3", "Law on Denunciation 2018, art. 34(3)")
_L136 = (
    "Luật Khiếu nại 2011, sửa đổi bởi Luật 136/2025/QH15, Điều 2",
    "Law on Complaints 2011 as amended by Law 136/2025/QH15, art. 2",
)


def _table(*grounds: Ground) -> Mapping[str, Ground]:
    return MappingProxyType({g.code: g for g in grounds})


_AWAIT_OTHER = (
    "Cần đợi kết quả giải quyết của cơ quan, tổ chức, cá nhân khác hoặc kết quả giải quyết "
    "vụ việc khác có liên quan",
    "Waiting for another body's or person's decision, or for the outcome of a related matter",
)
_AWAIT_EXPERTISE = (
    "Cần đợi kết quả giám định bổ sung, giám định lại",
    "Waiting for a further or repeated expert examination",
)

SUSPENSION: Mapping[str, Mapping[str, Ground]] = MappingProxyType(
    {
        "denunciation": _table(
            Ground("await_other", *_AWAIT_OTHER, *_LTC34_1),
            Ground("await_expertise", *_AWAIT_EXPERTISE, *_LTC34_1),
        ),
        "complaint": _table(
            Ground("await_other", *_AWAIT_OTHER, *_L136),
            Ground(
                "await_expertise",
                "Cần đợi kết quả giám định",
                "Waiting for an expert examination",
                *_L136,
            ),
            Ground(
                "no_successor",
                "Người khiếu nại là cá nhân đã chết, cơ quan, tổ chức khiếu nại đã giải thể mà "
                "chưa xác định được người kế thừa quyền, nghĩa vụ",
                "The complainant died or was dissolved and no successor to the complaint is "
                "known yet",
                *_L136,
            ),
            Ground(
                "other",
                "Căn cứ khác theo quy định",
                "Another ground the law provides",
                *_L136,
                True,
            ),
        ),
    }
)

TERMINATION: Mapping[str, Mapping[str, Ground]] = MappingProxyType(
    {
        "denunciation": _table(
            Ground(
                "respondent_died",
                "Người bị tố cáo là cá nhân đã chết và nội dung tố cáo chỉ liên quan đến trách "
                "nhiệm của người bị tố cáo",
                "The person denounced has died and the denunciation concerns only that "
                "person's responsibility",
                *_LTC34_3,
            ),
            Ground(
                "already_decided",
                "Vụ việc đã được giải quyết bằng bản án, quyết định của Tòa án đã có hiệu lực "
                "pháp luật hoặc quyết định đã có hiệu lực của cơ quan, tổ chức, cá nhân có "
                "thẩm quyền",
                "The matter has been settled by a final court judgment or decision, or by a "
                "decision in force of a competent body",
                *_LTC34_3,
            ),
        ),
        "complaint": _table(
            Ground(
                "no_successor",
                "Người khiếu nại là cá nhân đã chết mà không có người thừa kế quyền, nghĩa vụ; "
                "cơ quan, tổ chức khiếu nại đã giải thể, chấm dứt hoạt động mà không có cơ "
                "quan, tổ chức kế thừa",
                "The complainant died with no heir to the complaint, or the complaining body "
                "ceased to exist with no successor",
                *_L136,
            ),
            Ground(
                "act_revoked",
                "Người bị khiếu nại đã hủy bỏ quyết định hành chính, chấm dứt hành vi hành "
                "chính bị khiếu nại",
                "The contested administrative decision was revoked or the contested act ended",
                *_L136,
            ),
            Ground(
                "court",
                "Người khiếu nại đã khởi kiện vụ án hành chính tại Tòa án và Tòa án đã thụ lý",
                "The complainant sued in an administrative court and the court accepted the case",
                *_L136,
            ),
            Ground(
                "other",
                "Căn cứ khác theo quy định",
                "Another ground the law provides",
                *_L136,
                True,
            ),
        ),
    }
)

TABLES: Mapping[str, Mapping[str, Mapping[str, Ground]]] = MappingProxyType(
    {"suspend": SUSPENSION, "terminate": TERMINATION}
)


def grounds_for(action: str, kind: str) -> Mapping[str, Ground]:
    """The grounds `action` (suspend or terminate) may cite for a case of `kind`."""
    return TABLES.get(action, {}).get(kind, MappingProxyType({}))


def ground(action: str, kind: str, code: str) -> Ground | None:
    return grounds_for(action, kind).get(code)
