"""Session time-outs, the 'Stay signed in' link, and the server-side end of sessions."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from lp.models import UserSession
from lp.models.base import utcnow


def _age_session(db, **delta):
    db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(**delta)))
    db.session.commit()


def test_a_landlord_session_ends_after_30_idle_minutes(db, lead_client, landlord_world):
    _age_session(db, minutes=29)
    assert lead_client.get("/session/keep-alive?next=/accessibility").location == "/accessibility"
    _age_session(db, minutes=31)
    assert lead_client.get("/session/keep-alive?next=/accessibility").location == "/sign-in"
    assert db.session.scalar(select(UserSession)).revoked_at is not None


def test_a_council_session_ends_after_15_idle_minutes(db, council_client):
    _age_session(db, minutes=16)
    assert council_client.get("/session/keep-alive?next=/accessibility").location == "/sign-in"


def test_no_session_lasts_more_than_8_hours(db, lead_client):
    db.session.execute(update(UserSession).values(created_at=utcnow() - timedelta(hours=8, minutes=1)))
    db.session.commit()
    assert lead_client.get("/session/keep-alive?next=/accessibility").location == "/sign-in"


def test_signed_in_pages_warn_before_the_end_with_a_plain_stay_signed_in_link(db, lead_client, get_page):
    _age_session(db, minutes=20)
    page = get_page("/accessibility", headers={})  # signed out: no notice
    assert page.select_one("#session-notice") is None

    from tests.conftest import parse_page

    page = parse_page(lead_client.get("/accessibility"))
    link = page.select_one("#session-notice a")
    assert "we will sign you out at" in page.text("#session-notice")
    assert link["href"] == "/session/keep-alive?next=/accessibility"

    before = db.session.scalar(select(UserSession.last_seen_at))
    assert lead_client.get(link["href"]).location == "/accessibility"
    db.session.expire_all()
    assert db.session.scalar(select(UserSession.last_seen_at)) > before


def test_keep_alive_never_sends_people_off_site(lead_client):
    assert lead_client.get("/session/keep-alive?next=//evil.example").location == "/"
