"""The API's OpenAPI 3.1 document, by hand: the contract clients build on. tests/api check every
response the suite gets against it, and schemathesis generates requests from it."""
from __future__ import annotations

TEXT, INT, BOOL = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
PENCE = {"type": "integer", "description": "Money in pence (GBP), never a decimal"}
CURRENCY = {"const": "GBP"}


def _nullable(schema: dict) -> dict:
    return {"oneOf": [schema, {"type": "null"}]}


def _object(**properties) -> dict:
    return {"type": "object", "required": sorted(properties), "properties": properties}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _list_of(name: str) -> dict:
    return _object(data={"type": "array", "items": _ref(name)}, next_cursor=_nullable(TEXT), horizon=DATE)


def _query(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema or TEXT}


def _problem(description: str) -> dict:
    return {"description": description, "content": {"application/problem+json": {"schema": _ref("Problem")}}}


def _json(description: str, schema: dict, **headers) -> dict:
    answer = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        answer["headers"] = headers
    return answer


ETAG = {"description": "Changes only when an extract loads (or the horizon moves)", "schema": TEXT}
LIMIT = _query("limit", "How many to a page (1 to 100, 50 by default)", {"type": "integer", "minimum": 1, "maximum": 100})
CURSOR = _query("cursor", "The next_cursor of the page before; leave it out for the first page")
IF_NONE_MATCH = {"name": "If-None-Match", "in": "header", "required": False, "schema": TEXT,
                 "description": "The ETag of a list you have: 304 if it has not changed"}
DATES = [_query("from", "Only those on or after this date (YYYY-MM-DD)", {"type": "string", "format": "date"}),
         _query("to", "Only those on or before this date (YYYY-MM-DD)", {"type": "string", "format": "date"})]


def _operation(summary: str, ok: dict, *, parameters=(), found=False, listing=False, permission=None) -> dict:
    responses = {"200": ok, "400": _problem("A parameter is wrong or unknown; `errors` says which and why"),
                 "401": _problem("No live token"), "429": _problem("Too many requests for this token")}
    if listing:
        responses["304"] = {"description": "Not modified since the ETag you sent", "headers": {"ETag": ETAG}}
        parameters = [*parameters, IF_NONE_MATCH]
    if permission:
        responses["403"] = _problem(f"The token does not have ‘{permission}’")
    if found or parameters:
        responses["404"] = _problem("Not found for your organisation (or older than the horizon)")
    operation = {"summary": summary, "responses": responses}
    if parameters:
        operation["parameters"] = list(parameters)
    return operation


SCHEMAS = {
    "Problem": {**_object(type=TEXT, title=TEXT, status=INT), "properties": {
        "type": TEXT, "title": TEXT, "status": INT, "detail": TEXT,
        "errors": {"type": "array", "items": _object(parameter=TEXT, message=TEXT)}}},
    "Status": _object(data_as_at=_nullable({"type": "string", "format": "date-time"}), data_runs_to=_nullable(DATE),
                      horizon=DATE, version=TEXT),
    "Account": _object(reference=TEXT, name=TEXT, address=TEXT, postcode=TEXT, sort_code=TEXT, bank_account=TEXT,
                       payment_method=TEXT),
    "AccountList": _object(data={"type": "array", "items": _ref("Account")}, next_cursor={"type": "null"}),
    "Payment": _object(id=INT, reference=TEXT, account_reference=TEXT, paid_on=DATE, payment_type=TEXT,
                       amount_pence=PENCE, currency=CURRENCY, method=TEXT, sort_code=TEXT, bank_account=TEXT,
                       status=TEXT, url=TEXT),
    "PaymentList": _list_of("Payment"),
    "PaymentLine": _object(line_number=INT, claim_reference=TEXT, tenant_name=TEXT, rent_reference=TEXT,
                           address=TEXT, postcode=TEXT, hb_pence=PENCE, dhp_pence=PENCE, adjustment_pence=PENCE,
                           adjustment_reason=_nullable(TEXT), amount_pence=PENCE, currency=CURRENCY,
                           period_from=DATE, period_to=DATE),
    "Totals": _object(lines=INT, hb_pence=PENCE, dhp_pence=PENCE, adjustment_pence=PENCE, amount_pence=PENCE,
                      currency=CURRENCY),
    "Claim": _object(reference=TEXT, account_reference=TEXT, tenant_name=TEXT, tenant_first_name=TEXT,
                     tenant_last_name=TEXT, rent_reference=TEXT, claim_type=TEXT, status=TEXT, suspended=BOOL,
                     suspension_reason=_nullable(TEXT), address=TEXT, postcode=TEXT, property_reference=TEXT,
                     weekly_hb_pence=PENCE, weekly_dhp_pence=PENCE, next_payment_pence=_nullable(PENCE),
                     next_payment_date=_nullable(DATE), overpayment_pence=PENCE, currency=CURRENCY,
                     start_date=DATE, end_date=_nullable(DATE), url=TEXT),
    "ClaimList": _list_of("Claim"),
    "Entitlement": _object(kind={"enum": ["HB", "DHP"]}, start_date=DATE, end_date=_nullable(DATE),
                           amount_pence=PENCE, currency=CURRENCY, frequency=TEXT, calculated_on=DATE),
    "Letter": _object(id=INT, reference=TEXT, claim_reference=TEXT, letter_type=TEXT, sent_on=DATE, url=TEXT,
                      pdf_url=TEXT),
    "LetterList": _list_of("Letter"),
}
SCHEMAS["PaymentDetail"] = {"allOf": [_ref("Payment"), _object(
    totals=_ref("Totals"), lines={"type": "array", "items": _ref("PaymentLine")}, next_cursor=_nullable(TEXT))]}
