"""Daily messages: write, change and end them; plain text only; shown on the dashboard and sign-in page."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from lp import horizon
from lp.models import AuditEvent, Message
from tests.conftest import parse_page, when_run


@pytest.fixture(autouse=True)
def _no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False


def uk(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def write(client, body="Offices closed on Friday.\nPayments go out as usual.", *, start=None, end=None, sign_in=False):
    data = {"body": body, "starts_on": uk(start or date.today()), "ends_on": uk(end or date.today() + timedelta(days=2))}
    if sign_in:
        data["show_on_sign_in"] = "y"
    return client.post("/admin/messages/new", data=data)


def test_a_written_message_shows_on_the_dashboard_with_its_line_breaks(db, client, council_client, lead_client):
    response = write(council_client)
    assert response.status_code == 303
    assert "Offices closed on Friday." in parse_page(council_client.get("/admin/messages")).text("#current")
    dashboard = lead_client.get("/").get_data(as_text=True)
    assert "Offices closed on Friday.<br>Payments go out as usual." in dashboard
    assert "Offices closed" not in client.get("/sign-in").get_data(as_text=True)  # not marked for sign-in
    assert db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "message")).all() == ["message.created"]


def test_a_message_marked_for_sign_in_shows_there_too(client, council_client):
    write(council_client, "Portal maintenance tonight", sign_in=True)
    page = parse_page(client.get("/sign-in"))
    assert page.text(".lp-sign-in-message") == "Portal maintenance tonight"
    assert "Portal maintenance" not in client.get("/admin/sign-in").get_data(as_text=True)


def test_html_is_refused_and_the_input_kept(db, council_client):
    page = parse_page(write(council_client, '<script>alert(1)</script>Hello'))
    assert "The message must be plain text" in page.text(".govuk-error-summary")
    assert "<script>alert(1)</script>Hello" in page.select_one("#body").get_text()
    assert db.session.scalars(select(Message)).all() == []


def today() -> str:
    """Today as typed, when the test runs: pytest builds a parametrize list when it collects, maybe the day before."""
    return uk(horizon.today())


def yesterday() -> str:
    """Yesterday as typed, when the test runs."""
    return uk(horizon.today() - timedelta(days=1))


@pytest.mark.parametrize("start, end, message", [
    ("31/02/2026", "01/03/2026", "First day shown must be a real date"),
    (today, yesterday, "Last day shown must be on or after"),
    ("", "", "Enter the first day to show the message"),
])
def test_bad_dates_get_a_message_by_the_field(db, council_client, start, end, message):
    start, end = when_run(start), when_run(end)
    response = council_client.post("/admin/messages/new", data={"body": "Hi", "starts_on": start, "ends_on": end})
    assert message in parse_page(response).text(".govuk-error-summary")


def test_changing_a_message(db, council_client, lead_client):
    write(council_client, "Old words")
    message = db.session.scalars(select(Message)).one()
    form = parse_page(council_client.get(f"/admin/messages/{message.id}"))
    assert form.select_one("#body").get_text() == "Old words"
    council_client.post(f"/admin/messages/{message.id}", data={
        "body": "New words", "starts_on": uk(date.today()), "ends_on": uk(date.today())})
    assert "New words" in lead_client.get("/").get_data(as_text=True)


def test_ending_a_message_takes_it_off_the_dashboard_from_today(db, council_client, lead_client):
    write(council_client, "Soon gone")
    message = db.session.scalars(select(Message)).one()
    assert council_client.post(f"/admin/messages/{message.id}/end").status_code == 303
    db.session.expire_all()
    assert db.session.get(Message, message.id).ends_on == date.today() - timedelta(days=1)
    assert "Soon gone" not in lead_client.get("/").get_data(as_text=True)
    assert "Soon gone" in parse_page(council_client.get("/admin/messages")).text("#past")


def test_messages_need_the_csrf_token(app, db, council_client):
    app.config["WTF_CSRF_ENABLED"] = True
    assert write(council_client).status_code == 400
    assert db.session.scalars(select(Message)).all() == []
