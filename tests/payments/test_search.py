"""Finding a payment by its tenant (name or claim reference) or its own reference: scoped, within the
horizon, audited without what was typed."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lp.models import AuditEvent


def references(page) -> list[str]:
    """The payments listed, by the reference in each amount link's hidden text."""
    return [link.select_one(".govuk-visually-hidden").get_text().rsplit(" ", 1)[-1]
            for link in page.select("#payment-rows td[data-label='Amount'] a")]


@pytest.mark.parametrize("query, expected", [
    ("lovelace", ["PAY-MAIN"]),  # PAY-OLD paid for her too, before the horizon
    ("LOVE", ["PAY-MAIN"]),
    ("Ada+Lovelace", ["PAY-MAIN"]),
    ("Lovelace,+Ada", ["PAY-MAIN"]),
    ("brown", ["PAY-MAIN"]),
    ("jones", ["PAY-SECOND"]),
    ("pay-second", ["PAY-SECOND"]),
    ("PAY-MAIN", ["PAY-MAIN"]),
    ("Outsider", []),  # another landlord's tenant
    ("PAY-FOREIGN", []),  # another landlord's payment
    ("PAY-OLD", []),  # past the horizon
])
def test_payments_are_found_by_tenant_or_reference(lead_client, payments, fetch, query, expected):
    page = fetch(lead_client, f"/payments?q={query}")
    assert references(page) == expected
    if not expected:
        assert "No payments match" in page.text("#payment-rows")


def test_a_claim_reference_finds_the_payments_for_that_tenant(lead_client, payments, fetch):
    page = fetch(lead_client, f"/payments?q={payments['tenant'].reference}")
    assert references(page) == ["PAY-MAIN"]
    assert page.select_one("#q")["value"] == payments["tenant"].reference  # what was typed is kept


def test_the_search_box_comes_first_and_combines_with_the_account(lead_client, payments, fetch):
    page = fetch(lead_client, "/payments")
    first = page.select_one("form[role='search'] input")
    assert first["name"] == "q" and first["type"] == "search"
    assert page.select_one(f"label[for='{first['id']}']").get_text(strip=True) == (
        "Tenant name, claim reference or payment reference")
    assert references(fetch(lead_client, "/payments?q=jones&account=9998")) == []
    assert references(fetch(lead_client, "/payments?q=jones&account=9999")) == ["PAY-SECOND"]


def test_a_search_and_its_download_are_audited_without_the_name(db, lead_client, payments, fetch):
    fetch(lead_client, "/payments?q=Lovelace")
    text = lead_client.get("/payments.csv?q=Lovelace").get_data(as_text=True)
    assert "PAY-MAIN" in text and "PAY-SECOND" not in text
    events = db.session.execute(select(AuditEvent.action, AuditEvent.detail).order_by(AuditEvent.id)).all()
    assert [action for action, _ in events] == ["payments.searched", "payments.exported"]
    assert "by tenant or reference" in events[0].detail and "searched by tenant or reference" in events[1].detail
    assert not any("Lovelace" in (detail or "") for _, detail in events)
