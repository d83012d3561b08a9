"""Every route of lp, classified: who may use it, what it needs, and an example URL for the owner's
object and for another landlord's. Shared by the authorisation matrix and the CSRF tests.

A route that is not in ROUTES fails test_matrix.py::test_every_route_is_classified: add it here.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

World = dict
UrlBuilder = Callable[[World], str]


@dataclass(frozen=True)
class Route:
    kind: str  # public | landlord | signed-in | council | token (the API: a bearer token, no cookie)
    url: UrlBuilder | None = None  # the owner's example (None: the rule itself, it has no arguments)
    other: UrlBuilder | None = None  # the same route for another landlord's object (404)
    permissions: tuple[str, ...] = ()  # landlord: each one is needed (403 without it)
    roles: tuple[str, ...] | None = None  # council: the roles besides admin that may (() admin only)
    ok: int = 200  # what the owner with the permission gets on GET
    council_gets: int | None = None  # signed-in routes: what a council user gets
    notes: str = ""


def landlord(permissions=(), url=None, other=None, **kw) -> Route:
    return Route("landlord", url=url, other=other, permissions=tuple(permissions), **kw)


def council(roles=None, url=None, **kw) -> Route:
    return Route("council", url=url, roles=roles, **kw)


PUBLIC = Route("public")


def token(permissions=(), url=None, other=None, **kw) -> Route:
    """An API route: a bearer token of the organisation with these permissions (tests/security/test_api_matrix.py)."""
    return Route("token", url=url, other=other, permissions=tuple(permissions), **kw)


def _api_token_url(suffix: str, whose: str = "api_token") -> UrlBuilder:
    return lambda w: f"/api-tokens/{w[whose].id}{suffix}"


def _team_url(suffix: str, whose: str = "viewer") -> UrlBuilder:
    return lambda w: f"/team/{w[whose].id}{suffix}"


def _rent_change_url(suffix: str, whose: str = "rent_change") -> UrlBuilder:
    return lambda w: f"/rent-changes/{w[whose].reference}{suffix}"

ROUTES: dict[str, Route] = {
    # Public: sign-in, registration, recovery, static pages.
    "static": PUBLIC,
    "brand.stylesheet": PUBLIC,
    "pages.healthz": PUBLIC,
    "pages.accessibility": PUBLIC,
    "pages.privacy": PUBLIC,
    "pages.cookies": PUBLIC,
    "pages.help": PUBLIC,
    "pages.contact": PUBLIC,
    "auth.sign_in": PUBLIC,
    "auth.key": PUBLIC,
    "auth.new_key": PUBLIC,
    "auth.sign_out": PUBLIC,
    "auth.keep_alive": PUBLIC,
    "auth.activate": Route("public", url=lambda w: f"/activate/{w['activation_token']}"),
    "auth.confirm_mobile": PUBLIC,
    "auth.new_mobile_code": PUBLIC,
    "auth.forgotten_username": PUBLIC,
    "auth.forgotten_password": PUBLIC,
    "auth.check_email": PUBLIC,
    "auth.reset_password": Route("public", url=lambda w: f"/reset-password/{w['reset_token']}"),
    "admin_auth.sign_in": PUBLIC,
    "admin_auth.code": PUBLIC,
    "admin_auth.key": PUBLIC,
    "admin_auth.set_up_app": PUBLIC,
    "admin_auth.use_email": PUBLIC,
    "register.start": PUBLIC,
    "register.done": PUBLIC,
    # Landlord pages: each scoped to the signed-in user's landlord.
    "dashboard.index": landlord(council_gets=303, notes="/ is everyone's home: a council user's is /admin"),
    "payments.index": landlord(["view_payments"]),
    "payments.show": landlord(["view_payments"], lambda w: f"/payments/{w['payment'].id}",
                              lambda w: f"/payments/{w['other_payment'].id}"),
    "payments.export": landlord(["export_payments"]),
    "payments.export_lines": landlord(["export_payments"]),
    "payments.export_breakdown": landlord(["export_payments"], lambda w: f"/payments/{w['payment'].id}.csv",
                                          lambda w: f"/payments/{w['other_payment'].id}.csv"),
    "overpayments.index": landlord(["view_payments"]),
    "overpayments.export": landlord(["view_payments", "export_payments"]),
    "claims.index": landlord(["view_claims"], lambda w: "/claims?surname=Smith"),
    "claims.export": landlord(["view_claims"], lambda w: "/claims.csv?surname=Smith"),
    "claims.show": landlord(["view_claims"], lambda w: f"/claims/{w['claim'].reference}",
                            lambda w: f"/claims/{w['other_claim'].reference}"),
    "claims.entitlements": landlord(["view_claims"], lambda w: f"/claims/{w['claim'].reference}/entitlements",
                                    lambda w: f"/claims/{w['other_claim'].reference}/entitlements"),
    "claims.entitlements_csv": landlord(["view_claims"], lambda w: f"/claims/{w['claim'].reference}/entitlements.csv",
                                        lambda w: f"/claims/{w['other_claim'].reference}/entitlements.csv"),
    "claims.payments": landlord(["view_claims"], lambda w: f"/claims/{w['claim'].reference}/payments",
                                lambda w: f"/claims/{w['other_claim'].reference}/payments"),
    "claims.payments_csv": landlord(["view_claims"], lambda w: f"/claims/{w['claim'].reference}/payments.csv",
                                    lambda w: f"/claims/{w['other_claim'].reference}/payments.csv"),
    "claims.letters": landlord(["view_claims", "view_letters"], lambda w: f"/claims/{w['claim'].reference}/letters",
                               lambda w: f"/claims/{w['other_claim'].reference}/letters"),
    "claims.letters_csv": landlord(["view_claims", "view_letters"],
                                   lambda w: f"/claims/{w['claim'].reference}/letters.csv",
                                   lambda w: f"/claims/{w['other_claim'].reference}/letters.csv"),
    "letters.index": landlord(["view_letters"]),
    "letters.export": landlord(["view_letters"]),
    "letters.open_letter": landlord(["view_letters"], lambda w: f"/letters/{w['letter'].id}",
                                    lambda w: f"/letters/{w['other_letter'].id}"),
    "changes.report": landlord(["report_changes"], lambda w: f"/claims/{w['claim'].reference}/report-change",
                               lambda w: f"/claims/{w['other_claim'].reference}/report-change"),
    "changes.index": landlord(["report_changes"]),
    "changes.export": landlord(["report_changes"]),
    "changes.show": landlord(["report_changes"], lambda w: f"/changes/{w['change'].reference}",
                             lambda w: f"/changes/{w['other_change'].reference}"),
    # Rent changes in bulk: the organisation's own files; another organisation's file is not found.
    "rent_changes.index": landlord(["bulk_update_rents"]),
    "rent_changes.upload": landlord(["bulk_update_rents"]),
    "rent_changes.template": landlord(["bulk_update_rents"]),
    **{f"rent_changes.{verb}": landlord(["bulk_update_rents"], _rent_change_url(suffix),
                                        _rent_change_url(suffix, "other_rent_change"))
       for verb, suffix in (("show", ""), ("submit", "/submit"), ("discard", "/discard"))},
    # The to-do list: requests on the organisation's claims; another organisation's request is not found.
    "tasks.index": landlord(["provide_tenancy_details"]),
    "tasks.show": landlord(["provide_tenancy_details"], lambda w: f"/to-do/{w['task'].reference}",
                           lambda w: f"/to-do/{w['other_task'].reference}"),
    # Properties: of the organisation's accounts; another organisation's property is not found.
    "properties.index": landlord(["view_claims"]),
    "properties.export": landlord(["view_claims"]),
    "properties.show": landlord(["view_claims"], lambda w: f"/properties/{w['property'].id}",
                                lambda w: f"/properties/{w['other_property'].id}"),
    **{f"properties.{verb}": landlord(["manage_properties"], lambda w, s=suffix: f"/properties/{w['property'].id}{s}",
                                      lambda w, s=suffix: f"/properties/{w['other_property'].id}{s}")
       for verb, suffix in (("details", "/details"), ("no_longer_owned", "/no-longer-owned"))},
    # Team: the organisation's own users; another organisation's user is not found.
    "team.index": landlord(["manage_users"]),
    "team.invite": landlord(["manage_users"]),
    "team.activity": landlord(["manage_users"]),
    "team.activity_csv": landlord(["manage_users"]),
    "team.export": landlord(["manage_users"]),
    **{f"team.{verb}": landlord(["manage_users"], _team_url(suffix), _team_url(suffix, "other"))
       for verb, suffix in (("show", ""), ("cancel", "/cancel"), ("deactivate", "/deactivate"),
                            ("resend", "/resend"), ("reset_mobile", "/reset-mobile"), ("unlock", "/unlock"))},
    # API tokens: the organisation's own; another organisation's token is not found.
    "api_tokens.index": landlord(["manage_api"]),
    "api_tokens.new": landlord(["manage_api"]),
    "api_tokens.created": landlord(["manage_api"], _api_token_url("/created"), _api_token_url("/created", "other_api_token")),
    "api_tokens.revoke": landlord(["manage_api"], _api_token_url("/revoke"), _api_token_url("/revoke", "other_api_token")),
    # The remittance API: a bearer token of the organisation; another organisation's object is not found.
    "api.openapi_json": PUBLIC,
    "api.docs": PUBLIC,
    "api.status": token(),
    "api.accounts": token(["view_payments"]),
    "api.payments": token(["view_payments"]),
    "api.payment": token(["view_payments"], lambda w: f"/api/v1/payments/{w['payment'].id}",
                         lambda w: f"/api/v1/payments/{w['other_payment'].id}"),
    "api.claims": token(["view_claims"], lambda w: "/api/v1/claims?surname=Smith"),
    "api.claim": token(["view_claims"], lambda w: f"/api/v1/claims/{w['claim'].reference}",
                       lambda w: f"/api/v1/claims/{w['other_claim'].reference}"),
    "api.letters": token(["view_letters"]),
    "api.letter": token(["view_letters"], lambda w: f"/api/v1/letters/{w['letter'].id}",
                        lambda w: f"/api/v1/letters/{w['other_letter'].id}"),
    "api.letter_pdf": token(["view_letters"], lambda w: f"/api/v1/letters/{w['letter'].id}/pdf",
                            lambda w: f"/api/v1/letters/{w['other_letter'].id}/pdf"),
    # My profile: any signed-in user, landlord or council.
    "profile.show": Route("signed-in", council_gets=200),
    "profile.email": Route("signed-in", council_gets=200),
    "profile.confirm_email": Route("signed-in", url=lambda w: f"/profile/email/confirm/{w['email_token']}",
                                   council_gets=404, notes="the link is the lead's: anyone else gets 404"),
    "profile.mobile": Route("signed-in", council_gets=200),
    "profile.confirm_mobile": Route("signed-in", ok=303, council_gets=303, notes="no number to confirm: back"),
    "profile.keys": Route("signed-in", council_gets=404, notes="council users use an authenticator app"),
    "profile.alerts": Route("signed-in", permissions=("view_letters",), council_gets=403),
    "profile.password": Route("signed-in", council_gets=200),
    "profile.secure_account": Route("signed-in", council_gets=200),
    # The council console: council users only; a landlord never learns it exists (404).
    "admin.overview": council(("officer", "data")),
    "admin.audit": council(("officer",)),
    "admin.audit_csv": council(("officer",)),
    "admin.changes": council(("officer",)),
    "admin.change": council(("officer",), lambda w: f"/admin/changes/{w['change'].id}"),
    "admin.imports": council(("data",)),
    "admin.upload_extract": council(("data",)),
    "admin.import_batch": council(("data",), lambda w: f"/admin/imports/{w['batch'].id}"),
    "admin.landlords": council(("officer",)),
    "admin.landlord": council(("officer",), lambda w: f"/admin/landlords/{w['landlord'].id}"),
    "admin.link_account": council(("officer",), lambda w: f"/admin/landlords/{w['landlord'].id}/accounts"),
    "admin.landlord_invitations": council(("officer",), lambda w: f"/admin/landlords/{w['landlord'].id}/invitations"),
    "admin.landlord_user_action": council(
        ("officer",), lambda w: f"/admin/landlords/{w['landlord'].id}/users/{w['viewer'].id}/unlock"),
    "admin.deactivate_landlord_user": council(
        ("officer",), lambda w: f"/admin/landlords/{w['landlord'].id}/users/{w['viewer'].id}/deactivate"),
    "admin.messages": council(("officer",)),
    "admin.new_message": council(("officer",)),
    "admin.edit_message": council(("officer",), lambda w: f"/admin/messages/{w['message'].id}"),
    "admin.end_message": council(("officer",), lambda w: f"/admin/messages/{w['message'].id}/end"),
    "admin.users": council(()),
    "admin.invite_user": council(()),
    "admin.council_user": council((), lambda w: f"/admin/users/{w['council'].id}"),
    "admin.deactivate_council_user": council((), lambda w: f"/admin/users/{w['council'].id}/deactivate"),
    "admin.reset_authenticator": council((), lambda w: f"/admin/users/{w['council'].id}/reset-authenticator"),
    "admin.change_role": council((), lambda w: f"/admin/users/{w['council'].id}/role"),
    "admin.api_tokens": council(("officer",)),
    "admin.revoke_api_token": council(("officer",), lambda w: f"/admin/api-tokens/{w['api_token'].id}/revoke"),
    "admin.rent_changes": council(("officer",)),
    "admin.rent_change_schedule": council(("officer",)),
    "admin.rent_change": council(("officer",), lambda w: f"/admin/rent-changes/{w['rent_change'].id}"),
    "admin.process_rent_change": council(("officer",), lambda w: f"/admin/rent-changes/{w['rent_change'].id}/processed"),
    "admin.tasks": council(("officer",)),
    "admin.task_answers": council(("officer",)),
    "admin.new_task": council(("officer",)),
    "admin.task": council(("officer",), lambda w: f"/admin/requests/{w['task'].id}"),
    "admin.process_task": council(("officer",), lambda w: f"/admin/requests/{w['task'].id}/processed"),
    "admin.registrations": council(("officer",)),
    "admin.registration": council(("officer",), lambda w: f"/admin/registrations/{w['registration'].id}"),
    "admin.approve_registration": council(("officer",), lambda w: f"/admin/registrations/{w['registration'].id}/approve"),
    "admin.reject_registration": council(("officer",), lambda w: f"/admin/registrations/{w['registration'].id}/reject"),
    "admin.add_registrant_to_owner": council(("officer",), lambda w: f"/admin/registrations/{w['registration'].id}/add-to-organisation"),
}


def rule_url(app, endpoint: str) -> str:
    (rule,) = [r for r in app.url_map.iter_rules() if r.endpoint == endpoint]
    assert "<" not in rule.rule, f"{endpoint} has arguments: give its Route a url builder"
    return rule.rule


def example_url(app, endpoint: str, world: World) -> str:
    route = ROUTES[endpoint]
    return route.url(world) if route.url else rule_url(app, endpoint)


def methods(app, endpoint: str) -> set[str]:
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == endpoint:
            found |= set(rule.methods or ()) - {"HEAD", "OPTIONS"}
    return found
