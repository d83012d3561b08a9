"""Landlord sign-in: password, then a 6-digit key from the outbox; new session ids; next; sign-out."""
from __future__ import annotations

from sqlalchemy import select

from lp.models import AuditEvent, OneTimeCode, UserSession
from tests import factories as f
from tests.auth.conftest import latest_key, outbox, password_step, post_form, sign_in_fully


def _session_of(app, client) -> dict:
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    return app.session_interface.get_signing_serializer(app).loads(cookie.value) if cookie else {}


def test_password_then_key_signs_in_and_goes_to_next(client, landlord_user, get_page):
    response = post_form(client, "/sign-in?next=/claims?page=2", {"username": "sam.lettings", "password": f.PASSWORD},
                         page="/sign-in?next=/claims?page=2")
    assert response.status_code == 303 and response.location == "/sign-in/key"
    [message] = outbox("sign_in_key", "sam@example.org")
    assert "Your sign-in key is " in message.body

    key = latest_key("sam@example.org")
    response = post_form(client, "/sign-in/key", {"key": f" {key[:3]} {key[3:]} "})  # pasted with spaces
    assert response.status_code == 303, response.get_data(as_text=True)[-3000:]
    assert response.location == "/claims?page=2"
    page = get_page("/accessibility")
    assert "we will sign you out at" in page.text("#session-notice")


def test_key_page_says_where_to_look_and_has_a_one_time_code_field(client, landlord_user, get_page):
    password_step(client, "sam.lettings")
    page = get_page("/sign-in/key")
    field = page.select_one("input#key")
    assert field["autocomplete"] == "one-time-code" and field["inputmode"] == "numeric"
    assert "landlord-portal@anytown.example" in page.text() and "spam" in page.text()
    assert "s•••@example.org" in page.text()


def test_key_page_offers_text_message_when_a_mobile_is_confirmed(client, db, landlord_user, get_page):
    landlord_user.mobile, landlord_user.mobile_confirmed = "+447911123456", True
    db.session.commit()
    password_step(client, "sam.lettings")
    button = get_page("/sign-in/key").select_one('input[name="channel"][value="sms"]')
    assert button is not None
    response = post_form(client, "/sign-in/key/new", {"channel": "sms"}, page="/sign-in/key")
    assert response.status_code == 303
    assert outbox("sign_in_key", "+447911123456")[0].body.startswith("Your sign-in key is ")


def test_a_new_key_is_refused_within_30_seconds(client, landlord_user, clock):
    password_step(client, "sam.lettings")
    post_form(client, "/sign-in/key/new", {"channel": "email"}, page="/sign-in/key")
    assert len(outbox("sign_in_key")) == 1
    clock.move(seconds=31)
    post_form(client, "/sign-in/key/new", {"channel": "email"}, page="/sign-in/key")
    assert len(outbox("sign_in_key")) == 2


def test_next_is_followed_only_to_a_path_on_this_site(client, landlord_user):
    from lp.auth.services import safe_next

    for bad in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)",
                "/\tx", "", None, "claims"):
        assert safe_next(bad, "/") == "/", bad
    assert safe_next("/claims?surname=Smith", "/") == "/claims?surname=Smith"

    page = "/sign-in?next=//evil.example/x"
    post_form(client, page, {"username": "sam.lettings", "password": f.PASSWORD}, page=page)
    assert post_form(client, "/sign-in/key", {"key": latest_key("sam@example.org")}).location == "/"


def test_each_step_gets_a_new_session_id(app, client, landlord_user):
    """Nothing of the cookie before a step survives it: not a planted value, not the CSRF token."""
    with client.session_transaction() as planted:
        planted["planted"] = "by an attacker"
    client.get("/sign-in")
    assert _session_of(app, client).get("csrf_token")
    password_step(client, "sam.lettings")
    during = _session_of(app, client)
    assert set(during) == {"sign_in"} and during["sign_in"]["attempt"]

    client.get("/sign-in/key")
    with client.session_transaction() as before_key:
        before_key["planted"] = "again"
    post_form(client, "/sign-in/key", {"key": latest_key("sam@example.org")})
    after = _session_of(app, client)
    assert after["sid"] and "sign_in" not in after and "planted" not in after and "csrf_token" not in after


def test_a_key_works_once(app, client, landlord_user):
    password_step(client, "sam.lettings")
    key = latest_key("sam@example.org")
    attempt_cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    assert post_form(client, "/sign-in/key", {"key": key}).status_code == 303

    replay = app.test_client()
    replay.set_cookie(app.config["SESSION_COOKIE_NAME"], attempt_cookie)
    response = post_form(replay, "/sign-in/key", {"key": key})
    assert response.status_code == 200 and "The key is not right" in response.get_data(as_text=True)


