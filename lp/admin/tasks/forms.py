"""The council's form to raise a request to a landlord: which claim, what to confirm, by when."""
from __future__ import annotations

from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import StringField
from wtforms.validators import DataRequired, ValidationError

from lp.extensions import db
from lp.horizon import today
from lp.models import TASK_KINDS, Claim
from lp.tasks.forms import DateInput
from lp.validators import STRIP


class NewTaskForm(FlaskForm):
    claim_reference = StringField(filters=STRIP, validators=[DataRequired("Enter the claim reference")])
    kind = StringField()
    due = DateInput()

    def validate_claim_reference(self, field):
        self.claim = db.session.scalar(select(Claim).where(Claim.reference.in_({field.data, field.data.upper()})))
        if self.claim is None:
            raise ValidationError("Enter the reference of a claim in the portal, like HB100234")
        if self.claim.account.landlord_id is None:
            raise ValidationError("This claim’s landlord has no organisation in the portal yet: nobody could answer")

    def validate_kind(self, field):
        if field.data not in TASK_KINDS:
            raise ValidationError("Select what the landlord should confirm")

    def validate_due(self, field):
        if field.parse("the due date") <= today():
            raise ValidationError("The due date must be in the future")
