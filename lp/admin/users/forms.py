"""Council user forms: invite someone with a role, and change a role."""
from __future__ import annotations

from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import RadioField, StringField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length

from lp.extensions import db
from lp.models import COUNCIL_ROLES, User
from lp.validators import STRIP

ROLE_CHOICES = [SelectChoice(key, label) for key, label in COUNCIL_ROLES.items()]
ROLE_HINTS = {
    "admin": "Everything, including managing council users",
    "officer": "Registrations, landlords and their users, change reports, messages, the audit log",
    "data": "Loading the nightly extract",
}


class RoleForm(FlaskForm):
    role = RadioField("Role", choices=ROLE_CHOICES, validators=[DataRequired("Select a role")])


class InviteForm(RoleForm):
    first_name = StringField("First name", filters=STRIP, validators=[
        DataRequired("Enter their first name"), Length(max=100, message="First name must be 100 characters or fewer")])
    last_name = StringField("Last name", filters=STRIP, validators=[
        DataRequired("Enter their last name"), Length(max=100, message="Last name must be 100 characters or fewer")])
    email = StringField("Work e-mail address", filters=STRIP, validators=[
        DataRequired("Enter their work e-mail address"),
        Email("Enter an e-mail address in the correct format, like name@example.org", check_deliverability=False),
        Length(max=254, message="E-mail address must be 254 characters or fewer")])

    def validate_email(self, field):
        taken = db.session.scalar(select(User.id).where(
            func.lower(User.email) == field.data.lower(), User.kind == "council", User.status != "deactivated"))
        if taken:
            raise ValidationError("A council user with this e-mail address already exists")


class ActionForm(FlaskForm):
    """Reset authenticator, deactivate: nothing to fill in, but CSRF."""