def test_a_key_expires_after_10_minutes(client, landlord_user, clock):
    password_step(client, "sam.lettings")
    clock.move(minutes=10, seconds=1)
    response = post_form(client, "/sign-in/key", {"key": latest_key("sam@example.org")})
    assert response.status_code == 200 and "The key is not right" in response.get_data(as_text=True)


def test_a_key_still_works_just_before_10_minutes(client, landlord_user, clock):
    password_step(client, "sam.lettings")
    clock.move(minutes=9, seconds=59)
    assert post_form(client, "/sign-in/key", {"key": latest_key("sam@example.org")}).status_code == 303


def test_a_key_is_dead_after_5_wrong_tries(client, landlord_user):
    password_step(client, "sam.lettings")
    key = latest_key("sam@example.org")
    wrong = "000000" if key != "000000" else "111111"
    for _ in range(5):
        assert post_form(client, "/sign-in/key", {"key": wrong}).status_code == 200
    response = post_form(client, "/sign-in/key", {"key": key})
    assert response.status_code == 200 and "The key is not right" in response.get_data(as_text=True)


def test_a_key_is_bound_to_its_sign_in_attempt(app, landlord_user):
    first, second = app.test_client(), app.test_client()
    password_step(first, "sam.lettings")
    key_of_first = latest_key("sam@example.org")
    password_step(second, "sam.lettings")
    response = post_form(second, "/sign-in/key", {"key": key_of_first})
    assert response.status_code == 200


def test_at_most_5_keys_are_live_per_user(app, db, landlord_user):
    from lp.auth import keys

    with app.test_request_context():
        codes = [keys.issue(landlord_user, purpose="sign_in", attempt_id="a", channel="email") for _ in range(7)]
        assert keys.live_count(landlord_user) == 5
        assert keys.spend(landlord_user, purpose="sign_in", attempt_id="a", typed=codes[0]) is None
        assert keys.spend(landlord_user, purpose="sign_in", attempt_id="a", typed=codes[-1]) is not None


def test_keys_are_stored_hashed(app, db, client, landlord_user):
    password_step(client, "sam.lettings")
    key = latest_key("sam@example.org")
    stored = db.session.scalar(select(OneTimeCode))
    assert key not in stored.code_hash and len(stored.code_hash) == 64


def test_key_field_errors_use_govuk_wording(client, landlord_user):
    password_step(client, "sam.lettings")
    assert "Enter the 6-digit key" in post_form(client, "/sign-in/key", {"key": ""}).get_data(as_text=True)
    assert "The key must be 6 digits" in post_form(client, "/sign-in/key", {"key": "12ab"}).get_data(as_text=True)


def test_empty_sign_in_form_says_what_to_enter(client, db):
    html = post_form(client, "/sign-in", {"username": "", "password": ""}).get_data(as_text=True)
    assert "Enter your username" in html and "Enter your password" in html


def test_sign_out_revokes_the_server_session_and_clears_site_data(app, client, db, landlord_user):
    sign_in_fully(client, landlord_user)
    old_cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    response = post_form(client, "/sign-out", {}, page="/accessibility")
    assert response.status_code == 303 and response.location == "/sign-in?signed-out=1"
    assert response.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert db.session.scalar(select(UserSession)).revoked_at is not None

    stolen = app.test_client()
    stolen.set_cookie(app.config["SESSION_COOKIE_NAME"], old_cookie)
    assert stolen.get("/session/keep-alive?next=/accessibility").location == "/sign-in"
    assert "You have signed out" in client.get("/sign-in?signed-out=1").get_data(as_text=True)


def test_sign_out_is_post_only(client):
    assert client.get("/sign-out").status_code == 405


def test_sign_in_events_are_audited_without_secrets(client, db, landlord_user):
    password_step(client, "sam.lettings", "a wrong password")
    sign_in_fully(client, landlord_user)
    events = list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
    actions = [e.action for e in events]
    assert actions == ["sign_in.password_failed", "sign_in.password_ok", "sign_in.key_sent", "sign_in.succeeded"]
    key = latest_key("sam@example.org")
    assert all(key not in (e.detail or "") and f.PASSWORD not in (e.detail or "") for e in events)
    assert all(e.object_ref == str(landlord_user.id) for e in events)
