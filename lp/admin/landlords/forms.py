"""The landlord pages' forms: search, link a landlord reference, and the user actions (CSRF only)."""
from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from lp.validators import STRIP


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField("Organisation name, landlord reference, postcode or user's e-mail address",
                    filters=STRIP, validators=[Length(max=254, message="Enter 254 characters or fewer")])

    def __init__(self, *args, **kwargs):
        from flask import request

        super().__init__(request.args, *args, **kwargs)


class LinkAccountForm(FlaskForm):
    reference = StringField("Landlord reference", filters=STRIP, validators=[
        DataRequired("Enter the landlord reference"),
        Length(max=20, message="Landlord reference must be 20 characters or fewer"),
    ])


class InvitationsForm(FlaskForm):
    """Whom the organisation's managers may invite: the council sets the domain, or allows any address."""

    any_email = BooleanField("Allow invitations to any e-mail address")
    domain = StringField("The organisation’s e-mail domain", filters=[*STRIP, lambda v: (v or "").lstrip("@").lower()],
                         description="For example, northgate.org.uk. Leave it empty to use the lead user’s domain.",
                         validators=[Length(max=253, message="The domain must be 253 characters or fewer")])

    def validate_domain(self, field):
        if not field.data:
            return
        try:  # the same check an address gets, on a made-up address at the domain
            validate_email(f"someone@{field.data}", check_deliverability=False)
        except EmailNotValidError as error:
            raise ValidationError("Enter a domain in the correct format, like northgate.org.uk") from error


class ActionForm(FlaskForm):
    """Unlock, resend, reset mobile, deactivate: nothing to fill in, but every POST carries CSRF."""
