"""The payments filter: the shared from/to dates plus one of the organisation's accounts."""
from __future__ import annotations

from wtforms import StringField, ValidationError

from lp.daterange import DateRangeForm


class PaymentFilterForm(DateRangeForm):
    """A GET form over the query string; `accounts` are the organisation's own, so no other fits."""

    # A select in the page; a plain field here, so the check below gives the GOV.UK message.
    account = StringField("Account")
    # Find a payment by who it paid for, as the DWP portal does: a name, or a claim or payment reference.
    text = StringField("Tenant name, claim reference or payment reference", name="q",
                       description="For example, Okafor, Grace Okafor, HB1000050 or the payment reference")

    def __init__(self, accounts, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.accounts = {account.reference: account for account in accounts}
        self.account_choices = [("", "All accounts")] + [
            (account.reference, f"{account.reference} – {account.name}") for account in accounts
        ]

    def validate_account(self, field):
        if field.data and field.data not in self.accounts:
            raise ValidationError("Select one of your accounts")

    @property
    def filtered(self) -> bool:
        """True when the user asked for something other than the latest payments."""
        return bool(self.date_from.data or self.date_to.data or self.account.data or self.searched)

    @property
    def searched(self) -> str | None:
        """What was typed in the search box, if anything."""
        return (self.text.data or "").strip() or None

    @property
    def account_id(self) -> int | None:
        account = self.accounts.get(self.account.data or "")
        return account.id if account else None

    @property
    def chosen_accounts(self) -> list:
        """The accounts the list covers, for the printed heading."""
        account = self.accounts.get(self.account.data or "")
        return [account] if account else list(self.accounts.values())
