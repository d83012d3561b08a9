"""E-mail and SMS through GOV.UK Notify (notifications-python-client), one template per channel.

The templates are plain: the e-mail template is `((subject))` as its subject and `((body))` as its
content; the SMS template is `((body))`.
"""
from __future__ import annotations

from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from lp.notify.backends import DeliveryError, Outgoing


class NotifyBackend:
    name = "notify"
    # Resending is safe only after find_sent has asked Notify for our reference and found nothing.
    resend_is_harmless = True

    def __init__(self, config: dict) -> None:
        for setting in ("LP_NOTIFY_API_KEY", "LP_NOTIFY_EMAIL_TEMPLATE_ID", "LP_NOTIFY_SMS_TEMPLATE_ID"):
            if not config.get(setting):
                raise RuntimeError(f"LP_NOTIFY_BACKEND is notify but {setting} is not set")
        self.client = NotificationsAPIClient(
            config["LP_NOTIFY_API_KEY"], base_url=config["LP_NOTIFY_BASE_URL"], timeout=config["LP_NOTIFY_TIMEOUT"]
        )
        self.email_template = config["LP_NOTIFY_EMAIL_TEMPLATE_ID"]
        self.sms_template = config["LP_NOTIFY_SMS_TEMPLATE_ID"]

    def send(self, message: Outgoing) -> str:
        try:
            if message.channel == "email":
                response = self.client.send_email_notification(
                    email_address=message.recipient,
                    template_id=self.email_template,
                    personalisation={"subject": message.subject or "", "body": message.body},
                    reference=message.reference,
                )
            else:
                response = self.client.send_sms_notification(
                    phone_number=message.recipient,
                    template_id=self.sms_template,
                    personalisation={"body": message.body},
                    reference=message.reference,
                )
        except APIError as error:
            raise DeliveryError(_describe(error)) from error
        return str(response["id"])

    def find_sent(self, message: Outgoing) -> str | None:
        try:
            found = self.client.get_all_notifications(reference=message.reference).get("notifications") or []
        except APIError as error:
            raise DeliveryError(_describe(error)) from error
        return str(found[0]["id"]) if found else None

    def trace(self, message: Outgoing) -> str:
        return f"the reference {message.reference}"


def _describe(error: APIError) -> str:
    # Notify's error messages name the fault ("Missing personalisation: body"), not our content.
    return f"GOV.UK Notify answered {error.status_code}: {str(error.message)[:300]}"
