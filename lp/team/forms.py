"""The team's forms: invite a user, change what a user can do, confirm an action, filter the access log."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, ValidationError

from lp.models import PERMISSIONS
from lp.validators import STRIP, person_name


class PermissionsForm(FlaskForm):
    # Rendered as GOV.UK checkboxes by the template; checked here against the known permissions.
    permissions = SelectMultipleField(choices=[SelectChoice(k, v) for k, v in PERMISSIONS.items()],
                                      validate_choice=False)

    def validate_permissions(self, field):
        if not field.data:
            raise ValidationError("Select what the user can do")
        if set(field.data) - PERMISSIONS.keys():
            raise ValidationError("Select what the user can do from the list")


class InviteForm(PermissionsForm):
    first_name = StringField(filters=STRIP, validators=[
        DataRequired("Enter their first name"),
        Length(max=100, message="First name must be 100 characters or fewer"), person_name,
    ])
    last_name = StringField(filters=STRIP, validators=[
        DataRequired("Enter their last name"),
        Length(max=100, message="Last name must be 100 characters or fewer"), person_name,
    ])
    email = EmailField(filters=STRIP, validators=[
        DataRequired("Enter their e-mail address"),
        Email("Enter an e-mail address in the correct format, like name@example.org"),
        Length(max=254, message="E-mail address must be 254 characters or fewer"),
    ])
    email_confirm = EmailField(filters=STRIP, validators=[DataRequired("Enter their e-mail address again")])

    def validate_email_confirm(self, field):
        if self.email.data and field.data.lower() != self.email.data.lower():
            raise ValidationError("The e-mail addresses do not match")


class ConfirmForm(FlaskForm):
    """Only a button and its CSRF token."""


class ActivityFilterForm(FlaskForm):
    """The access log's GET filter: a person and a kind of action."""

    class Meta:
        csrf = False  # a GET filter changes nothing

    person = SelectField("Person", choices=[], validate_choice=False)
    action = SelectField("Action", choices=[], validate_choice=False)

    def __init__(self, formdata, people, actions):
        super().__init__(formdata)
        self.people = {str(user.id) for user in people}
        self.actions = set(actions)
        self.person.choices = [SelectChoice("", "Everyone")] + [SelectChoice(str(u.id), u.full_name) for u in people]
        self.action.choices = [SelectChoice("", "All actions")] + [SelectChoice(k, v) for k, v in actions.items()]

    @property
    def person_id(self) -> int | None:
        return int(self.person.data) if self.person.data in self.people else None

    @property
    def action_key(self) -> str | None:
        return self.action.data if self.action.data in self.actions else None
