"""What the idle-timeout warning (static/src/timeout.js) is given by the server: the seconds left on
each signed-in page, the dialog (closed until the script opens it), and "Stay signed in" as JSON."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from lp.models import UserSession
from lp.models.base import utcnow
from tests.conftest import parse_page


def test_each_signed_in_page_says_how_long_is_left_and_carries_the_closed_dialog(db, lead_client):
    db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=10)))
    db.session.commit()
    page = parse_page(lead_client.get("/accessibility"))
    notice = page.select_one("#session-notice")
    assert 1190 <= int(notice["data-lp-seconds-left"]) <= 1800  # this request restarted the idle clock
    assert notice["data-lp-warning-seconds"] == "120"
    dialog = page.select_one("dialog#timeout-warning")
    assert not dialog.has_attr("open")  # shown only by the script: without it the notice is all there is
    assert page.text("#timeout-heading") == "You’re about to be signed out"
    assert page.select_one("#timeout-announce")["aria-live"] == "assertive"
    assert dialog.select_one("button[form=header-sign-out]").get_text(strip=True) == "Sign out"


def test_stay_signed_in_from_the_dialog_restarts_the_clock_and_answers_the_time_left(db, lead_client):
    db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=29)))
    db.session.commit()
    response = lead_client.get("/session/keep-alive?next=/payments", headers={"X-LP-Keep-Alive": "1"})
    assert response.status_code == 200
    assert response.json["session_seconds_left"] > 29 * 60
    assert len(response.json["session_ends_at"]) == 5  # HH:MM for the notice under the page
    assert "no-store" in response.headers["Cache-Control"]


def test_stay_signed_in_after_the_end_sends_the_script_to_sign_in(client, db):
    response = client.get("/session/keep-alive?next=/payments", headers={"X-LP-Keep-Alive": "1"})
    assert response.status_code == 303 and response.location == "/sign-in"
