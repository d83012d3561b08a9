"""Properties views: the list (search, sort, paging, CSV, print), a property's page, its details form,
and "I no longer own this property"."""
from __future__ import annotations

from flask import flash, g, redirect, url_for
from flask_login import current_user

from lp import audit
from lp.access import needs
from lp.audit_actions import PROPERTIES_EXPORTED, PROPERTY_VIEWED
from lp.changes.forms import DETAILS_MAX
from lp.exports import csv_response
from lp.htmx import render
from lp.paging import paginate, sort_order
from lp.properties import bp, queries, services
from lp.properties.forms import NOTES_MAX, NoLongerOwnedForm, PropertyDetailsForm, PropertySearchForm
from lp.routing import url_with
from lp.scoping import account_references_for


def _search():
    """The search form and the properties it asks for (None while the form has errors)."""
    form = PropertySearchForm()
    sort, direction = sort_order(queries.PROPERTY_SORTS, "address")
    if not form.validate():
        return form, None, sort, direction
    return form, queries.properties_for(g.landlord_id, sort=sort, direction=direction, **form.filters()), sort, direction


@bp.get("/properties")
@needs("view_claims")
def index():
    form, properties, sort, direction = _search()
    page = paginate(properties, scalars=True) if properties is not None else None
    return render("properties/index.html", form=form, page=page, sort=sort, direction=direction,
                  accounts=account_references_for(g.landlord_id))


@bp.get("/properties.csv")
@needs("view_claims")
def export():
    form, properties, _, _ = _search()
    if properties is None:
        return redirect(url_with(".index"), 303)  # the page says what to correct
    audit.record_and_commit(PROPERTIES_EXPORTED, object_type="properties",
                            detail=f"properties.csv {form.filter_names()}".strip())
    return csv_response("properties.csv", queries.PROPERTY_HEADER, lambda: queries.property_rows(properties))


@bp.get("/properties/<int:property_id>")
@needs("view_claims")
def show(property_id: int):
    home = queries.property_for(g.landlord_id, property_id)
    # The tenants' names and their payments: a view of personal data.
    audit.record_view(PROPERTY_VIEWED, object_type="property", object_ref=home.reference)
    return render("properties/show.html", home=home, claims=queries.claims_at(g.landlord_id, home),
                  page=paginate(queries.payments_at(g.landlord_id, home)),
                  sold=queries.no_longer_owned_report(g.landlord_id, home))


@bp.route("/properties/<int:property_id>/details", methods=["GET", "POST"])
@needs("manage_properties")
def details(property_id: int):
    home = queries.property_for(g.landlord_id, property_id)
    form = PropertyDetailsForm(obj=home)
    if form.validate_on_submit():
        services.save_details(home, own_reference=form.own_reference.data, notes=form.notes.data)
        flash("Your reference and notes have been saved.", "success")
        return redirect(url_for("properties.show", property_id=home.id), 303)
    return render("properties/details.html", home=home, form=form, notes_max=NOTES_MAX)


@bp.route("/properties/<int:property_id>/no-longer-owned", methods=["GET", "POST"])
@needs("manage_properties")
def no_longer_owned(property_id: int):
    home = queries.property_for(g.landlord_id, property_id)
    claims = queries.claims_at(g.landlord_id, home)
    form = NoLongerOwnedForm()
    if claims and form.validate_on_submit():
        sent = services.report_no_longer_owned(current_user._get_current_object(), home, claims[0],
                                               ended_on=form.ended_on.date, details=form.details.data)
        flash(f"You have told the council you no longer own this property. Your reference is {sent.reference}.",
              "success")
        return redirect(url_for("properties.show", property_id=home.id), 303)
    return render("properties/no_longer_owned.html", home=home, form=form, has_claims=bool(claims),
                  details_max=DETAILS_MAX)
