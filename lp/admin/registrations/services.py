"""Deciding a registration: exactly one decision wins, and approval sets up the organisation and lead.

Each decision starts with a conditional UPDATE (status still 'pending'), so when two officers decide
at once the database lets one through and the other changes nothing. Everything else happens in
the same transaction, after that UPDATE.
"""
from __future__ import annotations

import re
import unicodedata

from flask import current_app
from sqlalchemy import func, or_, select, update

from lp import audit
from lp.audit_actions import REGISTRATION_ADDED_TO_ORGANISATION, REGISTRATION_APPROVED, REGISTRATION_REJECTED
from lp.auth.services import email_activation_link
from lp.errors import Refused
from lp.extensions import db
from lp.imports import derived
from lp.models import PERMISSIONS, Landlord, LandlordAccount, Registration, User
from lp.models.base import utcnow
from lp.notify import absolute_url, queue_email
from lp.team.queries import seats_taken

# What someone the council adds to an existing organisation may do until its managers decide.
ADDED_USER_PERMISSIONS = ("view_payments", "view_claims", "view_letters")


def approve(registration_id: int, officer: User) -> Registration:
    registration = _claim(registration_id, "approved", officer)
    account = _account(registration)
    lead = _existing_lead(registration.email)
    landlord = lead.landlord if lead else Landlord(name=registration.organisation_name)
    if account.landlord_id is not None and account.landlord_id != getattr(landlord, "id", None):
        _refuse_owned(registration, account.landlord_id)
    db.session.add(landlord)
    db.session.flush()
    # Conditional, like linking in the landlords console: an officer linking this reference to an
    # organisation while this approval runs cannot be overwritten by it.
    linked = db.session.execute(
        update(LandlordAccount)
        .where(LandlordAccount.id == account.id,
               or_(LandlordAccount.landlord_id.is_(None), LandlordAccount.landlord_id == landlord.id))
        .values(landlord_id=landlord.id).execution_options(synchronize_session=False)
    ).rowcount
    if not linked:
        db.session.rollback()
        owner = db.session.scalar(select(LandlordAccount.landlord_id).where(LandlordAccount.id == account.id))
        _refuse_owned(db.session.get(Registration, registration_id), owner)
    derived.account_linked(db.session.connection(), [account.id])  # its letters are now this organisation's
    registration.landlord_id = landlord.id
    if lead is None:
        lead = _create_user(registration, landlord, lead=True)
        _email_activation(lead)
    else:
        _email_linked(lead, account.reference)
    audit.record(REGISTRATION_APPROVED, object_type="registration", object_ref=registration.reference,
                 detail=f"landlord reference {account.reference}", user=officer, landlord_id=landlord.id)
    db.session.commit()
    return registration


def add_to_owner(registration_id: int, officer: User) -> Landlord:
    """The registrant joins the organisation that already has the reference, as a user who can see
    (not change) its data; the organisation's user managers are told, and can change or remove them."""
    registration = _claim(registration_id, "approved", officer)
    account = _account(registration)
    landlord = account.landlord
    if landlord is None:
        _refuse(f"Landlord reference {account.reference} does not belong to an organisation yet. "
                "Approve the registration to set one up.")
    name = f"{registration.first_name} {registration.last_name}"
    if db.session.scalar(select(User.id).where(
        User.landlord_id == landlord.id, func.lower(User.email) == registration.email.lower(),
        User.status != "deactivated",
    )):
        _refuse(f"{registration.email} already has an account in {landlord.name}.")
    limit = current_app.config["LP_MAX_USERS"]
    if seats_taken(landlord.id) >= limit:
        _refuse(f"{landlord.name} already has {limit} users and invitations, the most it can have. "
                f"Ask its user managers to remove one, then add {name}.")
    registration.landlord_id = landlord.id
    user = _create_user(registration, landlord, lead=False)
    service = current_app.config["LP_SERVICE_NAME"]
    email_activation_link(user, f"The council has added you to {_literal(landlord.name)} in the {{service}}, "
                                f"after your registration {registration.reference}.")
    _email_managers(landlord, user, registration, service)
    audit.record(REGISTRATION_ADDED_TO_ORGANISATION, object_type="registration", object_ref=registration.reference,
                 user=officer, landlord_id=landlord.id,
                 detail=f"landlord reference {account.reference}, user {user.id}")
    db.session.commit()
    return landlord


def reject(registration_id: int, officer: User, reason: str) -> Registration:
    registration = _claim(registration_id, "rejected", officer, reason=reason)
    queue_email(
        to=registration.email, subject=f"Your registration {registration.reference}",
        body=(f"We could not set up an account from your registration {registration.reference}.\n\n"
              f"The reason:\n{reason}\n\n"
              "If you think this is wrong, contact the council and give your reference number."),
        kind="registration_rejected",
    )
    audit.record(REGISTRATION_REJECTED, object_type="registration", object_ref=registration.reference, user=officer,
                 landlord_id=None)
    db.session.commit()
    return registration


