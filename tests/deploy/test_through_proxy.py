"""A landlord's visit through nginx over HTTPS, and what the proxy must not hide from lp: the client's
address (audit, rate limits) and that the connection was secure (HSTS)."""
from __future__ import annotations

import csv
import io
import secrets

from deploy.client import BASE_URL
from tests.deploy.conftest import csrf, one, soup, words

LEAD_ACCOUNTS = ("9998", "9999")  # demo-lead's organisation (lp/demo/signins.py)


def a_claim_of_the_lead(database):
    """An active claim of demo-lead's organisation, and how many active claims share its surname."""
    claim = one(database, """
        SELECT c.reference, c.tenant_last_name, c.last_name_key FROM claim c
        JOIN landlord_account a ON a.id = c.account_id
        WHERE a.reference IN ('9998', '9999') AND c.status = 'Active' ORDER BY c.id LIMIT 1""")
    count = one(database, """
        SELECT count(*) FROM claim c JOIN landlord_account a ON a.id = c.account_id
        WHERE a.reference IN ('9998', '9999') AND c.status = 'Active' AND c.last_name_key LIKE :key""",
                key=claim.last_name_key + "%")[0]
    return claim, count


def last_event(database, action: str, username: str):
    return one(database, """
        SELECT e.ip, e.detail FROM audit_event e JOIN user_account u ON u.id = e.user_id
        WHERE e.action = :action AND u.username = :username ORDER BY e.id DESC LIMIT 1""",
               action=action, username=username)


def test_landlord_signs_in_searches_exports_and_signs_out(deployment, database):
    browser = deployment.client("127.0.0.2")
    dashboard = deployment.sign_in(browser, "demo-lead")
    assert dashboard.url == f"{BASE_URL}/"
    assert soup(dashboard).find("button", string=lambda s: s and "Sign out" in s)

    claim, count = a_claim_of_the_lead(database)
    results = browser.get(f"{BASE_URL}/claims", params={"surname": claim.tenant_last_name})
    rows = soup(results).select("#claim-results tbody tr") or soup(results).select("tbody tr")
    assert claim.reference in [row.select_one("td a").get_text(strip=True) for row in rows]

    export = browser.get(f"{BASE_URL}/claims.csv", params={"surname": claim.tenant_last_name})
    assert export.headers["Content-Type"].startswith("text/csv")
    lines = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert len(lines) == count
    assert claim.reference in [line["Claim reference"] for line in lines]
    assert {line["Tenant last name"].lower() for line in lines} == {claim.tenant_last_name.lower()}
    assert last_event(database, "claims.exported", "demo-lead").ip == "127.0.0.2"

    # The proxy logged the visit, but not what was searched for: a tenant's name is never in a log.
    access_log = (deployment.folder / "logs" / "access.log").read_text()
    assert "GET /claims.csv HTTP" in access_log
    assert claim.tenant_last_name not in access_log and "surname=" not in access_log

    signed_out = browser.post(f"{BASE_URL}/sign-out", data={"csrf_token": csrf(browser, "/claims")})
    assert signed_out.url == f"{BASE_URL}/sign-in?signed-out=1"
    assert "/sign-in" in browser.get(f"{BASE_URL}/claims").url


def test_every_process_is_healthy_with_shared_limits(deployment):
    """Through nginx, and from each web process directly (which answer nginx in turn)."""
    for url in [f"{BASE_URL}/healthz", "http://127.0.0.1:8101/healthz", "http://127.0.0.1:8102/healthz"]:
        assert deployment.client().get(url).json() == {
            "status": "ok", "database": "ok", "rate_limits": "shared", "redis": "ok"}, url


def test_hsts_is_sent_through_the_proxy(deployment):
    page = deployment.client().get(f"{BASE_URL}/sign-in")
    assert "Sign in" in words(page, "h1")
    assert page.headers.get("Strict-Transport-Security", "").startswith("max-age=")


def test_audit_log_has_the_clients_own_address(deployment, database):
    deployment.sign_in(deployment.client("127.0.0.2"), "demo-other")
    assert last_event(database, "sign_in.succeeded", "demo-other").ip == "127.0.0.2"


def test_a_forged_forwarded_for_header_is_not_believed(deployment, database):
    """A client that sends its own X-Forwarded-For is still recorded at the address nginx saw."""
    browser = deployment.client("127.0.0.3")
    browser.headers["X-Forwarded-For"] = "203.0.113.9"
    deployment.sign_in(browser, "demo-viewer")
    assert last_event(database, "sign_in.succeeded", "demo-viewer").ip == "127.0.0.3"


def test_sign_in_limit_is_per_client_not_per_proxy(deployment):
    """30 sign-in attempts a minute per client, counted in Redis across both web processes; one
    client using them up leaves every other client free to sign in."""
    # A fresh address each run, so a run minutes after another (LP_REHEARSAL=running) starts at 0.
    attacker = deployment.client(f"127.0.{secrets.randbelow(200) + 10}.4")
    token = csrf(attacker, "/sign-in")
    # No password: the form is refused before any password hash (31 would take half a minute), and
    # the attempt still counts; a new username each time keeps the per-username limit out of it.
    answers = [attacker.post(f"{BASE_URL}/sign-in", data={"csrf_token": token, "username": f"nobody-{n}"})
               for n in range(31)]
    refused = [words(answer, "h1") for answer in answers]
    assert refused[:30] == ["Sign in"] * 30
    assert refused[30] == "Too many attempts"

    landlord = deployment.client("127.0.0.5")
    assert deployment.sign_in(landlord, "demo-lead").url == f"{BASE_URL}/"


def test_a_short_load_through_the_proxy_has_no_errors(deployment, capsys):
    """A smoke of deploy/load.py (the 60-second, 64-connection figure is measured by hand)."""
    from deploy.load import main

    assert main(["--seconds", "3", "--connections", "16", "--username", "demo-viewer", "--path", "/"]) == 0
    results = [line for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    assert len(results) == 1 and '"errors": 0' in results[0]
