"""Every audit action's name, defined once: `<area>.<verb>`, the verb in the past tense, each with
what it means. Record them by their constant (`audit.record(CLAIM_VIEWED, ...)`) and read them the
same way (the access log's kinds, the console's figures), so no name is written twice. Renaming one
means an Alembic data migration for the events already kept (see 0009_audit_action_names).

`detail` is for references and counts, never a tenant's name (lp/audit.py).
"""
from __future__ import annotations

ACTIONS: dict[str, str] = {}  # name -> what it means


def _action(name: str, meaning: str) -> str:
    ACTIONS[name] = meaning
    return name


# Signing in and out (object: the user)
SIGN_IN_PASSWORD_OK = _action("sign_in.password_ok", "the password was right; the second step comes next")
SIGN_IN_PASSWORD_FAILED = _action("sign_in.password_failed", "a wrong password for a real username")
SIGN_IN_REFUSED = _action("sign_in.refused", "the right password for an account that may not sign in")
SIGN_IN_KEY_SENT = _action("sign_in.key_sent", "an online key was sent (detail: by SMS or e-mail)")
SIGN_IN_KEY_FAILED = _action("sign_in.key_failed", "a wrong or expired online key")
SIGN_IN_TOTP_FAILED = _action("sign_in.totp_failed", "a wrong authenticator code")
SIGN_IN_SUCCEEDED = _action("sign_in.succeeded", "signed in (detail: the second step used)")
USER_SIGNED_OUT = _action("user.signed_out", "signed out")

# A user's account: activation, recovery, lock-out and the council's actions on it (object: the user)
USER_ACTIVATED = _action("user.activated", "an invited user set their password and activated the account")
USER_LOCKED = _action("user.locked", "too many failures in a row locked the account")
USER_UNLOCKED = _action("user.unlocked", "the council unlocked the account")
USER_ACTIVATION_RESENT = _action("user.activation_resent", "the council sent a new activation link")
USER_MOBILE_RESET = _action("user.mobile_reset", "the council removed the mobile number; a new one is asked for")
USER_DEACTIVATED = _action("user.deactivated", "the council deactivated the account and ended its sessions")
USER_MOBILE_CODE_SENT = _action("user.mobile_code_sent", "a code was sent to confirm a mobile number")
USER_MOBILE_CONFIRMED = _action("user.mobile_confirmed", "a mobile number was confirmed by its code")
USER_USERNAME_REMINDER_SENT = _action("user.username_reminder_sent", "the username was e-mailed on request")
USER_PASSWORD_RESET_REQUESTED = _action("user.password_reset_requested", "a password reset link was e-mailed")
USER_PASSWORD_RESET = _action("user.password_reset", "the password was set again through a reset link")
USER_TOTP_ENROLLED = _action("user.totp_enrolled", "a council user set up their authenticator app")
USER_REPORTED_COMPROMISED = _action("user.reported_compromised",
                                    "the user said someone else may have used their account")

# My profile: a user's own details (object: the user)
PROFILE_EMAIL_CHANGE_REQUESTED = _action("profile.email_change_requested", "a link was sent to a new e-mail address")
PROFILE_EMAIL_CHANGED = _action("profile.email_changed", "the e-mail address was changed by that link")
PROFILE_MOBILE_CHANGED = _action("profile.mobile_changed", "the mobile number was changed")
PROFILE_PASSWORD_CHANGED = _action("profile.password_changed", "the password was changed")
PROFILE_KEY_METHOD_CHANGED = _action("profile.key_method_changed", "how online keys are sent was changed")
PROFILE_ALERTS_CHANGED = _action("profile.alerts_changed", "which e-mail alerts the user gets was changed")

# An organisation's own team (object: the user acted on)
TEAM_INVITED = _action("team.invited", "a user was invited (detail: their permissions)")
TEAM_INVITATION_RESENT = _action("team.invitation_resent", "an invitation was sent again")
TEAM_INVITATION_CANCELLED = _action("team.invitation_cancelled", "an invitation was cancelled")
TEAM_PERMISSIONS_CHANGED = _action("team.permissions_changed", "a user's permissions were changed")
TEAM_MOBILE_RESET = _action("team.mobile_reset", "a user's mobile number was removed; they add a new one")
TEAM_UNLOCKED = _action("team.unlocked", "a locked user was unlocked")
TEAM_DEACTIVATED = _action("team.deactivated", "a user was deactivated")
USERS_EXPORTED = _action("users.exported", "the team's users were downloaded as CSV")
ACCESS_LOG_EXPORTED = _action("access_log.exported", "the access log was downloaded as CSV")

# Registrations and organisations (the console)
REGISTRATION_SUBMITTED = _action("registration.submitted", "someone asked to register a landlord reference")
REGISTRATION_APPROVED = _action("registration.approved", "the council approved a registration")
REGISTRATION_REJECTED = _action("registration.rejected", "the council rejected a registration (detail: why)")
REGISTRATION_ADDED_TO_ORGANISATION = _action("registration.added_to_organisation",
                                             "the registrant joined the organisation that has the reference")
