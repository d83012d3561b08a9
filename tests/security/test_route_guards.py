"""Every route is classified: public, or guarded for landlords, council users or any signed-in user.

A new route that forgets its guard fails here. The guard is either the view's @public marker, or a
blueprint-wide before_request guard from lp/access.py; landlord and council views also say what
they need (@needs / @needs_role) unless listed below as open to every user of their kind.
"""
from __future__ import annotations

from lp import access
from lp.api.auth import require_token

GUARDS = {access.require_landlord: "landlord", access.require_council: "council", access.require_signed_in: "signed-in",
          require_token: "token"}
# Flask's own static route is not ours; whitenoise serves built assets outside the url map.
IGNORED = {"static"}


def classify(app, endpoint: str) -> str | None:
    view = app.view_functions[endpoint]
    if getattr(view, "lp_public", False):
        return "public"
    blueprint = endpoint.rsplit(".", 1)[0] if "." in endpoint else None
    for guard in app.before_request_funcs.get(blueprint, []):
        if guard in GUARDS:
            return GUARDS[guard]
    return None


def test_every_route_is_public_or_guarded(app):
    unclassified = sorted(
        f"{rule.rule} ({rule.endpoint})"
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in IGNORED and classify(app, rule.endpoint) is None
    )
    assert unclassified == [], "routes with no guard: " + ", ".join(unclassified)


def test_council_routes_live_under_admin(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint not in IGNORED and classify(app, rule.endpoint) == "council":
            assert rule.rule.startswith("/admin"), rule.rule
