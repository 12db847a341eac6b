"""Writing audit entries inside the caller's transaction."""

from petitions.audit.models import AuditEntry
from petitions.extensions import db


def record(actor, action: str, obj=None, details: dict | None = None) -> AuditEntry:
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=type(obj).__name__.lower() if obj is not None else "",
        object_id=getattr(obj, "id", None),
        details=details or {},
    )
    db.session.add(entry)
    return entry
