"""The forms of signing in, activation and recovery, with messages in GOV.UK wording."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, SelectChoice, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Length, ValidationError

from lp.auth.keys import normalise
from lp.auth.password_rules import password_problem
from lp.validators import uk_mobile

KEY_METHODS = [SelectChoice("email", "By e-mail"), SelectChoice("sms", "By text message to a UK mobile")]


class SignInForm(FlaskForm):
    username = StringField(validators=[DataRequired("Enter your username"), Length(max=200, message="Enter your username")])
    password = PasswordField(validators=[InputRequired("Enter your password")])


class CodeForm(FlaskForm):
    """A 6-digit key or code; pasted spaces and dashes are fine."""

    key = StringField(filters=[normalise])
    what = "key"

    def validate_key(self, field):
        if not field.data:
            raise ValidationError(f"Enter the 6-digit {self.what}")
        if not (field.data.isascii() and field.data.isdigit() and len(field.data) == 6):
            raise ValidationError(f"The {self.what} must be 6 digits")


class ConfirmationCodeForm(CodeForm):
    what = "code"


class NewPasswordForm(FlaskForm):
    """Choosing a password (activation, reset): the rules of lp/auth/password_rules.py."""

    password = PasswordField()
    password_confirm = PasswordField()

    def __init__(self, *args, username: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.username = username

    def validate_password(self, field):
        problem = password_problem(field.data or "", username=self.username)
        if problem:
            raise ValidationError(problem)

    def validate_password_confirm(self, field):
        if not field.data:
            raise ValidationError("Enter your password again")
        if field.data != self.password.data and not self.password.errors:
            raise ValidationError("The passwords do not match")


class ActivationForm(NewPasswordForm):
    key_method = RadioField(choices=KEY_METHODS, validators=[InputRequired("Select how you want to get sign-in keys")])
    mobile = StringField(filters=[lambda value: (value or "").strip()])

    def validate_mobile(self, field):
        if self.key_method.data != "sms":
            field.data = None
            return
        if not field.data:
            raise ValidationError("Enter a UK mobile number")
        uk_mobile(self, field)


class ForgottenUsernameForm(FlaskForm):
    email = StringField(validators=[
        DataRequired("Enter your e-mail address"),
        Length(max=254, message="Enter an e-mail address in the correct format, like name@example.com"),
        Email("Enter an e-mail address in the correct format, like name@example.com", check_deliverability=False),
    ])


class ForgottenPasswordForm(FlaskForm):
    username_or_email = StringField(validators=[
        DataRequired("Enter your username or e-mail address"),
        Length(max=254, message="Enter your username or e-mail address"),
    ])
