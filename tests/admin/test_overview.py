"""The console's overview, its navigation by role, and the console as a whole: a landlord never finds it."""
from __future__ import annotations

import re
from datetime import timedelta

from lp.models import AuditEvent, ChangeReport, ImportBatch
from lp.models.base import utcnow
from tests import factories as f
from tests.conftest import parse_page


def test_overview_shows_what_is_waiting_and_links_each_number(db, council_client, landlord_world):
    f.make_registration(created_at=utcnow() - timedelta(days=3, hours=1))
    f.make_registration(created_at=utcnow() - timedelta(hours=1))
    f.make_user(landlord_world["landlord"], status="locked", locked_at=utcnow())
    claim = f.make_claim(landlord_world["account"])
    for number, status in enumerate(("received", "received", "done")):
        db.session.add(ChangeReport(reference=f"CR-T{number}",
                                    landlord_id=landlord_world["landlord"].id, claim_id=claim.id,
                                    reported_by_id=landlord_world["lead"].id, change_type="other",
                                    happened_on=utcnow().date(), details="x", status=status))
    db.session.add(ImportBatch(source="cli", checksum="abc", run_by="cli:ops", status="refused",
                               finished_at=utcnow()))
    db.session.add(AuditEvent(action="sign_in.succeeded", user_id=landlord_world["lead"].id))
    db.session.add(AuditEvent(action="sign_in.succeeded", user_id=landlord_world["lead"].id,
                              at=utcnow() - timedelta(days=2)))
    db.session.commit()

    page = parse_page(council_client.get("/admin"))
    assert page.text("#pending-registrations a") == "2"
    assert "the oldest received 3 days ago" in page.text("#pending-registrations dd")
    assert page.select_one("#pending-registrations a")["href"] == "/admin/registrations"
    assert page.text("#locked-users dd") == "1"
    assert page.text("#changes-waiting dd") == "2"
    assert page.select_one("#changes-waiting a")["href"] == "/admin/changes"
    assert "refused, nothing loaded" in page.text("#last-load")
    assert page.text("#sign-ins-today dd") == "1"
    assert page.select_one("#sign-ins-today a")["href"].startswith("/admin/audit?")


def test_a_data_user_sees_the_data_load_and_only_their_menu(db, app, landlord_world, sign_in):
    batch = ImportBatch(source="cli", checksum="abc", run_by="cli:ops", status="loaded", finished_at=utcnow())
    db.session.add(batch)
    db.session.commit()
    client = sign_in(app.test_client(), landlord_world["data_user"])
    page = parse_page(client.get("/admin"))
    assert page.select_one("#last-load a")["href"] == f"/admin/imports/{batch.id}"
    assert page.select_one("#pending-registrations") is None
    assert [a.get_text(strip=True) for a in page.select("#navigation a")] == ["Overview", "Data loads"]


def test_an_admin_has_every_item_in_the_menu(app, landlord_world, sign_in):
    client = sign_in(app.test_client(), landlord_world["admin"])
    page = parse_page(client.get("/admin"))
    assert [a.get_text(strip=True) for a in page.select("#navigation a")] == [
        "Overview", "Registrations", "Landlords", "Change reports", "Rent changes", "Requests", "Messages",
        "Data loads", "Council users", "API tokens", "Audit log"]


def test_signed_out_the_console_sends_you_to_the_council_sign_in(client, db):
    response = client.get("/admin")
    assert response.status_code == 303 and response.headers["Location"].startswith("/admin/sign-in")


def _console_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("admin."):
            url = re.sub(r"<[^>]*any\(([a-z-]+)[^>]*>", r"\1", rule.rule)
            yield re.sub(r"<[^>]+>", "1", url), sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


def test_a_landlord_gets_404_for_every_console_url(app, lead_client):
    app.config["WTF_CSRF_ENABLED"] = False  # so a POST reaches the guard, not the CSRF check
    rules = list(_console_rules(app))
    assert len(rules) > 10
    for url, methods in rules:
        for method in methods:
            assert lead_client.open(url, method=method).status_code == 404, f"{method} {url}"
