"""The council's decision on a change report: the new status and reply, the audit event and the
reporting landlord's e-mail commit together (the e-mail is an outbox row in the same transaction)."""
from __future__ import annotations

from lp import audit
from lp.audit_actions import CHANGE_REPORT_STATUS_CHANGED
from lp.extensions import db
from lp.models import CHANGE_STATUSES, ChangeReport, User
from lp.notify import absolute_url, queue_email


def decide(report: ChangeReport, *, status: str, reply: str, reporter: User | None) -> bool:
    """Record the decision; True when the reporter was e-mailed (a change, to someone still with us)."""
    before = report.status
    changed = (status, reply) != (report.status, report.council_reply)
    report.status, report.council_reply = status, reply
    audit.record(CHANGE_REPORT_STATUS_CHANGED, object_type="change_report", object_ref=report.reference,
                 detail=f"{before} -> {report.status}", landlord_id=None)
    emailed = changed and reporter is not None and reporter.status != "deactivated"
    if emailed:
        _email_reporter(report, reporter)
    db.session.commit()
    return emailed


def _email_reporter(report: ChangeReport, reporter: User) -> None:
    """The references and the status only: the council's reply may name the tenant, so it waits behind
    a sign-in, as the report's own details do."""
    queue_email(
        to=reporter.email, kind="change_report_decided",
        subject=f"The council has replied to your change report {report.reference}",
        body=(f"Dear {reporter.first_name},\n\n"
              f"The council has looked at the change you reported.\n\n"
              f"Reference: {report.reference}\nClaim reference: {report.claim.reference}\n"
              f"Status: {CHANGE_STATUSES[report.status]}\n\n"
              f"Sign in to read the council’s reply:\n{absolute_url('changes.show', reference=report.reference)}"),
    )
