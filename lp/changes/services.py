"""Submitting a change report: the report, the benefits team's e-mail and the audit event commit
together or not at all (the e-mail is an outbox row in the same transaction)."""
from __future__ import annotations

import secrets
from datetime import date

from flask import current_app

from lp import audit
from lp.audit_actions import CHANGE_REPORT_SUBMITTED
from lp.extensions import db
from lp.models import ChangeReport, Claim, User
from lp.notify import absolute_url, queue_email


def reference_for(report_id: int) -> str:
    return f"CR-{report_id:06d}"


def report_change(user: User, claim: Claim, *, change_type: str, happened_on: date, details: str) -> ChangeReport:
    # The reference comes from the id, known only once the row is written: a random stand-in until then.
    report = ChangeReport(reference=f"new-{secrets.token_hex(8)}", landlord_id=user.landlord_id, claim_id=claim.id,
                          reported_by_id=user.id, change_type=change_type, happened_on=happened_on,
                          details=details, status="received")
    db.session.add(report)
    db.session.flush()
    report.reference = reference_for(report.id)
    _email_benefits_team(report, claim)
    audit.record(CHANGE_REPORT_SUBMITTED, object_type="change_report", object_ref=report.reference,
                 detail=f"claim {claim.reference}")
    db.session.commit()
    return report


def _email_benefits_team(report: ChangeReport, claim: Claim) -> None:
    """The reference and the claim reference only: the details wait behind a sign-in, never in e-mail."""
    queue_email(
        to=current_app.config["LP_BENEFITS_EMAIL"], kind="change_report",
        subject=f"Change of circumstances reported: {report.reference}",
        body=(f"A landlord has reported a change of circumstances.\n\n"
              f"Reference: {report.reference}\nClaim reference: {claim.reference}\n\n"
              f"Read it in the council console:\n{absolute_url('admin.change', report_id=report.id)}"),
    )
