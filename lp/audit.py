"""Recording AuditEvents: who did what to which object, when and from where. Never tenant data."""
from __future__ import annotations

from flask import has_request_context
from flask_login import current_user

from lp.extensions import db
from lp.models import AuditEvent
from lp.security import client_address


def record(
    action: str,
    *,
    object_type: str | None = None,
    object_ref: str | None = None,
    detail: str | None = None,
    user=None,
    landlord_id: int | None = None,
) -> AuditEvent:
    """Add an event to the current transaction; it commits with the change it describes.

    `user` defaults to the signed-in user; the landlord defaults to that user's organisation.
    `detail` is for references and counts (a claim reference, a date range), never names.
    """
    if user is None and has_request_context() and current_user and current_user.is_authenticated:
        user = current_user
    event = AuditEvent(
        user_id=getattr(user, "id", None),
        landlord_id=landlord_id if landlord_id is not None else getattr(user, "landlord_id", None),
        action=action,
        object_type=object_type,
        object_ref=object_ref,
        detail=detail,
        ip=client_address() if has_request_context() else None,
    )
    db.session.add(event)
    return event
