"""Keyword factories for test data: make_claim(account, surname="Smith"). Each adds and flushes;
the test (or the fixture) commits. Defaults are valid, so a test states only what it is about."""
from __future__ import annotations

import itertools
from datetime import date, timedelta

from lp.auth.passwords import hash_password
from lp.extensions import db
from lp.models import (
    PERMISSIONS,
    Claim,
    Entitlement,
    Landlord,
    LandlordAccount,
    Letter,
    LetterFile,
    Payment,
    PaymentLine,
    User,
    search_key,
)

# Generated numbers start above every reference a test writes by hand (up to HB2000000): a counter that
# had reached 8,102 in one worker made a claim HB8102 beside a test's own HB8102.
_numbers = itertools.count(3_000_000)
PASSWORD = "correct horse battery staple"
# Hashing with argon2 is deliberately slow; tests share one hash of the one test password.
_PASSWORD_HASH: list[str] = []


def _password_hash() -> str:
    if not _PASSWORD_HASH:
        _PASSWORD_HASH.append(hash_password(PASSWORD))
    return _PASSWORD_HASH[0]


def _n() -> int:
    return next(_numbers)


def _save(obj):
    db.session.add(obj)
    db.session.flush()
    return obj


def make_landlord(*, name: str | None = None) -> Landlord:
    return _save(Landlord(name=name or f"Landlord {_n()}"))


def make_account(landlord: Landlord | None = None, *, reference: str | None = None, **fields) -> LandlordAccount:
    values = dict(
        reference=reference or str(_n()),
        landlord_id=landlord.id if landlord else None,
        name=landlord.name if landlord else "Unlinked Lettings",
        address="1 High Street|Anytown",
        postcode="AN1 1AA",
        sort_code="20-00-00",
        account_last4="2212",
        payment_method="BACS",
    )
    values.update(fields)
    return _save(LandlordAccount(**values))


def make_user(
    landlord: Landlord | None = None,
    *,
    username: str | None = None,
    permissions=tuple(PERMISSIONS),
    council_role: str | None = None,
    status: str = "active",
    **fields,
) -> User:
    number = _n()
    user = User(
        kind="council" if council_role else "landlord",
        landlord_id=landlord.id if landlord else None,
        username=username or f"user{number}",
        email=fields.pop("email", f"user{number}@example.org"),
        first_name=fields.pop("first_name", "Sam"),
        last_name=fields.pop("last_name", f"Tester{number}"),
        password_hash=_password_hash(),
        status=status,
        council_role=council_role,
        key_method="totp" if council_role else "email",
        **fields,
    )
    if not council_role:
        user.set_permissions(permissions)
    return _save(user)


def make_claim(account: LandlordAccount, *, first_name: str = "Alex", surname: str = "Smith",
               postcode: str = "AN3 4DE", reference: str | None = None, **fields) -> Claim:
    number = _n()
    values = dict(
        reference=reference or f"HB{number}",
        account_id=account.id,
        tenant_first_name=first_name,
        tenant_last_name=surname,
        first_name_key=search_key(first_name),
        last_name_key=search_key(surname),
        postcode=postcode,
        postcode_key=search_key(postcode),
        rent_reference=f"R/{number}",
        claim_type="Private",
        status="Active",
        suspended=False,
        address=f"{number} Mill Lane|Anytown",
        property_reference=f"P{number}",
        weekly_hb_pence=9850,
        weekly_dhp_pence=0,
        overpayment_pence=0,
        start_date=date.today() - timedelta(days=400),
    )
    values.update(fields)
    # As lp/imports/derived.py stores it for a loaded claim.
    values.setdefault("landlord_id", account.landlord_id)
    return _save(Claim(**values))


def make_payment(account: LandlordAccount, *, lines=(), paid_on: date | None = None,
                 reference: str | None = None, **fields) -> Payment:
    """A payment and its lines: `lines` is a list of (claim, hb_pence, dhp_pence, adjustment_pence)."""
    paid_on = paid_on or date.today() - timedelta(days=3)
    payment = _save(Payment(
        reference=reference or f"P{_n()}",
        account_id=account.id,
        paid_on=paid_on,
        payment_type=fields.pop("payment_type", "HB"),
        amount_pence=sum(hb + dhp + adj for _, hb, dhp, adj in lines),
        method=fields.pop("method", "BACS"),
        sort_code=account.sort_code,
        account_last4=account.account_last4,
        status=fields.pop("status", "Paid"),
        # The line count and sums the importer stores (lp/imports/derived.py).
        line_count=len(lines), lines_hb_pence=sum(line[1] for line in lines),
        lines_dhp_pence=sum(line[2] for line in lines), lines_adjustment_pence=sum(line[3] for line in lines),
        lines_amount_pence=sum(hb + dhp + adj for _, hb, dhp, adj in lines),
        **fields,
    ))
    for number, (claim, hb, dhp, adj) in enumerate(lines, start=1):
        _save(PaymentLine(
            payment_id=payment.id, line_number=number, claim_id=claim.id,
            rent_reference=claim.rent_reference, hb_pence=hb, dhp_pence=dhp, adjustment_pence=adj,
            amount_pence=hb + dhp + adj, period_from=paid_on - timedelta(days=28),
            period_to=paid_on - timedelta(days=1),
            adjustment_reason="Overpayment recovery" if adj < 0 else None,
        ))
    return payment


