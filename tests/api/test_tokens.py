"""API tokens: made by a user with "Manage API access", shown once, kept hashed, listed with their
last use, revoked at once by the organisation or the council."""
from __future__ import annotations

import hashlib

from sqlalchemy import select

from lp.models import ApiToken, AuditEvent
from tests import factories as f
from tests.conftest import parse_page

NEW = {"name": "Rent accounts nightly", "permissions": ["view_payments", "view_claims"], "lifetime": "90"}


def _make(client, **changes):
    """Fill in and send the form as a browser does (the form's one-time value included)."""
    once = parse_page(client.get("/api-tokens/new")).select_one("input[name=once]")["value"]
    return client.post("/api-tokens/new", data={**NEW, "once": once, **changes})


def _secret(client) -> str:
    return parse_page(_make(client)).text("#api-token-secret")


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(db, app, lead_client, landlord_world):
    form = parse_page(lead_client.get("/api-tokens/new")).select_one("input[name=once]")["value"]
    response = lead_client.post("/api-tokens/new", data={**NEW, "once": form})
    shown = parse_page(response)
    secret = shown.text("#api-token-secret")
    assert secret.startswith("lp_") and len(secret) > 40
    assert "It will not be shown again" in shown.text()
    # Shown in the answer to the POST, kept by no cache, and never put in the (signed, readable) cookie.
    assert response.headers["Cache-Control"] == "no-store"
    session = app.session_interface.get_signing_serializer(app).loads(lead_client.get_cookie("lp_session").value)
    assert secret not in str(response.headers) and secret not in str(session)
    # A reload sends the same form again: no second token, and the secret is not shown again.
    reload = lead_client.post("/api-tokens/new", data={**NEW, "once": form})
    again = parse_page(lead_client.get(reload.location))
    assert "cannot be shown again" in again.text() and secret not in again.response.get_data(as_text=True)
    assert len(db.session.scalars(select(ApiToken)).all()) == 1
    token = db.session.scalar(select(ApiToken))
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in (token.hint, token.name, token.permissions)
    assert token.permission_set == {"view_payments", "view_claims"}
    assert 89 <= (token.expires_at - token.created_at).days <= 90
    assert app.test_client().get("/api/v1/payments", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.object_type == "api_token")) == "api_token.created"


def test_the_list_shows_each_token_with_its_last_use_and_revoking_refuses_it_at_once(db, app, lead_client):
    secret = _secret(lead_client)
    listed = parse_page(lead_client.get("/api-tokens")).text("#api-tokens")
    assert "Rent accounts nightly" in listed and "Never" in listed and "Live" in listed
    assert "Payments, with each tenant's share; Claims and their entitlements" in listed
    app.test_client().get("/api/v1/accounts", headers={"Authorization": f"Bearer {secret}"})
    assert "Never" not in parse_page(lead_client.get("/api-tokens")).text("#api-tokens")
    token = db.session.scalar(select(ApiToken))
    revoked = lead_client.post(f"/api-tokens/{token.id}/revoke", follow_redirects=True)
    assert "has been revoked" in parse_page(revoked).text()
    assert "Revoked" in parse_page(lead_client.get("/api-tokens")).text("#api-tokens")
    refused = app.test_client().get("/api/v1/accounts", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status_code == 401 and "revoked" in refused.get_json(force=True)["title"]


def test_the_form_says_what_is_missing_and_keeps_what_was_typed(db, lead_client):
    page = parse_page(_make(lead_client, name="", permissions=[], lifetime="999"))
    summary = page.text(".govuk-error-summary")
    assert "Enter a name for the token" in summary
    assert "Select what data the token can read" in summary
    assert "Select when the token expires" in summary
    assert page.title.startswith("Error:")
    typed = parse_page(_make(lead_client, permissions=[]))
    assert typed.select_one("#name")["value"] == "Rent accounts nightly"
    assert db.session.scalar(select(ApiToken)) is None


def test_a_user_can_give_a_token_only_what_they_can_see(db, app, sign_in, landlord_world):
    manager = f.make_user(landlord_world["landlord"], username="api-manager", permissions=["manage_api", "view_claims"])
    db.session.commit()
    client = sign_in(app.test_client(), manager)
    form = parse_page(client.get("/api-tokens/new"))
    assert [box["value"] for box in form.select("input[name=permissions]")] == ["view_claims"]
    refused = parse_page(_make(client, permissions=["view_claims", "view_payments"]))
    assert "Select data that you can see yourself" in refused.text(".govuk-error-summary")
    assert db.session.scalar(select(ApiToken)) is None


def test_another_organisations_token_cannot_be_seen_or_revoked(db, lead_client, other_client):
    _make(other_client)
    theirs = db.session.scalar(select(ApiToken))
    assert "Rent accounts nightly" not in parse_page(lead_client.get("/api-tokens")).text()
    assert lead_client.post(f"/api-tokens/{theirs.id}/revoke").status_code == 404
    db.session.expire_all()
    assert db.session.get(ApiToken, theirs.id).revoked_at is None


def test_the_council_sees_every_organisations_tokens_and_revokes_one(db, app, lead_client, council_client,
                                                                     landlord_world):
    secret = _secret(lead_client)
    page = parse_page(council_client.get("/admin/api-tokens"))
    listed = page.text("#api-tokens")
    assert "Northgate Housing Association" in listed and "Rent accounts nightly" in listed and "Live" in listed
    assert secret not in page.response.get_data(as_text=True)
    token = db.session.scalar(select(ApiToken))
    done = parse_page(council_client.post(f"/admin/api-tokens/{token.id}/revoke", follow_redirects=True))
    assert "has been revoked" in done.text()
    assert app.test_client().get("/api/v1/status", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "api_token.revoked"))
    assert (event.user_id, event.landlord_id) == (landlord_world["council"].id, landlord_world["landlord"].id)