SCHEMAS["ClaimDetail"] = {"allOf": [_ref("Claim"), _object(
    entitlements={"type": "array", "items": _ref("Entitlement")})]}

CLAIM_FILTERS = [
    _query("q", "The one search box: a claim or rent reference, the start of a name (Smith, Aisha Smith) or "
                "of a postcode"),
    _query("reference", "A claim reference"),
    _query("rent", "A rent reference, or a landlord reference, | and a rent reference (9998|NHA/00231)"),
    _query("type", "A claim type (empty: any)", {"enum": ["", "Private", "Housing Association", "Supported",
                                                        "Temporary"]}),
    _query("status", "HB status: Active, Suspended, Ended, or any (every status)",
           {"enum": ["Active", "Suspended", "Ended", "any"]}),
    _query("first_name", "The start of the tenant's first name"),
    _query("surname", "The start of the tenant's last name"),
    _query("postcode", "The start of the postcode"),
    _query("suspended", "Only suspended claims (empty: all)", {"enum": ["", "true", "false", "1", "0"]}),
]
PAYMENT_ID = {"name": "payment_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1, "maximum": 2147483647}}
LETTER_ID = {"name": "letter_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1, "maximum": 2147483647}}
REFERENCE = {"name": "reference", "in": "path", "required": True,
             "schema": {"type": "string", "minLength": 1, "maxLength": 20}}
PAYMENTS, CLAIMS, LETTERS = "Payments, with each tenant's share", "Claims and their entitlements", "Letters and their PDFs"

PATHS = {
    "/status": {"get": _operation("When the data was last loaded, and the horizon", _json("Status", _ref("Status")))},
    "/accounts": {"get": _operation("Your organisation's payee accounts", _json(
        "Accounts", _ref("AccountList"), ETag=ETAG), listing=True, permission=PAYMENTS)},
    "/payments": {"get": _operation("Payments, newest first", _json("A page of payments", _ref("PaymentList"), ETag=ETAG),
                                    parameters=[_query("account", "A landlord reference of yours"), *DATES, LIMIT,
                                                CURSOR], listing=True, permission=PAYMENTS)},
    "/payments/{payment_id}": {"get": _operation(
        "A payment with its tenant lines, up to 1,000 lines at a time", _json("The payment", _ref("PaymentDetail")),
        parameters=[PAYMENT_ID, _query("limit", "Lines to a page (1 to 1,000; 1,000 by default)",
                                       {"type": "integer", "minimum": 1, "maximum": 1000}), CURSOR],
        found=True, permission=PAYMENTS)},
    "/claims": {"get": _operation("Claims, by reference, filtered as the claim search",
                                  _json("A page of claims", _ref("ClaimList"), ETag=ETAG),
                                  parameters=[*CLAIM_FILTERS, LIMIT, CURSOR], listing=True, permission=CLAIMS)},
    "/claims/{reference}": {"get": _operation("A claim with its entitlements", _json(
        "The claim", _ref("ClaimDetail")), parameters=[REFERENCE], found=True, permission=CLAIMS)},
    "/letters": {"get": _operation("Letters, newest first", _json("A page of letters", _ref("LetterList"), ETag=ETAG),
                                   parameters=[_query("claim", "A claim reference"), _query("type", "A letter type"),
                                               *DATES, LIMIT, CURSOR], listing=True, permission=LETTERS)},
    "/letters/{letter_id}": {"get": _operation("A letter's details", _json("The letter", _ref("Letter")),
                                               parameters=[LETTER_ID], found=True, permission=LETTERS)},
    "/letters/{letter_id}/pdf": {"get": _operation("A letter's PDF", {
        "description": "The PDF", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
        parameters=[LETTER_ID], found=True, permission=LETTERS)},
}


def document(server_url: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Landlord Portal remittance API", "version": "1.0.0",
                 "description": "Read-only: your organisation's payments, tenant breakdowns, claims and letters. "
                                "Money is integer pence (GBP); dates are ISO 8601; errors are "
                                "application/problem+json (RFC 9457)."},
        "servers": [{"url": server_url}],
        "security": [{"bearer": []}],
        "paths": PATHS,
        "components": {"schemas": SCHEMAS,
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                                      "description": "A token from the portal's API tokens page"}}},
    }
