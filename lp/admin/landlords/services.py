"""What a council officer changes for an organisation: link a landlord reference, and unlock, re-invite,
reset the mobile of, or deactivate one of its users. Each is audited and commits once."""
from __future__ import annotations

from sqlalchemy import select, update

from lp import audit
from lp.audit_actions import (
    LANDLORD_INVITATIONS_CHANGED,
    LANDLORD_REFERENCE_LINKED,
    USER_ACTIVATION_RESENT,
    USER_DEACTIVATED,
    USER_MOBILE_RESET,
    USER_UNLOCKED,
)
from lp.auth.services import email_activation_link
from lp.errors import Refused
from lp.extensions import db
from lp.imports import derived
from lp.models import Landlord, LandlordAccount, User
from lp.models.base import utcnow
from lp.sessions import revoke_all_sessions


def link_account(landlord: Landlord, reference: str, officer: User) -> LandlordAccount:
    # A conditional UPDATE, so two officers linking the same reference at once cannot both win.
    linked = db.session.execute(
        update(LandlordAccount).where(LandlordAccount.reference == reference, LandlordAccount.landlord_id.is_(None))
        .values(landlord_id=landlord.id).execution_options(synchronize_session=False)
    ).rowcount
    account = db.session.scalar(select(LandlordAccount).where(LandlordAccount.reference == reference))
    if not linked:
        db.session.rollback()
        if account is None:
            raise Refused(f"Landlord reference {reference} is not in the loaded extract")
        if account.landlord_id == landlord.id:
            raise Refused(f"Landlord reference {reference} is already part of this organisation")
        raise Refused(f"Landlord reference {reference} already belongs to another organisation")
    derived.account_linked(db.session.connection(), [account.id])  # its letters are now this organisation's
    audit.record(LANDLORD_REFERENCE_LINKED, object_type="landlord", object_ref=str(landlord.id),
                 detail=f"landlord reference {reference}", user=officer, landlord_id=landlord.id)
    db.session.commit()
    return account


def set_invitations(landlord: Landlord, officer: User, *, any_email: bool, domain: str | None) -> None:
    landlord.invite_any_email, landlord.invite_domain = any_email, domain or None
    allowed = "any e-mail address" if any_email else f"addresses at {domain or 'the lead user’s domain'}"
    audit.record(LANDLORD_INVITATIONS_CHANGED, object_type="landlord", object_ref=str(landlord.id),
                 detail=f"invitations to {allowed}", user=officer, landlord_id=landlord.id)
    db.session.commit()


def unlock(user: User, officer: User) -> None:
    if user.status != "locked":
        raise Refused(f"{user.full_name}'s account is not locked")
    user.status, user.failed_sign_ins, user.locked_at = "active", 0, None
    _done(USER_UNLOCKED, user, officer)


def resend_activation(user: User, officer: User) -> None:
    if user.status != "invited":
        raise Refused(f"{user.full_name} has already activated their account")
    email_activation_link(user, "The council has sent you a new link to activate your {service} account.")
    _done(USER_ACTIVATION_RESENT, user, officer)


def reset_mobile(user: User, officer: User) -> None:
    """They give and confirm a new number at their next sign-in; until then keys go by e-mail."""
    user.mobile, user.mobile_confirmed, user.mobile_reset_requested, user.key_method = None, False, True, "email"
    _done(USER_MOBILE_RESET, user, officer)


def deactivate(user: User, officer: User) -> None:
    if user.status == "deactivated":
        raise Refused(f"{user.full_name}'s account is already deactivated")
    user.status, user.deactivated_at, user.mobile = "deactivated", utcnow(), None
    revoke_all_sessions(user.id)
    _done(USER_DEACTIVATED, user, officer)


def _done(action: str, user: User, officer: User) -> None:
    audit.record(action, object_type="user", object_ref=str(user.id), detail="by the council", user=officer,
                 landlord_id=user.landlord_id)
    db.session.commit()
