"""Registration pages: the form, and the confirmation with the reference number."""
from __future__ import annotations

from flask import current_app, redirect, session, url_for
from flask_limiter import RateLimitExceeded
from flask_wtf.csrf import CSRFError

from lp.access import public
from lp.extensions import limiter
from lp.htmx import render
from lp.register import bp, services
from lp.register.forms import RegistrationForm

LIMIT = 10
TOO_MANY = (f"You have sent {LIMIT} registrations in the last hour. Wait an hour, then send this one: "
            "what you typed is still here")
EXPIRED = "For your security, this form expired. Check what you typed, then send it again"


def _accepted(response) -> bool:
    """Only a stored registration counts towards the limit: a form sent back with errors does not."""
    return response.status_code == 303 and response.location.endswith(url_for("register.done"))


@bp.route("/register", methods=["GET", "POST"])
@public
@limiter.limit(f"{LIMIT} per hour", methods=["POST"], deduct_when=_accepted)
def start():
    form = RegistrationForm()
    if form.validate_on_submit():
        number, registrations = services.submit(form.data, form.references)
        session["registration"] = {"reference": number,
                                   "landlord_references": [r.landlord_reference for r in registrations]}
        return redirect(url_for("register.done"), 303)
    return render("register/start.html", form=form)


@bp.errorhandler(RateLimitExceeded)
def too_many(error):
    """The limit is reached: the form again, as it was typed, with the reason (never a bare 429 page
    that loses a long form)."""
    response = current_app.make_response((_typed_form_again(TOO_MANY), 429))
    response.headers["Retry-After"] = "3600"
    return response


@bp.errorhandler(CSRFError)
def form_expired(error):
    """A form left open too long: the same form, as typed, with a new token, to send again."""
    return current_app.make_response((_typed_form_again(EXPIRED), 400))


def _typed_form_again(message: str):
    form = RegistrationForm()  # with a fresh token for the next try
    form.landlord_reference.errors = [message]
    return render("register/start.html", form=form)


@bp.get("/register/done")
@public
def done():
    sent = session.get("registration")
    if sent is None:
        return redirect(url_for("register.start"), 303)
    return render("register/done.html", reference=sent["reference"], landlord_references=sent["landlord_references"],
                  working_days=current_app.config["LP_REGISTRATION_WORKING_DAYS"])
