"""Registration pages: the form, and the confirmation with the reference number."""
from __future__ import annotations

from flask import current_app, redirect, session, url_for

from lp.access import public
from lp.extensions import limiter
from lp.htmx import render
from lp.register import bp, services
from lp.register.forms import RegistrationForm

ALREADY_PENDING = (
    "A registration for this landlord reference is already waiting for the council. "
    "We set accounts up by hand. Expect an e-mail within {days} working days. Please don't register again."
)


@bp.route("/register", methods=["GET", "POST"])
@public
@limiter.limit("10 per hour", methods=["POST"])
def start():
    form = RegistrationForm()
    if form.validate_on_submit():
        try:
            registration = services.submit(form.data)
        except services.AlreadyPending:
            days = current_app.config["LP_REGISTRATION_WORKING_DAYS"]
            form.landlord_reference.errors.append(ALREADY_PENDING.format(days=days))
        else:
            session["registration_reference"] = registration.reference
            return redirect(url_for("register.done"), 303)
    return render("register/start.html", form=form)


@bp.get("/register/done")
@public
def done():
    reference = session.get("registration_reference")
    if reference is None:
        return redirect(url_for("register.start"), 303)
    return render("register/done.html", reference=reference,
                  working_days=current_app.config["LP_REGISTRATION_WORKING_DAYS"])
