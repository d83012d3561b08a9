"""Council users' authenticator app (TOTP, RFC 6238): enrolment by QR code, and codes checked with a
30-second step, one step either side, and no step accepted twice (User.totp_last_step)."""
from __future__ import annotations

import base64
import hmac
import io

import pyotp
import segno
from flask import current_app
from sqlalchemy import or_, select, update

from lp import audit
from lp.audit_actions import SIGN_IN_TOTP_FAILED, USER_TOTP_ENROLLED
from lp.auth import keys
from lp.auth.services import record_failure
from lp.extensions import db
from lp.models import OneTimeCode, User

STEP_SECONDS = 30
VALID_WINDOW = 1


def matching_step(secret: str, typed: str, last_step: int | None) -> int | None:
    """The time step whose code was typed, if it is within the window and later than the last used."""
    now_step = int(keys.now().timestamp()) // STEP_SECONDS
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    for step in range(now_step - VALID_WINDOW, now_step + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), typed) and (last_step is None or step > last_step):
            return step
    return None


def _claim_step(user: User, step: int) -> bool:
    """Record the step as used; a conditional update so two requests racing with one code cannot both win."""
    won = db.session.execute(
        update(User)
        .where(User.id == user.id, or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
    ).rowcount
    db.session.refresh(user)
    return bool(won)


def check_code(user: User, typed: str) -> bool:
    step = matching_step(user.totp_secret, typed, user.totp_last_step)
    if step is not None and _claim_step(user, step):
        return True
    record_failure(user, SIGN_IN_TOTP_FAILED)
    db.session.commit()
    return False


def pending_secret(user: User, attempt: dict) -> str:
    """The secret being enrolled in this attempt, kept on the server (not in the cookie) until confirmed."""
    found = db.session.scalar(
        select(OneTimeCode).where(
            OneTimeCode.user_id == user.id, OneTimeCode.purpose == "totp_enrol",
            OneTimeCode.attempt_id == attempt["attempt"], OneTimeCode.used_at.is_(None),
            OneTimeCode.expires_at > keys.now(),
        ).order_by(OneTimeCode.id.desc()).limit(1)
    )
    if found is not None:
        return found.target
    at = keys.now()
    secret = pyotp.random_base32()
    db.session.add(OneTimeCode(
        user_id=user.id, purpose="totp_enrol", attempt_id=attempt["attempt"], code_hash="-",
        channel="totp", target=secret, created_at=at, expires_at=at + keys.LIFETIME * 3,
    ))
    db.session.commit()
    return secret


def enrol(user: User, attempt: dict, typed: str) -> bool:
    """Keep the secret once the user shows their app makes the right codes with it."""
    secret = pending_secret(user, attempt)
    step = matching_step(secret, typed, None)
    if step is None:
        record_failure(user, SIGN_IN_TOTP_FAILED)
        db.session.commit()
        return False
    db.session.execute(
        update(OneTimeCode).where(OneTimeCode.user_id == user.id, OneTimeCode.purpose == "totp_enrol",
                                  OneTimeCode.used_at.is_(None)).values(used_at=keys.now())
    )
    user.totp_secret, user.totp_last_step, user.key_method = secret, step, "totp"
    audit.record(USER_TOTP_ENROLLED, object_type="user", object_ref=str(user.id), user=user)
    db.session.commit()
    return True


def qr_code_data_uri(user: User, secret: str) -> str:
    """The otpauth:// link as an SVG QR code in a data: URI (the CSP allows img-src data:)."""
    issuer = f"{current_app.config['LP_SERVICE_NAME']} ({current_app.config['LP_COUNCIL_NAME']})"
    link = pyotp.TOTP(secret, interval=STEP_SECONDS).provisioning_uri(name=user.username, issuer_name=issuer)
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="svg", scale=5, border=4, xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def spaced(secret: str) -> str:
    """ABCD EFGH ...: easier to type into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
