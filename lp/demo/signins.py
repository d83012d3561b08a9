"""The demo's organisations (linked to their accounts) and its four development sign-ins."""
from __future__ import annotations

import csv
import secrets
from pathlib import Path

import pyotp
from flask import current_app
from sqlalchemy import select, update

from lp.api.tokens import demo_token
from lp.auth.passwords import hash_password
from lp.demo.plan import LEAD_ORGANISATION, OTHER_ORGANISATION
from lp.extensions import db
from lp.imports import derived
from lp.models import PERMISSIONS, Landlord, LandlordAccount, User
from lp.models.base import utcnow

LEAD_ACCOUNTS = ("9998", "9999")
OTHER_ACCOUNT = "10001"
# username -> (first name, last name, organisation, permissions, is lead); organisation None = council
SIGN_INS = {
    "demo-lead": ("Dana", "Lead", "lead", tuple(PERMISSIONS), True),
    "demo-viewer": ("Vic", "Viewer", "lead", ("view_payments", "view_claims"), False),
    "demo-other": ("Olu", "Other", "other", tuple(PERMISSIONS), True),
    "demo-admin": ("Alex", "Admin", None, (), False),
}


def link_organisations(organisations_csv: Path) -> int:
    """Create each organisation of the demo and link its accounts, as a council approval would.

    An account already linked keeps its organisation, so running the demo again changes nothing.
    Returns how many organisations were created.
    """
    groups: dict[str, tuple[str, list[str]]] = {}
    with open(organisations_csv, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            groups.setdefault(row["organisation"], (row["name"], []))[1].append(row["landlord_reference"])
    accounts = {ref: (account_id, landlord_id) for ref, account_id, landlord_id in db.session.execute(
        select(LandlordAccount.reference, LandlordAccount.id, LandlordAccount.landlord_id))}
    new: list[tuple[Landlord, list[int]]] = []
    links = []
    for name, refs in groups.values():
        found = [accounts[ref] for ref in refs if ref in accounts]
        owner = next((landlord_id for _, landlord_id in found if landlord_id), None)
        unlinked = [account_id for account_id, landlord_id in found if not landlord_id]
        if owner:
            links += [{"id": account_id, "landlord_id": owner} for account_id in unlinked]
        elif unlinked:
            new.append((Landlord(name=name), unlinked))
    db.session.add_all(landlord for landlord, _ in new)
    db.session.flush()  # gives the new organisations their ids
    links += [{"id": account_id, "landlord_id": landlord.id} for landlord, ids in new for account_id in ids]
    if links:
        db.session.execute(update(LandlordAccount), links)
        derived.account_linked(db.session.connection(), [link["id"] for link in links])
    db.session.commit()
    return len(new)


def ensure_sign_ins(password: str | None) -> list[str]:
    """Make sure the four sign-ins exist; reset their password when one is given. Returns what to print.

    A password is generated only when a sign-in is created and none is given; it is shown once.
    """
    organisations = {"lead": _organisation(LEAD_ORGANISATION, LEAD_ACCOUNTS),
                     "other": _organisation(OTHER_ORGANISATION, (OTHER_ACCOUNT,))}
    existing = {u.username: u for u in db.session.scalars(select(User).where(User.username.in_(SIGN_INS)))}
    generated = None
    if password is None and len(existing) < len(SIGN_INS):
        generated = secrets.token_urlsafe(12)
    password_hash = hash_password(password or generated) if password or generated else None
    lines = ["Demo sign-ins (development only):"]
    for username, (first, last, organisation, permissions, is_lead) in SIGN_INS.items():
        user = existing.get(username)
        if user is None:
            user = _new_user(username, first, last, organisations.get(organisation), permissions, is_lead)
            user.password_hash = password_hash
        elif password:
            user.password_hash, user.password_changed_at = password_hash, utcnow()
        lines.append(_describe(user, organisations.get(organisation), permissions))
    db.session.commit()
    lines.append(f"  API token of demo-lead (a new one each run; docs/api.md): {demo_token(existing.get('demo-lead') or _user('demo-lead'))}")
    if current_app.config["LP_NOTIFY_BACKEND"] == "files":
        lines.append(f"  Landlord users' sign-in keys are e-mailed: see the files in {current_app.config['LP_OUTBOX_DIR']}")
    if generated:
        lines.append(f"  Password (generated, shown once): {generated}")
        if existing:
            lines.append(f"  ... for {', '.join(u for u in SIGN_INS if u not in existing)}; the others' "
                         "password is unchanged; set LP_DEMO_PASSWORD and run again to reset it")
    elif password:
        lines.append(f"  Password (LP_DEMO_PASSWORD): {password}")
    else:
        lines.append("  Password unchanged; set LP_DEMO_PASSWORD and run again to reset it")
    return lines


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def _organisation(name: str, references: tuple[str, ...]) -> Landlord:
    """The organisation owning these accounts; made (and linked) if the data has none yet."""
    accounts = db.session.scalars(select(LandlordAccount).where(LandlordAccount.reference.in_(references))).all()
    landlord = next((account.landlord for account in accounts if account.landlord), None)
    if landlord is None:
        landlord = Landlord(name=name)
        db.session.add(landlord)
        db.session.flush()
    linked = [account.id for account in accounts if account.landlord_id is None]
    for account in accounts:
        account.landlord_id = account.landlord_id or landlord.id
    db.session.flush()
    derived.account_linked(db.session.connection(), linked)
    return landlord


def _new_user(username, first, last, landlord: Landlord | None, permissions, is_lead) -> User:
    user = User(username=username, email=f"{username}@example.org", first_name=first, last_name=last,
                status="active", is_lead=is_lead, password_changed_at=utcnow())
    if landlord is None:
        user.kind, user.council_role, user.key_method = "council", "admin", "totp"
        user.totp_secret = pyotp.random_base32()
        user.permissions = ""
    else:
        user.kind, user.landlord_id, user.key_method = "landlord", landlord.id, "email"
        user.job_role = "Lead user" if is_lead else "Income officer"
        user.set_permissions(permissions)
    db.session.add(user)
    db.session.flush()
    return user


def _describe(user: User, landlord: Landlord | None, permissions) -> str:
    if user.is_council:
        uri = pyotp.TOTP(user.totp_secret).provisioning_uri(
            name=user.username, issuer_name=current_app.config["LP_SERVICE_NAME"])
        return (f"  {user.username:<12} council admin; online key from an authenticator app.\n"
                f"               TOTP secret {user.totp_secret}  ({uri})")
    role = "lead user, every permission" if user.is_lead else "can " + ", ".join(
        PERMISSIONS[p].lower() for p in permissions)
    where = user.landlord.name if user.landlord else (landlord.name if landlord else "")
    return f"  {user.username:<12} {role}; {where}"
