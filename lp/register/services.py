"""Storing a registration: one pending per landlord reference, a reference number, an acknowledgement."""
from __future__ import annotations

import secrets

from flask import current_app
from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from lp import audit
from lp.extensions import db
from lp.models import Registration
from lp.notify import queue_email

# No 0/O or 1/I/L: people read the reference out over the phone.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
FIELDS = ("landlord_reference", "organisation_name", "address", "postcode", "first_name", "last_name",
          "job_role", "email", "mobile", "telephone", "contact_email")


class AlreadyPending(Exception):
    """A registration for this landlord reference is already waiting for the council."""


def new_reference() -> str:
    return "REG-" + "".join(secrets.choice(_ALPHABET) for _ in range(6))


def pending_exists(landlord_reference: str) -> bool:
    return db.session.scalar(select(exists().where(
        Registration.landlord_reference == landlord_reference, Registration.status == "pending",
    )))


def submit(data: dict) -> Registration:
    """Store the registration and queue its acknowledgement, in one transaction.

    The partial unique index settles a race between two submissions for the same reference.
    """
    values = {name: data.get(name) or None for name in FIELDS}
    if pending_exists(values["landlord_reference"]):
        raise AlreadyPending
    registration = Registration(reference=new_reference(), status="pending", **values)
    db.session.add(registration)
    audit.record("registration_submitted", object_type="registration", object_ref=registration.reference)
    queue_email(to=registration.email, subject=f"We have your registration {registration.reference}",
                body=acknowledgement(registration.reference), kind="registration_received")
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        if pending_exists(values["landlord_reference"]):
            raise AlreadyPending from error
        raise
    return registration


def acknowledgement(reference: str) -> str:
    days = current_app.config["LP_REGISTRATION_WORKING_DAYS"]
    service = current_app.config["LP_SERVICE_NAME"]
    return (
        f"We have your registration for the {service}. Your reference is {reference}.\n\n"
        f"We set accounts up by hand. Expect an e-mail within {days} working days. "
        "Please don't register again.\n\n"
        "If you did not register, you can ignore this e-mail."
    )
