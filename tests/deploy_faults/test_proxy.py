"""Behind LP_PROXY_HOPS trusted proxies lp sees each client (limits, audit, HSTS); with none, a
client's own X-Forwarded-* headers change nothing."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lp.models import AuditEvent
from tests.conftest import parse_page
from tests.deploy_faults.conftest import app_like
from tests.factories import PASSWORD

PROXY = "10.0.0.2"  # the reverse proxy: every request reaches lp from here
PER_ADDRESS = 30  # sign-in POSTs a minute from one address (lp/auth/views.py)


def _lp(app, hops: int):
    return app_like(app, LP_PROXY_HOPS=hops, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://",
                    WTF_CSRF_ENABLED=False)


def _through_proxy(client, url: str, client_address: str, *, forged: str | None = None, **kwargs):
    """A request as nginx passes it on: X-Forwarded-For ends with the address it saw."""
    forwarded = f"{forged}, {client_address}" if forged else client_address
    headers = {"X-Forwarded-For": forwarded, "X-Forwarded-Proto": "https", "X-Forwarded-Host": "lp.example",
               "X-Forwarded-Port": "443"}
    method = client.post if "data" in kwargs else client.get
    return method(url, headers=headers, environ_base={"REMOTE_ADDR": PROXY}, **kwargs)


def _try(client, client_address: str, n: int, **forged):
    return _through_proxy(client, "/sign-in", client_address, data={"username": f"guess-{n}", "password": ""}, **forged)


def test_behind_the_proxy_one_clients_limit_does_not_stop_another(app, landlord_world, db):
    client = _lp(app, hops=1).test_client()
    for n in range(PER_ADDRESS):
        assert "Enter your password" in parse_page(_try(client, "203.0.113.7", n)).text()
    refused = parse_page(_try(client, "203.0.113.7", PER_ADDRESS), status=429)
    assert refused.text("h1") == "Too many attempts"
    # Putting another address first in X-Forwarded-For does not help: only the proxy's entry counts.
    assert _try(client, "203.0.113.7", PER_ADDRESS + 1, forged="198.51.100.99").status_code == 429

    signed_in = _through_proxy(client, "/sign-in", "198.51.100.20", data={"username": "lead", "password": PASSWORD})
    assert signed_in.status_code == 303
    assert signed_in.headers["Location"] in ("/sign-in/key", "https://lp.example/sign-in/key")
    ok = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "sign_in.password_ok")).one()
    assert ok.ip == "198.51.100.20", "the audit log names the client, not the proxy"
    failed = db.session.scalars(select(AuditEvent.ip).where(AuditEvent.ip.is_not(None))).all()
    assert PROXY not in failed


def test_behind_the_proxy_https_gets_hsts(app):
    client = _lp(app, hops=1).test_client()
    page = _through_proxy(client, "/accessibility", "203.0.113.7")
    assert page.headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains"
    # The proxy's own plain-HTTP health probe is not told to use HTTPS.
    assert "Strict-Transport-Security" not in client.get("/healthz", environ_base={"REMOTE_ADDR": PROXY}).headers


def test_without_a_trusted_proxy_forwarded_headers_are_ignored(app, landlord_world, db):
    client = _lp(app, hops=0).test_client()
    # A client straight on the Internet names a new address each time: the limit is still its own.
    statuses = [_through_proxy(client, "/sign-in", f"192.0.2.{n}", data={"username": f"guess-{n}", "password": ""}).status_code
                for n in range(PER_ADDRESS + 1)]
    assert statuses == [200] * PER_ADDRESS + [429]
    page = _through_proxy(client, "/accessibility", "192.0.2.200")
    assert "Strict-Transport-Security" not in page.headers, "X-Forwarded-Proto from a client is not HTTPS"

    other = _lp(app, hops=0).test_client()
    _through_proxy(other, "/sign-in", "192.0.2.250", data={"username": "lead", "password": PASSWORD})
    ok = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "sign_in.password_ok")).one()
    assert ok.ip == PROXY, "the audit log keeps the address the connection came from"


@pytest.mark.parametrize("hops, seen", [(0, PROXY), (1, "198.51.100.1"), (2, "203.0.113.7")])
def test_the_client_address_is_the_one_the_trusted_hops_report(app, hops, seen):
    from lp.security import client_address

    lp = _lp(app, hops=hops)
    lp.add_url_rule("/_address", "address", lambda: client_address() or "")
    # The client 203.0.113.7 went through an outer proxy 198.51.100.1, then ours.
    headers = {"X-Forwarded-For": "203.0.113.7, 198.51.100.1"}
    assert lp.test_client().get("/_address", headers=headers, environ_base={"REMOTE_ADDR": PROXY}).text == seen
