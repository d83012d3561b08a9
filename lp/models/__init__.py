"""The data model: one module per aggregate, all imported here so Alembic sees every table."""
from lp.models.activity import CHANGE_STATUSES, CHANGE_TYPES, AuditEvent, ChangeReport, Message
from lp.models.api import API_PERMISSIONS, ApiToken
from lp.models.claims import CLAIM_STATUSES, Claim, Entitlement, search_key
from lp.models.landlords import Landlord, LandlordAccount
from lp.models.letters import Letter, LetterFile, LetterRead
from lp.models.payments import Payment, PaymentLine
from lp.models.properties import Property
from lp.models.rent_changes import RENT_CHANGE_STATUSES, RENT_FREQUENCIES, RentChange, RentChangeLine
from lp.models.system import ImportBatch, OneTimeCode, OutboxMessage, SpentToken
from lp.models.tasks import SERVICE_CHARGE_PAYERS, TASK_KINDS, TENANCY_TYPES, Task
from lp.models.users import COUNCIL_ROLES, PERMISSIONS, Registration, User, UserSession

__all__ = [
    "API_PERMISSIONS", "ApiToken", "AuditEvent", "CHANGE_STATUSES", "CHANGE_TYPES", "CLAIM_STATUSES",
    "COUNCIL_ROLES", "ChangeReport", "Claim", "Entitlement", "ImportBatch", "Landlord", "LandlordAccount",
    "Letter", "LetterFile", "LetterRead", "Message", "OneTimeCode", "OutboxMessage",
    "PERMISSIONS", "Payment", "PaymentLine", "Registration", "SpentToken", "User",
    "UserSession", "search_key",
    "RENT_CHANGE_STATUSES", "RENT_FREQUENCIES", "RentChange", "RentChangeLine",
    "SERVICE_CHARGE_PAYERS", "TASK_KINDS", "TENANCY_TYPES", "Task",
    "Property",
]
