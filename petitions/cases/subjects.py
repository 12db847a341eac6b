"""Subject areas of a petition (lĩnh vực), as the statistical forms of Circular 01/2024/TT-TTCP
classify matters by content: administrative (policy; land and housing; civil service; other),
corruption, judicial, Party and mass organisations, other. A case without one counts as "other"."""

from flask_babel import lazy_gettext as _l

ADMIN_POLICY = "admin_policy"
ADMIN_LAND = "admin_land"
ADMIN_CIVIL_SERVICE = "admin_civil_service"
ADMIN_OTHER = "admin_other"
CORRUPTION = "corruption"
JUDICIAL = "judicial"
PARTY = "party"
OTHER = "other"

# In the order the forms print them (03/XLD, the fullest list).
SUBJECT_AREAS = {
    ADMIN_POLICY: _l("Hành chính: chế độ, chính sách"),
    ADMIN_LAND: _l("Hành chính: đất đai, nhà cửa"),
    ADMIN_CIVIL_SERVICE: _l("Hành chính: công chức, công vụ"),
    ADMIN_OTHER: _l("Hành chính: khác"),
    CORRUPTION: _l("Tham nhũng"),
    JUDICIAL: _l("Tư pháp"),
    PARTY: _l("Đảng, đoàn thể"),
    OTHER: _l("Lĩnh vực khác"),
}
ADMINISTRATIVE = (ADMIN_POLICY, ADMIN_LAND, ADMIN_CIVIL_SERVICE, ADMIN_OTHER)
BASIS = "Thông tư 01/2024/TT-TTCP, biểu 02/XLD, 03/XLD, 04/XLD"


def is_subject_area(value) -> bool:
    return isinstance(value, str) and value in SUBJECT_AREAS