def make_entitlement(claim: Claim, *, kind: str = "HB", start_date: date | None = None, **fields) -> Entitlement:
    values = dict(
        claim_id=claim.id, kind=kind, start_date=start_date or date.today() - timedelta(days=200),
        end_date=None, amount_pence=9850, frequency="Weekly", calculated_on=date.today() - timedelta(days=210),
    )
    values.update(fields)
    return _save(Entitlement(**values))


def make_letter(claim: Claim, *, letter_type: str = "Change in entitlement", sent_on: date | None = None,
                **fields) -> Letter:
    import hashlib

    content = b"%PDF-1.4\n% lp test letter " + str(_n()).encode() + b"\n%%EOF\n"
    digest = hashlib.sha256(content).hexdigest()
    if db.session.get(LetterFile, digest) is None:
        _save(LetterFile(sha256=digest, size=len(content), content=content))
    # Its organisation as the importer stores it (lp/imports/derived.py): the claim's account's.
    owner = db.session.get(LandlordAccount, claim.account_id).landlord_id
    values = dict(reference=f"L{_n()}", claim_id=claim.id, landlord_id=owner, letter_type=letter_type,
                  sent_on=sent_on or date.today() - timedelta(days=5), file_sha256=digest)
    values.update(fields)
    return _save(Letter(**values))


def make_registration(*, landlord_reference: str | None = None, status: str = "pending", **fields):
    """A self-service registration, by default pending and matching make_account()'s defaults."""
    from lp.models import Registration

    number = _n()
    values = dict(
        reference=f"REG-T{number}", landlord_reference=landlord_reference or str(number), status=status,
        organisation_name="Unlinked Lettings", address="1 High Street\nAnytown", postcode="AN1 1AA",
        first_name="Priya", last_name="Shah", job_role="Lettings manager",
        email=f"lead{number}@lettings.example", telephone="+442079460000",
    )
    values.update(fields)
    return _save(Registration(**values))


def make_rent_change(landlord_id: int, user: User, claims, *, status: str = "draft", weekly_rent_pence: int = 12550,
                     effective_date: date | None = None):
    """A rent-change file of `claims` (one line each, the same new weekly rent), kept as `status`."""
    from lp.models import RentChange, RentChangeLine
    from lp.models.base import utcnow

    number = _n()
    rent_change = _save(RentChange(
        reference=f"RC-T{number}", landlord_id=landlord_id, uploaded_by_id=user.id, filename=f"rents-{number}.csv",
        status=status, line_count=len(claims), submitted_at=None if status == "draft" else utcnow(),
        submitted_by_id=None if status == "draft" else user.id))
    for line_number, claim in enumerate(claims, start=2):
        _save(RentChangeLine(rent_change_id=rent_change.id, line_number=line_number, claim_id=claim.id,
                             rent_pence=weekly_rent_pence, frequency="weekly", weekly_rent_pence=weekly_rent_pence,
                             service_charges_pence=0, weekly_service_charges_pence=0,
                             effective_date=effective_date or date.today()))
    return rent_change


def make_task(claim: Claim, *, kind: str = "tenancy_details", due_on: date | None = None,
              raised_on: date | None = None, reference: str | None = None, **fields):
    """A council request on `claim`, unanswered unless `answered_at` (and the answer) is given."""
    from lp.models import Task

    return _save(Task(reference=reference or f"RQ-T{_n()}", claim_id=claim.id, kind=kind,
                      raised_on=raised_on or date.today() - timedelta(days=3),
                      due_on=due_on or date.today() + timedelta(days=11), **fields))


def make_property(claim: Claim | None = None, **fields):
    """The property of `claim` as the importer keeps it: every property is refreshed from the claims
    made so far (lp/imports/properties.py), then the one at `claim` gets `fields`."""
    from sqlalchemy import select

    from lp.imports.properties import refresh_properties
    from lp.models import Property

    db.session.flush()
    refresh_properties(db.session.connection())
    if claim is None:
        return None
    home = db.session.scalars(select(Property).where(Property.account_id == claim.account_id,
                                                     Property.reference == claim.property_reference)).one()
    for name, value in fields.items():
        setattr(home, name, value)
    db.session.flush()
    return home
