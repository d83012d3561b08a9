"""The council's approval queue: pending registrations oldest first, and one registration's decision."""
from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user

from lp.access import needs_role, recent_sign_in
from lp.admin import bp
from lp.admin.registrations import queries, services
from lp.admin.registrations.forms import ApproveForm, RejectForm
from lp.errors import Refused
from lp.htmx import is_partial, render


def _registration_page(view_kwargs: dict) -> str:
    """After signing in again: the registration's page (the refused decision was a POST)."""
    return url_for(".registration", registration_id=view_kwargs["registration_id"])


@bp.get("/registrations")
@needs_role("officer")
def registrations():
    pending = queries.pending_registrations()
    decided = queries.decided_registrations()
    return render("admin/registrations.html", pending=pending, decided=decided,
                  matches=queries.matches_for(pending + decided), competing=queries.competing(pending))


@bp.get("/registrations/<int:registration_id>")
@needs_role("officer")
def registration(registration_id: int):
    return _show(queries.registration_or_404(registration_id))


@bp.post("/registrations/<int:registration_id>/approve")
@needs_role("officer")
@recent_sign_in("approve a registration", back=_registration_page)
def approve_registration(registration_id: int):
    registration = queries.registration_or_404(registration_id)  # CSRF is checked for every POST
    return _decide(registration, services.approve, "Registration {} approved. We have e-mailed the lead user.")


@bp.post("/registrations/<int:registration_id>/add-to-organisation")
@needs_role("officer")
@recent_sign_in("add a registrant to an organisation", back=_registration_page)
def add_registrant_to_owner(registration_id: int):
    """The reference already belongs to an organisation: the registrant joins it."""
    registration = queries.registration_or_404(registration_id)
    name = f"{registration.first_name} {registration.last_name}"
    return _decide(registration, services.add_to_owner,
                   lambda owner: f"{name} added to {owner.name}. We have e-mailed them and its user managers.")


@bp.post("/registrations/<int:registration_id>/reject")
@needs_role("officer")
def reject_registration(registration_id: int):
    registration = queries.registration_or_404(registration_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return _show(registration, reject_form=form)
    return _decide(registration, lambda rid, officer: services.reject(rid, officer, form.reason.data),
                   "Registration {} rejected. We have e-mailed the reason.")


def _decide(registration, decision, success):
    """`success` is the message ("{}" for the reference), or makes it from what the decision gave."""
    reference = registration.reference
    try:
        outcome = decision(registration.id, current_user._get_current_object())
    except Refused as refused:
        message, category = str(refused), "error"
    else:
        message, category = success(outcome) if callable(success) else success.format(reference), "success"
    if is_partial():
        return _show(queries.registration_or_404(registration.id), outcome=message)
    flash(message, category)
    return redirect(url_for(".registration", registration_id=registration.id), 303)


def _show(registration, *, reject_form=None, outcome=None):
    match = queries.matches_for([registration])[registration.id]
    return render("admin/registrations_show.html", registration=registration, match=match, outcome=outcome,
                  competing=queries.competing([registration])[registration.id],
                  approve_form=ApproveForm(), reject_form=reject_form or RejectForm(formdata=None),
                  form=reject_form)
