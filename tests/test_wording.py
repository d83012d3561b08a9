"""Words people read: plurals from one filter (lp.formats.plural), and messages that fit the reader
(one letter is "it", a lead who registers each reference is not told never to register again, a
registration lead is not sent to "the person who invited you", an unactivated user is not told to sign in)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lp.alerts import queue_new_letter_alerts
from lp.formats import plural
from lp.models import OutboxMessage
from tests import factories as f
from tests.conftest import parse_page
from tests.test_alerts import make_batch


@pytest.mark.parametrize("count, expected", [(0, "0 claims"), (1, "1 claim"), (2, "2 claims"), (1204, "1,204 claims")])
def test_plural_counts_the_noun(count, expected):
    assert plural(count, "claim") == expected


def test_plural_takes_an_irregular_plural_and_can_leave_the_number_out():
    assert plural(3, "entry", "entries") == "3 entries"
    assert plural(1, "letter", number=False) == "letter" and plural(5, "letter", number=False) == "letters"


def test_no_template_makes_its_own_plural():
    from pathlib import Path

    templates = Path(__file__).resolve().parent.parent / "templates"
    hand_made = [str(p) for p in templates.rglob("*.html") if "else 's'" in p.read_text() or 'else "s"' in p.read_text()]
    assert hand_made == []


def test_one_claim_found_is_offered_as_one_claim(db, lead_client, landlord_world):
    f.make_claim(landlord_world["account"], surname="Okafor")
    db.session.commit()
    page = parse_page(lead_client.get("/claims?surname=Okafor"))
    assert "Download 1 claim (CSV)" in page.text()
    assert "these 1" not in page.text()


def test_an_alert_for_one_letter_says_it(app, db, landlord_world):
    lead = landlord_world["lead"]
    lead.alerts_sms, lead.mobile, lead.mobile_confirmed = True, "+447700900123", True
    batch = make_batch(db)
    f.make_letter(f.make_claim(landlord_world["account"]), import_batch_id=batch.id)
    db.session.commit()
    queue_new_letter_alerts(batch)
    db.session.commit()
    email, sms = sorted(db.session.scalars(select(OutboxMessage)), key=lambda m: m.channel)
    assert "There is 1 new letter for 1 tenant in the" in email.body and "Sign in to read it:" in email.body
    assert "1 new letter for 1 tenant. Sign in to read it:" in sms.body
    assert "them" not in email.body + sms.body


def test_a_used_activation_link_tells_a_registration_lead_to_contact_the_council(app, get_page):
    page = get_page("/activate/not-a-real-link")
    choices = page.text("main ul")
    assert f"if you registered for the {app.config['LP_SERVICE_NAME']} yourself, contact {app.config['LP_COUNCIL_NAME']}" in choices
    assert "if a colleague invited you, ask them to send a new invitation" in choices
    assert page.select_one("main ul a")["href"] == "/contact"
    assert "the person who invited you" not in page.text()


def test_the_registration_page_tells_a_lead_how_to_add_another_reference(db, client):
    from tests.auth.conftest import post_form
    from tests.register.test_views import VALID

    post_form(client, "/register", VALID)
    page = parse_page(client.get("/register/done"))
    assert "Please don't register again" not in page.text()
    assert "You do not need to register this landlord reference again" in page.text()
    assert page.text("#other-references").startswith("To add another landlord reference, register it too")
    [email] = db.session.scalars(select(OutboxMessage)).all()
    assert "Please don't register again" not in email.body


def test_a_reference_linked_to_an_unactivated_lead_sends_a_new_activation_link(app, db, council_client):
    app.config["WTF_CSRF_ENABLED"] = False
    invited = f.make_user(f.make_landlord(), username="new.lead", email="new.lead@lettings.example",
                          status="invited", is_lead=True)
    f.make_account(None, reference="5002")
    registration = f.make_registration(landlord_reference="5002", email="new.lead@lettings.example")
    db.session.commit()
    council_client.post(f"/admin/registrations/{registration.id}/approve")
    [email] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == invited.email)).all()
    assert "landlord reference 5002 is now part of your organisation" in email.body
    assert "/activate/" in email.body and "Your username is: new.lead" in email.body
    assert "usual username" not in email.body and "Sign in to see it" not in email.body


def test_a_reference_linked_to_an_active_lead_says_sign_in(app, db, council_client, landlord_world):
    app.config["WTF_CSRF_ENABLED"] = False
    lead = landlord_world["lead"]
    f.make_account(None, reference="5003")
    registration = f.make_registration(landlord_reference="5003", email=lead.email)
    db.session.commit()
    council_client.post(f"/admin/registrations/{registration.id}/approve")
    [email] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == lead.email)).all()
    assert f"Sign in to see it:\n{app.config['LP_BASE_URL']}/sign-in" in email.body
    assert "usual username" not in email.body