LANDLORDS_SEARCHED = _action("landlords.searched", "the council searched for organisations (detail: how many found)")
LANDLORD_VIEWED = _action("landlord.viewed", "the council opened an organisation's page")
LANDLORD_REFERENCE_LINKED = _action("landlord.reference_linked", "another landlord reference joined an organisation")
LANDLORD_INVITATIONS_CHANGED = _action("landlord.invitations_changed", "whom an organisation may invite changed")
COUNCIL_USER_INVITED = _action("council_user.invited", "a council user was invited (detail: their role)")
COUNCIL_USER_ROLE_CHANGED = _action("council_user.role_changed", "a council user's role was changed")
COUNCIL_USER_AUTHENTICATOR_RESET = _action("council_user.authenticator_reset",
                                           "a council user's authenticator app was reset")
MESSAGE_CREATED = _action("message.created", "a daily message was written")
MESSAGE_CHANGED = _action("message.changed", "a daily message was changed")
MESSAGE_ENDED = _action("message.ended", "a daily message was ended early")
AUDIT_VIEWED = _action("audit.viewed", "the council read the audit log (detail: page and filters)")
AUDIT_EXPORTED = _action("audit.exported", "the council downloaded the audit log as CSV")

# Landlords' data (object: what was read)
CLAIM_VIEWED = _action("claim.viewed", "a claim's page or one of its tabs was opened (detail: which)")
CLAIMS_EXPORTED = _action("claims.exported", "the claims list was downloaded as CSV (detail: its filters)")
CLAIM_EXPORTED = _action("claim.exported", "one claim's payments, entitlements or letters as CSV")
PAYMENTS_SEARCHED = _action("payments.searched", "payments were searched by tenant or reference")
PAYMENT_VIEWED = _action("payment.viewed", "a payment's page was opened")
PAYMENTS_EXPORTED = _action("payments.exported", "the payments list was downloaded as CSV")
PAYMENT_EXPORTED = _action("payment.exported", "one payment's breakdown was downloaded as CSV")
LETTER_OPENED = _action("letter.opened", "a letter was opened")
LETTERS_EXPORTED = _action("letters.exported", "the letters list was downloaded as CSV (detail: its filters)")
OVERPAYMENTS_VIEWED = _action("overpayments.viewed", "the overpayments page was read (detail: the page)")
OVERPAYMENTS_EXPORTED = _action("overpayments.exported", "the overpayments were downloaded as CSV")
PROPERTY_VIEWED = _action("property.viewed", "a property's page was opened")
PROPERTY_EDITED = _action("property.edited", "the landlord's own reference or note on a property changed")
PROPERTIES_EXPORTED = _action("properties.exported", "the properties list was downloaded as CSV")

# Change reports, rent changes and the council's requests
CHANGE_REPORT_SUBMITTED = _action("change_report.submitted", "a landlord reported a change of circumstances")
CHANGE_REPORT_VIEWED = _action("change_report.viewed", "a change report was opened")
CHANGE_REPORT_STATUS_CHANGED = _action("change_report.status_changed", "the council moved a change report on")
CHANGE_REPORTS_EXPORTED = _action("change_reports.exported", "the change reports were downloaded as CSV")
RENT_CHANGE_CHECKED = _action("rent_change.checked", "an uploaded rent-change file was checked into a draft")
RENT_CHANGE_SUBMITTED = _action("rent_change.submitted", "a draft of rent changes was sent to the council")
RENT_CHANGE_DISCARDED = _action("rent_change.discarded", "a draft of rent changes was thrown away")
RENT_CHANGE_VIEWED = _action("rent_change.viewed", "a rent-change submission was opened")
RENT_CHANGE_PROCESSED = _action("rent_change.processed", "the council marked a submission processed")
RENT_CHANGE_TEMPLATE_EXPORTED = _action("rent_change_template.exported", "the rent-change CSV template was downloaded")
RENT_CHANGE_SCHEDULE_EXPORTED = _action("rent_change_schedule.exported",
                                        "the council downloaded the schedule of rent changes to process")
TASK_RAISED = _action("task.raised", "the council asked a landlord something about a claim")
TASK_VIEWED = _action("task.viewed", "a request was opened")
TASK_ANSWERED = _action("task.answered", "a landlord answered a request")
TASK_PROCESSED = _action("task.processed", "the council marked an answer processed")
TASK_ANSWERS_EXPORTED = _action("task_answers.exported", "answers were downloaded or written out as CSV")

# The system's own work (no user)
IMPORT_FINISHED = _action("import.finished", "a data load ended (detail: how, and what it loaded)")
ALERTS_NEW_LETTERS_QUEUED = _action("alerts.new_letters_queued", "a load's new-letter e-mails were queued")
ALERTS_OVERDUE_REQUESTS_QUEUED = _action("alerts.overdue_requests_queued",
                                         "a day's reminders of overdue requests were queued")

# The API and its tokens (a call is named by its endpoint: api.payments, api.claim, ...)
API_TOKEN_CREATED = _action("api_token.created", "an organisation made an API token")
API_TOKEN_REVOKED = _action("api_token.revoked", "an API token was revoked")
API_CALLED = "api."  # the prefix of every API call's action


def api_call(endpoint: str | None) -> str:
    """An API call's action: `api.<endpoint>` (api.payments, api.claim, ...), or api.unknown."""
    return API_CALLED + (endpoint.rsplit(".", 1)[-1] if endpoint else "unknown")


EXPORTED = tuple(name for name in ACTIONS if name.endswith(".exported"))