def _claim(registration_id: int, status: str, officer: User, *, reason: str | None = None) -> Registration:
    """Mark the registration decided if, and only if, nobody else has; Refused otherwise."""
    result = db.session.execute(
        update(Registration)
        .where(Registration.id == registration_id, Registration.status == "pending")
        .values(status=status, decided_by_id=officer.id, decided_at=utcnow(), decision_reason=reason)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise Refused("Another officer has already decided this registration.")
    registration = db.session.get(Registration, registration_id, populate_existing=True)
    return registration


def _refuse(message: str):
    db.session.rollback()
    raise Refused(message)


def _account(registration: Registration) -> LandlordAccount:
    account = db.session.scalar(
        select(LandlordAccount).where(LandlordAccount.reference == registration.landlord_reference)
    )
    if account is None:
        _refuse(f"Landlord reference {registration.landlord_reference} is not in the loaded extract. "
                "Check the reference with the landlord, or wait for the next extract.")
    return account


def _refuse_owned(registration: Registration, owner_id: int) -> None:
    owner = db.session.get(Landlord, owner_id)
    _refuse(f"Landlord reference {registration.landlord_reference} already belongs to {owner.name}. "
            f"Nothing has been changed. You can add {registration.first_name} {registration.last_name} "
            f"to {owner.name}, or reject the registration.")


def _literal(text: str) -> str:
    """Text to go inside a str.format() template as it is (an organisation named with braces)."""
    return text.replace("{", "{{").replace("}", "}}")


def _existing_lead(email: str) -> User | None:
    """The live lead user with this e-mail: their organisation gets the new reference."""
    return db.session.scalars(
        select(User).where(
            func.lower(User.email) == email.lower(), User.kind == "landlord", User.is_lead.is_(True),
            User.status.in_(("active", "invited")), User.landlord_id.is_not(None),
        ).order_by(User.id)
    ).first()


def _create_user(registration: Registration, landlord: Landlord, *, lead: bool) -> User:
    """An invited user from the registration: a lead has every permission, anyone else may see
    payments, claims and letters until a user manager gives them more."""
    mobile_taken = registration.mobile and db.session.scalar(
        select(User.id).where(User.mobile == registration.mobile, User.status != "deactivated")
    )
    user = User(
        kind="landlord", landlord_id=landlord.id, username=unique_username(registration),
        email=registration.email, first_name=registration.first_name, last_name=registration.last_name,
        job_role=registration.job_role, mobile=None if mobile_taken else registration.mobile,
        status="invited", is_lead=lead,
    )
    user.set_permissions(PERMISSIONS if lead else ADDED_USER_PERMISSIONS)
    db.session.add(user)
    db.session.flush()
    return user


def unique_username(registration: Registration) -> str:
    """first.last in plain letters (priya.shah), numbered when taken (priya.shah2); else the e-mail."""
    base = ".".join(p for p in (_plain(registration.first_name), _plain(registration.last_name)) if p)
    base = (base or registration.email.lower())[:76]
    taken = set(db.session.scalars(select(User.username).where(User.username.like(f"{base}%"))))
    if base not in taken:
        return base
    return next(f"{base}{n}" for n in range(2, len(taken) + 3) if f"{base}{n}" not in taken)


def _plain(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", ascii_name.lower())[:38]


def _email_activation(user: User) -> None:
    email_activation_link(user, "The council has approved your registration for the {service}.")


def _email_linked(user: User, reference: str) -> None:
    added = f"The council has approved your registration: landlord reference {reference} is now part of your organisation"
    if user.status == "invited":
        # No password yet, so no "sign in": a fresh activation link (the first may have expired) is the way in.
        email_activation_link(user, added + " in the {service}.")
        return
    service = current_app.config["LP_SERVICE_NAME"]
    queue_email(
        to=user.email, subject=f"A landlord reference was added to your {service} account",
        body=f"{added} in the {service}.\n\nSign in to see it:\n{absolute_url('auth.sign_in')}",
        kind="registration_linked",
    )


def _email_managers(landlord: Landlord, user: User, registration: Registration, service: str) -> None:
    """Everyone who manages the organisation's users hears of the newcomer, and how to undo it."""
    managers = [m for m in db.session.scalars(
        select(User).where(User.landlord_id == landlord.id, User.status == "active", User.id != user.id)
        .order_by(User.id)
    ) if "manage_users" in m.permission_set]
    for manager in managers:
        queue_email(
            to=manager.email, subject=f"The council has added {user.full_name} to {landlord.name}",
            body=(f"The council has added {user.full_name} ({user.email}) to {landlord.name} in the {service}, "
                  f"after they registered for landlord reference {registration.landlord_reference} "
                  f"({registration.reference}).\n\n"
                  "Once they activate their account they can see payments, claims and letters. "
                  f"You can change what they can do, or remove them, on the team page:\n{absolute_url('team.index')}\n\n"
                  "If you do not know them, remove them and tell the council."),
            kind="registration_added_user",
        )
