"""The demo's requests to landlords (requests.csv): a few on each account's live claims, one overdue,
chosen without the generator's random numbers so the rest of the demo stays as it was."""
from __future__ import annotations

from lp.demo.claims import DemoClaim, day

COLUMNS = ["request_id", "claim_reference", "kind", "raised_on", "due_on"]


def requests_for(claims: list[DemoClaim], as_at: int, first_number: int) -> list[list]:
    """Rows for one account: the newest live claim's tenancy details (due in 11 days), whether the
    oldest live claim's tenant still lives there (overdue by 6 days), and on a larger account a
    second new claim due this week."""
    live = sorted((c for c in claims if c.status != "Ended"), key=lambda c: (c.start, c.reference))
    if not live:
        return []
    asks = [(live[-1], "tenancy_details", as_at - 3, as_at + 11)]
    if len(live) > 1:
        asks.append((live[0], "still_resident", as_at - 20, as_at - 6))
    if len(live) >= 10:
        asks.append((live[-2], "tenancy_details", as_at - 9, as_at + 2))
    return [[f"RQ{first_number + n:07d}", claim.reference, kind, day(raised), day(due)]
            for n, (claim, kind, raised, due) in enumerate(asks)]
