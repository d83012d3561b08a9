"""The to-do list: the council's requests to a landlord (from the extract or raised in the console)
and the landlord's answer, which the council processes and exports to the benefits system."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lp.extensions import db
from lp.models.base import UTCDateTime, utcnow

# The kinds as the extract writes them (docs/data-format.md, requests.csv), and as people read them.
TASK_KINDS = {"tenancy_details": "Confirm tenancy details", "still_resident": "Confirm the tenant still lives at the property"}
TENANCY_TYPES = {
    "assured_shorthold": "Assured shorthold tenancy",
    "assured": "Assured tenancy",
    "secure": "Secure tenancy",
    "licence": "Licence or lodger agreement",
    "other": "Another kind of tenancy",
}
SERVICE_CHARGE_PAYERS = {
    "none": "There are no service charges",
    "tenant": "The tenant, with the rent",
    "landlord": "The landlord, out of the rent",
    "other": "Someone else",
}


class Task(db.Model):
    __tablename__ = "task"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)  # the extract's request_id, or LP-000123
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"))
    kind: Mapped[str] = mapped_column(String(20))
    raised_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))  # None: from the extract
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The answer; tenancy details for a new claim, or whether the tenant still lives there.
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    rent_pence: Mapped[int | None] = mapped_column(Integer)
    rent_frequency: Mapped[str | None] = mapped_column(String(12))
    service_charges_pence: Mapped[int | None] = mapped_column(Integer)
    service_charges_paid_by: Mapped[str | None] = mapped_column(String(10))
    tenancy_start_on: Mapped[date | None] = mapped_column(Date)
    tenancy_type: Mapped[str | None] = mapped_column(String(20))
    tenant_name: Mapped[str | None] = mapped_column(String(200))
    still_resident: Mapped[bool | None] = mapped_column(Boolean)
    moved_out_on: Mapped[date | None] = mapped_column(Date)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    processed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Set when `flask lp export-answers` wrote the answer to the pick-up folder: each answer goes once.
    exported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    claim: Mapped[Claim] = relationship()  # noqa: F821

    __table_args__ = (
        Index("ix_task_claim", "claim_id"),
        Index("ix_task_answered_due", "answered_at", "due_on"),
        Index("ix_task_processed_answered", "processed_at", "answered_at"),
    )

    @property
    def kind_label(self) -> str:
        return TASK_KINDS.get(self.kind, self.kind)
