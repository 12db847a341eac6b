"""Receipt tickets: how the access key reaches the receipt page once, without the cookie.

The citizen's browser holds only the ticket's id and a one-time key in its session; the
database holds the access key encrypted under that key. Showing the receipt deletes the
row, so replaying the cookie shows nothing, and the database alone cannot open the key.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from petitions.database import UTCDateTime, utcnow
from petitions.extensions import db


class ReceiptTicket(db.Model):
    __tablename__ = "receipt_tickets"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    sealed_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
