"""Storing a registration: one or several landlord references under one reference number, and an
acknowledgement. A reference already waiting is accepted all the same (the council sees competing
registrations side by side): refusing it would tell a stranger it is pending, and let a squatter
keep its owner out."""
from __future__ import annotations

import secrets

from flask import current_app

from lp import audit
from lp.audit_actions import REGISTRATION_SUBMITTED
from lp.extensions import db
from lp.formats import plural
from lp.models import Registration
from lp.notify import queue_email

# No 0/O or 1/I/L: people read the reference out over the phone.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
FIELDS = ("organisation_name", "address", "postcode", "first_name", "last_name",
          "job_role", "email", "mobile", "telephone", "contact_email")


def new_reference() -> str:
    return "REG-" + "".join(secrets.choice(_ALPHABET) for _ in range(6))


def submit(data: dict, landlord_references: list[str]) -> tuple[str, list[Registration]]:
    """One registration per landlord reference (each is decided on its own), numbered REG-XXXXXX
    for one, REG-XXXXXX-1, -2 ... for several, and one acknowledgement; all in one transaction."""
    values = {name: data.get(name) or None for name in FIELDS}
    number = new_reference()
    several = len(landlord_references) > 1
    registrations = [
        Registration(reference=f"{number}-{n}" if several else number, status="pending",
                     landlord_reference=landlord_reference, **values)
        for n, landlord_reference in enumerate(landlord_references, start=1)
    ]
    db.session.add_all(registrations)
    for registration in registrations:
        audit.record(REGISTRATION_SUBMITTED, object_type="registration", object_ref=registration.reference,
                     detail=f"landlord reference {registration.landlord_reference}")
    queue_email(to=values["email"], subject=f"We have your registration {number}",
                body=acknowledgement(number, registrations), kind="registration_received")
    db.session.commit()
    return number, registrations


def acknowledgement(number: str, registrations: list[Registration]) -> str:
    days = current_app.config["LP_REGISTRATION_WORKING_DAYS"]
    service = current_app.config["LP_SERVICE_NAME"]
    covers = f"Your reference is {number}."
    if len(registrations) > 1:
        covers += f" It covers {plural(len(registrations), 'landlord reference')}:\n" + "\n".join(
            f"- {r.landlord_reference}: {r.reference}" for r in registrations)
    these = f"{'these' if len(registrations) > 1 else 'this'} {plural(len(registrations), 'landlord reference', number=False)}"
    return (
        f"We have your registration for the {service}. {covers}\n\n"
        f"We set accounts up by hand. Expect an e-mail within {days} working days. "
        f"You do not need to register {these} again.\n\n"
        "If you did not register, you can ignore this e-mail."
    )
