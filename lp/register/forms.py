"""The registration form: one or more landlord references, the organisation, and the lead user."""
from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from lp.validators import STRIP, person_name, uk_mobile, uk_postcode, uk_telephone

REFERENCE = re.compile(r"^[A-Za-z0-9/-]{1,20}$")
MAX_REFERENCES = 30
WRONG_REFERENCE = "Enter the landlord reference as it is on your payment advice, like 123456"


class RegistrationForm(FlaskForm):
    # One or several (an agent registers every landlord it manages at once): see validate_ below.
    landlord_reference = TextAreaField(filters=STRIP, validators=[DataRequired("Enter your landlord reference")])
    organisation_name = StringField(filters=STRIP, validators=[
        DataRequired("Enter the landlord or organisation name"),
        Length(max=200, message="Landlord or organisation name must be 200 characters or fewer"),
    ])
    address = TextAreaField(filters=STRIP, validators=[
        DataRequired("Enter the address"), Length(max=500, message="Address must be 500 characters or fewer"),
    ])
    postcode = StringField(filters=STRIP, validators=[DataRequired("Enter the postcode"), uk_postcode])
    first_name = StringField(filters=STRIP, validators=[
        DataRequired("Enter your first name"),
        Length(max=100, message="First name must be 100 characters or fewer"), person_name,
    ])
    last_name = StringField(filters=STRIP, validators=[
        DataRequired("Enter your last name"),
        Length(max=100, message="Last name must be 100 characters or fewer"), person_name,
    ])
    job_role = StringField(filters=STRIP, validators=[
        DataRequired("Enter your role in the organisation"),
        Length(max=100, message="Role must be 100 characters or fewer"),
    ])
    email = EmailField(filters=STRIP, validators=[
        DataRequired("Enter your e-mail address"),
        Email("Enter an e-mail address in the correct format, like name@example.org"),
        Length(max=254, message="E-mail address must be 254 characters or fewer"),
    ])
    email_confirm = EmailField(filters=STRIP, validators=[
        DataRequired("Enter your e-mail address again"),
        EqualTo("email", message="The e-mail addresses do not match"),
    ])
    mobile = StringField(filters=STRIP, validators=[uk_mobile])
    telephone = StringField(filters=STRIP, validators=[DataRequired("Enter a telephone number"), uk_telephone])
    contact_email = EmailField(filters=STRIP, validators=[
        Optional(),
        Email("Enter the contact e-mail address in the correct format, like rents@example.org"),
        Length(max=254, message="Contact e-mail address must be 254 characters or fewer"),
    ])
    accept_terms = BooleanField(validators=[
        DataRequired("Confirm that you accept the terms of use and the data protection notice"),
    ])

    def validate_landlord_reference(self, field) -> None:
        """Each reference in the right form, at most MAX_REFERENCES; kept in .references, in the
        order typed, each once."""
        typed = [r for r in re.split(r"[\s,;]+", field.data or "") if r]
        wrong = [r for r in typed if not REFERENCE.match(r)]
        if wrong and len(typed) == 1:
            raise ValidationError(WRONG_REFERENCE)
        if wrong:
            raise ValidationError(f"{wrong[0][:30]} is not a landlord reference. Enter each reference as it is "
                                  "on your payment advice, like 123456")
        self.references = list(dict.fromkeys(typed))
        if len(self.references) > MAX_REFERENCES:
            raise ValidationError(f"Enter up to {MAX_REFERENCES} landlord references in one registration, "
                                  "then send another for the rest")
