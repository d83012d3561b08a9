"""The API in a browser journey: a lead makes a token (shown once), their system uses it against the
live server (the Python client of docs/api.md, run as written), the calls are in the access log under
the token's name, and revoking it refuses the next call at once."""
from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from tests import factories as f
from tests.api.conftest import DOCUMENT
from tests.api.openapi_check import check
from tests.e2e.conftest import check_accessibility, no_horizontal_scroll, signed_in_as, submit

pytestmark = pytest.mark.e2e
TWO = pytest.mark.parametrize("page", [(True, "desktop"), (False, "phone")], indirect=True,
                              ids=["js-desktop", "nojs-phone"])
DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


class _Checked:
    """A requests response as tests/api/openapi_check reads one."""

    def __init__(self, response: requests.Response):
        self.status_code, self.headers, self.data = response.status_code, response.headers, response.content
        self.mimetype = response.headers.get("Content-Type", "").split(";")[0]


def call(base_url: str, path: str, secret: str) -> requests.Response:
    response = requests.get(f"{base_url}/api/v1{path}", headers={"Authorization": f"Bearer {secret}",
                                                                 "Accept-Encoding": "identity"}, timeout=10)
    check(DOCUMENT, f"/api/v1{path}", _Checked(response))
    return response


def checked(page, step: str) -> None:
    assert check_accessibility(page, step) == [], step
    assert no_horizontal_scroll(page), f"{step}: scrolls sideways"


@pytest.fixture
def association(db):
    org = f.make_landlord(name="Northgate Housing Association")
    account = f.make_account(org, reference="9998")
    claim = f.make_claim(account, first_name="Tomasz", surname="Nowak", reference="HB2001")
    payment = f.make_payment(account, lines=[(claim, 9850, 1200, -500)])
    lead = f.make_user(org, username="lead", email="lead@northgate.example", is_lead=True)
    db.session.commit()
    return {"payment": payment, "lead": lead}


def _client_program(tmp_path: Path) -> Path:
    """The Python client exactly as docs/api.md gives it."""
    source = re.search(r"## A Python client.*?```python\n(.*?)```", DOC.read_text(), re.S).group(1)
    program = tmp_path / "remittance.py"
    program.write_text(source)
    return program


@TWO
def test_a_token_is_made_used_seen_in_the_access_log_and_revoked(app, page, association, live_server, tmp_path):
    signed_in_as(app, page, association["lead"])
    page.goto("/")
    page.get_by_role("link", name="API tokens").click()
    page.wait_for_load_state()
    checked(page, "api-tokens-empty")
    page.get_by_role("link", name="Make a token").click()
    page.wait_for_load_state()
    submit(page, "Make the token")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name for the token")
    checked(page, "api-token-errors")
    page.get_by_label("Name").fill("Rent accounts nightly")
    page.get_by_label("Payments, with each tenant's share").check()
    page.get_by_label("1 year").check()
    submit(page, "Make the token")
    secret = page.locator("#api-token-secret").inner_text().strip()
    assert secret.startswith("lp_")
    checked(page, "api-token-shown-once")
    page.reload()
    expect(page.locator("main")).to_contain_text("cannot be shown again")

    # The organisation's system calls the live server with it.
    payments = call(live_server, "/payments", secret)
    assert payments.status_code == 200
    assert [p["reference"] for p in payments.json()["data"]] == [association["payment"].reference]
    assert call(live_server, "/claims", secret).status_code == 403  # payments only
    out = tmp_path / "remittance.csv"
    ran = subprocess.run([sys.executable, str(_client_program(tmp_path)), "2000-01-01", "2100-01-01", str(out)],
                         env={"LP_API_URL": f"{live_server}/api/v1", "LP_API_TOKEN": secret, "PATH": ""},
                         capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    (row,) = list(csv.DictReader(out.open(encoding="utf-8")))
    assert (row["claim_reference"], row["tenant_name"], row["hb"], row["dhp"], row["adjustment"], row["amount"]) == (
        "HB2001", "Tomasz Nowak", "98.50", "12.00", "-5.00", "105.50")

    page.goto("/team/activity")
    first_row = page.locator("#events tbody tr").first
    expect(first_row).to_contain_text("API token ‘Rent accounts nightly’")
    expect(first_row).to_contain_text("Used the API")
    checked(page, "access-log-with-api-calls")

    page.goto("/api-tokens")
    expect(page.locator("#api-tokens")).to_contain_text("Rent accounts nightly")
    expect(page.locator("#api-tokens")).not_to_contain_text("Never")  # its last use is shown
    page.get_by_role("button", name=re.compile("^Revoke")).click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been revoked")
    expect(page.locator("#api-tokens")).to_contain_text("Revoked")
    checked(page, "api-token-revoked")
    refused = call(live_server, "/payments", secret)
    assert refused.status_code == 401 and "revoked" in refused.json()["title"]
