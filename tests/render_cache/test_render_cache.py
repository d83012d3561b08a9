"""Repeat views kept until the next load (lp/render_cache.py): never another landlord's data, never a
stale page after a load or a council change, never one session's token or time-out in another's page,
and never a view without its audit event."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select, update

from lp.imports import derived
from lp.models import AuditEvent, Claim, ImportBatch, Message, User, UserSession
from lp.models.base import utcnow
from lp.render_cache import CSRF_TOKEN, MAX_BYTES, SESSION_SECONDS_LEFT, Store
from tests import factories as f
from tests.conftest import parse_page

TAB = {"HX-Request": "true", "HX-Target": "claim-tab"}


@pytest.fixture(autouse=True)
def kept(app):
    """The store on, as in production (tests have it off: factories change rows without a load)."""
    app.config["LP_RENDER_CACHE_BYTES"] = MAX_BYTES


@pytest.fixture
def claim(db, landlord_world):
    made = f.make_claim(landlord_world["account"], reference="HB100", first_name="Aisha", surname="Khan")
    f.make_entitlement(made)
    db.session.commit()
    return made


def rename(db, claim, first_name: str) -> None:
    """Change a claim as only a load would, but without recording one: a kept page does not see it."""
    db.session.execute(update(Claim).where(Claim.id == claim.id).values(tenant_first_name=first_name))
    db.session.commit()


def load(db) -> None:
    db.session.add(ImportBatch(source="extract.zip", checksum="0" * 64, status="loaded", run_by="test"))
    db.session.commit()


def views_of(db, reference: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.object_type == "claim", AuditEvent.object_ref == reference))


def test_a_repeat_view_is_kept_until_the_next_load_and_audited_every_time(db, lead_client, claim, landlord_world):
    assert parse_page(lead_client.get("/claims/HB100")).text("h1") == "Aisha Khan"
    rename(db, claim, "Amira")
    assert parse_page(lead_client.get("/claims/HB100")).text("h1") == "Aisha Khan"  # kept
    load(db)
    assert parse_page(lead_client.get("/claims/HB100")).text("h1") == "Amira Khan"
    assert views_of(db, "HB100") == 3
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.object_ref == "HB100")).all()[1]
    assert (event.user_id, event.landlord_id, event.detail) == (
        landlord_world["lead"].id, landlord_world["landlord"].id, "entitlements")


def test_another_landlord_never_gets_a_kept_page(db, lead_client, other_client, claim, landlord_world):
    f.make_claim(landlord_world["other_account"], reference="HB900", surname="Khan")
    payment = f.make_payment(landlord_world["account"], lines=[(claim, 9850, 0, 0)])
    db.session.commit()
    for url in ("/claims?surname=Khan", "/claims/HB100", f"/payments/{payment.id}", "/"):
        lead_client.get(url)
        lead_client.get(url)
    theirs = parse_page(other_client.get("/claims?surname=Khan"))
    assert "HB900" in theirs.text("main") and "HB100" not in theirs.text("main")
    assert other_client.get("/claims/HB100").status_code == 404
    assert other_client.get(f"/payments/{payment.id}").status_code == 404
    dashboard = parse_page(other_client.get("/"))
    assert dashboard.text("h1") == "Other Lettings Ltd" and "9998" not in dashboard.text("#accounts")


def test_the_same_landlords_users_each_get_their_own_page(db, app, lead_client, claim, landlord_world, sign_in):
    colleague = f.make_user(landlord_world["landlord"], username="colleague", is_lead=True)
    db.session.commit()
    lead_client.get("/claims/HB100")
    rename(db, claim, "Amira")
    # Same organisation, same permissions, same URL: rendered for them, not served from the lead's.
    assert parse_page(sign_in(app.test_client(), colleague).get("/claims/HB100")).text("h1") == "Amira Khan"


def test_narrowed_permissions_are_refused_or_see_less_at_once(db, lead_client, claim, landlord_world):
    f.make_letter(claim)
    db.session.commit()
    assert parse_page(lead_client.get("/")).select_one("#unread-letters")
    lead_client.get("/claims/HB100")
    lead = db.session.get(User, landlord_world["lead"].id)
    lead.is_lead = False
    lead.set_permissions(["view_payments"])
    db.session.commit()
    assert lead_client.get("/claims/HB100").status_code == 403
    dashboard = parse_page(lead_client.get("/"))
    assert dashboard.select_one("#accounts") and not dashboard.select_one("#unread-letters")
    assert not dashboard.select_one("#suspended-claims")


def test_a_deactivated_user_gets_nothing_kept(db, lead_client, claim, landlord_world):
    lead_client.get("/claims/HB100")
    db.session.execute(update(User).where(User.id == landlord_world["lead"].id).values(status="deactivated"))
    db.session.commit()
    response = lead_client.get("/claims/HB100")
    assert response.status_code in (302, 303) and "/sign-in" in response.headers["Location"]
    assert "Khan" not in response.get_data(as_text=True)


def test_a_signed_out_session_gets_nothing_kept(db, lead_client, claim):
    lead_client.get("/claims/HB100")
    db.session.execute(update(UserSession).values(revoked_at=utcnow()))
    db.session.commit()
    assert "Khan" not in lead_client.get("/claims/HB100").get_data(as_text=True)


def test_an_account_the_council_links_shows_at_once(db, lead_client, landlord_world):
    unlinked = f.make_account(None, reference="5555")
    f.make_claim(unlinked, reference="HB555", surname="Jones")
    db.session.commit()
    assert "HB555" not in parse_page(lead_client.get("/claims?surname=Jones")).text("main")
    unlinked.landlord_id = landlord_world["landlord"].id  # as lp/admin/landlords/services.link_account does
    derived.account_linked(db.session.connection(), [unlinked.id])
    db.session.commit()
    assert "HB555" in parse_page(lead_client.get("/claims?surname=Jones")).text("main")
    assert "5555" in parse_page(lead_client.get("/")).text("#accounts")


def test_a_council_message_shows_on_the_dashboard_at_once(db, lead_client, landlord_world):
    lead_client.get("/")
    db.session.add(Message(body="Offices closed on Friday", starts_on=date.today(), ends_on=date.today()))
    db.session.commit()
    assert "Offices closed on Friday" in parse_page(lead_client.get("/")).text("main")


def test_a_letter_read_leaves_the_unread_count_at_once(db, lead_client, claim):
    letter = f.make_letter(claim)
    db.session.commit()
    assert parse_page(lead_client.get("/")).text("#unread-letters").startswith("1 unread")
    assert lead_client.get(f"/letters/{letter.id}").status_code == 200
    assert parse_page(lead_client.get("/")).text("#unread-letters").startswith("0 unread")


def test_a_fragment_and_its_page_are_kept_apart(lead_client, claim):
    page = parse_page(lead_client.get("/claims/HB100/entitlements"))
    fragment = lead_client.get("/claims/HB100/entitlements", headers=TAB).get_data(as_text=True)
    assert page.select_one("header") and "<header" not in fragment and 'id="claim-tab"' in fragment
    again = lead_client.get("/claims/HB100/entitlements", headers=TAB).get_data(as_text=True)
    assert again == fragment
    assert parse_page(lead_client.get("/claims/HB100/entitlements")).select_one("header")


def _token_of(app, client, page) -> str:
    token = page.select_one("#header-sign-out input[name=csrf_token]")["value"]
    with client.session_transaction() as stored:
        secret = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="wtf-csrf-token").loads(token)
        assert secret == stored["csrf_token"]  # the token is this session's
    return token


def test_each_session_gets_its_own_csrf_token_and_time_out(db, app, lead_client, claim, landlord_world, sign_in):
    first = parse_page(lead_client.get("/claims/HB100"))
    second_client = sign_in(app.test_client(), landlord_world["lead"])  # the same user, another browser
    # Their session has been idle for 50 seconds (a request touches it after a minute): its notice says
    # so, whatever the kept page said.
    db.session.execute(update(UserSession).where(UserSession.id != _session_id(lead_client))
                       .values(last_seen_at=utcnow() - timedelta(seconds=50)))
    db.session.commit()
    second = parse_page(second_client.get("/claims/HB100"))
    assert "<lp-kept" not in str(second.soup) and "lp-kept" not in second.response.get_data(as_text=True)
    assert _token_of(app, lead_client, first) != _token_of(app, second_client, second)
    first_left = int(first.select_one("#session-notice")["data-lp-seconds-left"])
    second_left = int(second.select_one("#session-notice")["data-lp-seconds-left"])
    assert first_left > 29 * 60 + 50 and 29 * 60 < second_left <= 29 * 60 + 15


def _session_id(client) -> str:
    import hashlib

    with client.session_transaction() as stored:
        return hashlib.sha256(stored["sid"].encode()).hexdigest()


def test_a_flashed_message_is_shown_once_and_never_kept(lead_client, claim):
    lead_client.get("/claims/HB100")
    with lead_client.session_transaction() as stored:
        stored["_flashes"] = [("success", "Your change report has been sent")]
    assert "Your change report has been sent" in parse_page(lead_client.get("/claims/HB100")).text("main")
    assert "Your change report has been sent" not in parse_page(lead_client.get("/claims/HB100")).text("main")


def test_a_kept_answer_has_the_headers_of_a_fresh_one(lead_client, claim):
    lead_client.get("/claims")  # the session's first page sets its CSRF secret (a Set-Cookie, kept or not)
    for headers in ({}, {"Accept-Encoding": "br, gzip"}, TAB):
        fresh, kept = (lead_client.get("/claims/HB100", headers=headers) for _ in range(2))
        assert fresh.status_code == kept.status_code == 200
        assert dict(fresh.headers) == dict(kept.headers)
        assert fresh.headers["Cache-Control"] == "no-store" and "HX-Request" in fresh.headers["Vary"]


def test_the_store_is_bounded_in_bytes():
    from lp.render_cache import Kept

    store = Store(max_bytes=10_000)
    for n in range(20):
        store.put((n,), Kept("x" * 1000, []))
    assert store.bytes <= 10_000 and store.get((19,)) and store.get((0,)) is None
    store.put(("huge",), Kept("x" * 5000, []))  # over an eighth of the store: not kept
    assert store.get(("huge",)) is None


def test_the_view_audit_selects_nothing_again(db, app, lead_client, claim):
    """record_view writes after the page is rendered, and its commit expires nothing the page reads again
    (issue 14: the claim, the user and the session were each selected twice)."""
    from sqlalchemy import event

    app.config["LP_RENDER_CACHE_BYTES"] = 0
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        lead_client.get("/claims/HB100")
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    by_id = [where for s in statements for where in ("claim.id = ", "user_account.id = ", "user_session.id = ")
             if f"WHERE {where}" in s]
    # The session and the user at most once each (the user loader); the claim was found by its reference.
    assert len(by_id) == len(set(by_id)) and "claim.id = " not in by_id
    written = [s for s in statements if not s.startswith(("RELEASE", "SAVEPOINT", "COMMIT"))][-1]
    assert written.startswith("INSERT INTO audit_event") and views_of(db, "HB100") == 1


def test_no_csrf_token_or_time_is_kept_in_the_store(db, app, lead_client, claim):
    page = parse_page(lead_client.get("/claims/HB100"))
    token = page.select_one("#header-sign-out input[name=csrf_token]")["value"]
    (kept,) = app.extensions["lp_render_cache"]._pages.values()
    assert token not in kept.body and str(CSRF_TOKEN) in kept.body and str(SESSION_SECONDS_LEFT) in kept.body
    (event,) = db.session.scalars(select(AuditEvent).where(AuditEvent.object_ref == "HB100"))
    assert kept.events == [{"action": event.action, "object_type": "claim", "object_ref": "HB100",
                            "detail": "entitlements", "landlord_id": None}]


@pytest.mark.parametrize("kept_before", [False, True])
def test_a_view_whose_event_cannot_be_written_is_not_answered(db, app, lead_client, claim, monkeypatch, kept_before):
    from sqlalchemy.exc import OperationalError

    from lp import audit

    app.config["PROPAGATE_EXCEPTIONS"] = False  # the answer a user would get, not the test's traceback
    if kept_before:
        lead_client.get("/claims/HB100")

    def fails(_events):
        raise OperationalError("INSERT INTO audit_event", {}, Exception("disk I/O error"))

    monkeypatch.setattr(audit, "_write", fails)
    response = lead_client.get("/claims/HB100")
    assert response.status_code >= 500 and "Khan" not in response.get_data(as_text=True)


def test_a_letter_read_leaves_the_unread_letters_at_once(db, lead_client, other_client, claim, landlord_world):
    letter = f.make_letter(claim)
    f.make_letter(f.make_claim(landlord_world["other_account"], reference="HB900"))
    db.session.commit()
    assert "HB100" in parse_page(lead_client.get("/letters?unread=1")).text("#letter-results")
    theirs = parse_page(other_client.get("/letters?unread=1")).text("#letter-results")
    assert "HB900" in theirs and "HB100" not in theirs
    lead_client.get(f"/letters/{letter.id}")
    assert "HB100" not in parse_page(lead_client.get("/letters?unread=1")).text("#letter-results")


def test_a_request_raised_or_answered_shows_on_the_dashboard_at_once(db, lead_client, claim):
    from lp.models import Task

    assert not parse_page(lead_client.get("/")).select_one("#overdue-requests")
    task = f.make_task(claim, due_on=date.today() - timedelta(days=1))
    db.session.commit()
    assert "1 overdue request from the council" in parse_page(lead_client.get("/")).text("#overdue-requests")
    db.session.execute(update(Task).where(Task.id == task.id).values(answered_at=utcnow()))
    db.session.commit()
    assert not parse_page(lead_client.get("/")).select_one("#overdue-requests")
