"""What an Open311 client sent beyond the petition itself: the service and the place."""

from datetime import datetime

from sqlalchemy import Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitions.cases.models import Case
from petitions.database import UTCDateTime, utcnow
from petitions.extensions import db


class Open311Request(db.Model):
    """One case filed through /open311/v2. The row also marks the case as written for a
    public interface: only such cases have their title published in the listing."""

    __tablename__ = "open311_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), unique=True, index=True
    )
    service_code: Mapped[str] = mapped_column(String(40))
    # The place the request is about (not the petitioner's home address).
    address_string: Mapped[str | None] = mapped_column(String(500))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    media_url: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship()
