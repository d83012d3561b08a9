"""Invitations go to the organisation's own e-mail domain (the lead user's, or one the council sets),
unless the council allows any address for the organisation (sole traders on public mail services)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lp.models import AuditEvent, User
from tests.conftest import parse_page
from tests.team.test_team import invite_data


@pytest.fixture
def northgate(db, landlord_world):
    landlord_world["lead"].email = "lead@Northgate.example"
    db.session.commit()
    return landlord_world


def invite(client, email: str):
    return client.post("/team/invite", data=invite_data(email=email, email_confirm=email))


def invited(db, email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def test_the_invite_page_says_which_domain_and_refuses_any_other(db, lead_client, northgate):
    form = parse_page(lead_client.get("/team/invite"))
    assert "It must end in @northgate.example, your organisation’s e-mail domain" in form.text("#email-hint")
    page = parse_page(invite(lead_client, "priya@gmail.com"))
    message = "Enter an e-mail address that ends in @northgate.example"
    assert message in page.text(".govuk-error-summary") and message in page.text("#email-error")
    assert page.select_one("#first_name")["value"] == "Priya" and page.select_one("#email")["value"] == "priya@gmail.com"
    assert invited(db, "priya@gmail.com") is None
    # A look-alike is not the domain; the domain in capitals is.
    assert invite(lead_client, "priya@northgate.example.evil.test").status_code == 200
    assert invite(lead_client, "Priya@NORTHGATE.example").status_code == 303
    assert invited(db, "Priya@NORTHGATE.example").status == "invited"


def test_the_councils_domain_replaces_the_lead_users(db, lead_client, northgate):
    northgate["landlord"].invite_domain = "northgate-ha.org.uk"
    db.session.commit()
    assert "@northgate-ha.org.uk" in parse_page(lead_client.get("/team/invite")).text("#email-hint")
    assert "ends in @northgate-ha.org.uk" in parse_page(invite(lead_client, "priya@northgate.example")).text("#email-error")
    assert invite(lead_client, "priya@northgate-ha.org.uk").status_code == 303


def test_when_the_council_allows_any_address_there_is_no_rule(db, lead_client, northgate):
    northgate["landlord"].invite_any_email = True
    db.session.commit()
    assert parse_page(lead_client.get("/team/invite")).select("#email-hint") == []
    assert invite(lead_client, "priya@gmail.com").status_code == 303


def test_the_council_sets_the_domain_or_allows_any_address_on_the_landlords_page(db, council_client, northgate,
                                                                                 lead_client):
    org = northgate["landlord"]
    page = parse_page(council_client.get(f"/admin/landlords/{org.id}"))
    assert "only e-mail addresses that end in @northgate.example (the lead user’s domain)" in page.text("#invitations-now")
    assert page.select_one('#invitations label[for="any_email"]').get_text(strip=True) == \
        "Allow invitations to any e-mail address"
    response = council_client.post(f"/admin/landlords/{org.id}/invitations", data={"any_email": "1", "domain": ""})
    assert response.status_code == 303
    shown = parse_page(council_client.get(response.location))
    assert "Its user managers can invite any e-mail address." in shown.text("#invitations-now")
    assert shown.select_one("#any_email").has_attr("checked")
    assert invite(lead_client, "sole.trader@gmail.com").status_code == 303
    council_client.post(f"/admin/landlords/{org.id}/invitations", data={"domain": "@Northgate-HA.org.uk"})
    db.session.expire_all()
    assert (org.invite_any_email, org.invite_domain) == (False, "northgate-ha.org.uk")
    details = [e.detail for e in db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "landlord.invitations_changed").order_by(AuditEvent.id))]
    assert details == ["invitations to any e-mail address", "invitations to addresses at northgate-ha.org.uk"]


@pytest.mark.parametrize("domain", ["not a domain", "northgate", "x@northgate.example"])
def test_a_domain_in_the_wrong_format_is_refused_with_a_message(db, council_client, northgate, domain):
    org = northgate["landlord"]
    page = parse_page(council_client.post(f"/admin/landlords/{org.id}/invitations", data={"domain": domain}))
    message = "Enter a domain in the correct format, like northgate.org.uk"
    assert message in page.text(".govuk-error-summary") and message in page.text("#domain-error")
    assert page.select_one("#domain")["value"] == domain.lstrip("@").lower()
    db.session.expire_all()
    assert org.invite_domain is None
