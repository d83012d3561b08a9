"""The profile's change forms: e-mail, mobile and its code, how keys arrive, alerts, password."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from lp.auth.password_rules import password_problem
from lp.auth.passwords import verify_password
from lp.validators import STRIP, uk_mobile


class EmailForm(FlaskForm):
    email = EmailField(filters=STRIP, validators=[
        DataRequired("Enter your new e-mail address"),
        Email("Enter an e-mail address in the correct format, like name@example.org"),
        Length(max=254, message="E-mail address must be 254 characters or fewer"),
    ])

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def validate_email(self, field):
        if field.data.lower() == self.user.email.lower():
            raise ValidationError("Enter a different e-mail address from the one you use now")


class ConfirmForm(FlaskForm):
    """Only a button (and its CSRF token): applying a change from a link takes a POST."""


class MobileForm(FlaskForm):
    mobile = StringField(filters=STRIP, validators=[DataRequired("Enter your mobile number"), uk_mobile])


class MobileCodeForm(FlaskForm):
    code = StringField(filters=STRIP, validators=[DataRequired("Enter the code we sent to your mobile")])


class KeysForm(FlaskForm):
    # Rendered as radios by the template; a plain field, so the choice is checked here, once.
    key_method = StringField(validators=[DataRequired("Select how you want to get sign-in keys")])

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def validate_key_method(self, field):
        if field.data not in ("email", "sms"):
            raise ValidationError("Select how you want to get sign-in keys")
        if field.data == "sms" and not (self.user.mobile and self.user.mobile_confirmed):
            raise ValidationError("Add and confirm a mobile number before you choose text messages")


class AlertsForm(FlaskForm):
    alerts_email = BooleanField()
    alerts_sms = BooleanField()

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def validate_alerts_sms(self, field):
        if field.data and not (self.user.mobile and self.user.mobile_confirmed):
            raise ValidationError("Add and confirm a mobile number before you choose text messages")


class PasswordForm(FlaskForm):
    current_password = PasswordField(validators=[DataRequired("Enter your current password")])
    new_password = PasswordField(validators=[DataRequired("Enter a new password")])
    confirm_password = PasswordField(validators=[
        DataRequired("Enter the new password again"),
        EqualTo("new_password", message="The new passwords do not match"),
    ])

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def validate_current_password(self, field):
        if not verify_password(self.user.password_hash, field.data):
            raise ValidationError("Your current password is not right")

    def validate_new_password(self, field):
        problem = password_problem(field.data, username=self.user.username)
        if problem:
            raise ValidationError(problem)
        if verify_password(self.user.password_hash, field.data):
            raise ValidationError("Choose a new password that is different from your current one")
