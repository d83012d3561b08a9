"""Every CSV download of lp, fetched from a real waitress server as a browser would, with and
without compression: each has the rows its user expects (issue 12.5).

A real server, not the test client: the test client runs inside the test's app context, so the
view's database session outlives the view there, and a query run outside the stream looks fine."""
from __future__ import annotations

import csv
import io
import threading

import pytest
import requests
from waitress.server import create_server

from lp.models.base import utcnow
from tests import factories as f
from tests.conftest import run_waitress, stop_waitress
from tests.security.routes import ROUTES, example_url

# The downloads are fetched from a real server on its own connections: they must see real commits.
pytestmark = pytest.mark.committing

ENCODINGS = ("identity", "gzip, br")


def _team(w) -> list[str]:
    return sorted(["lead", "viewer", "invited", *(user.username for user in w["without"].values())])


# For each CSV endpoint: the column a user would read, and the values they expect in it (in order).
EXPECTED = {
    "payments.export": lambda w: ("Payment reference", [w["payment"].reference]),
    "payments.export_lines": lambda w: ("Payment reference", [w["payment"].reference]),
    "payments.export_breakdown": lambda w: ("Claim reference", [w["claim"].reference]),
    "claims.export": lambda w: ("Claim reference", [w["claim"].reference]),
    "claims.entitlements_csv": lambda w: ("Claim reference", [w["claim"].reference]),
    "claims.payments_csv": lambda w: ("Payment id", [w["payment"].reference]),
    "letters.export": lambda w: ("Letter id", [w["letter"].reference]),
    "claims.letters_csv": lambda w: ("Letter id", [w["letter"].reference]),
    "team.export": lambda w: ("Username", _team(w)),
    "team.activity_csv": lambda w: ("Detail", ["activity.csv"]),
    "overpayments.export": lambda w: ("Claim reference", [w["claim"].reference]),
    "changes.export": lambda w: ("Reference", [w["change"].reference]),
    "rent_changes.template": lambda w: ("claim_reference", [w["claim"].reference]),
    "admin.rent_change_schedule": lambda w: ("claim_reference", sorted([w["claim"].reference,
                                                                        w["other_claim"].reference])),
    "admin.task_answers": lambda w: ("request_id", [w["task"].reference]),
    "admin.audit_csv": lambda w: ("Detail", ["audit.csv"]),
    "properties.export": lambda w: ("Property reference", [w["property"].reference]),
}
SORTED = {"team.export", "admin.rent_change_schedule"}  # compare who or what is there, not the order
NEWEST = {"admin.audit_csv", "team.activity_csv"}  # each download is itself audited: the newest is this one


@pytest.fixture
def server(app):
    server = create_server(app, host="127.0.0.1", port=0, threads=2, asyncore_loop_timeout=0.05)
    thread = threading.Thread(target=run_waitress, args=(server,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    stop_waitress(server, thread)  # close() alone raced the loop's select() on a closed socket


def _csv_endpoints(app) -> list[str]:
    return sorted({rule.endpoint for rule in app.url_map.iter_rules() if rule.rule.endswith(".csv")})


def _download(server, app, sign_in, user, url: str, encoding: str) -> tuple[requests.Response, list[dict]]:
    cookie = sign_in(app.test_client(), user).get_cookie(app.config["SESSION_COOKIE_NAME"])
    response = requests.get(server + url, cookies={cookie.key: cookie.value},
                            headers={"Accept-Encoding": encoding}, timeout=30)
    return response, list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_every_csv_route_has_the_rows_its_user_expects(app, db, world, sign_in, server):
    world["claim"].overpayment_pence = world["other_claim"].overpayment_pence = 12345
    world["task"].answered_at, world["task"].answered_by_id = utcnow(), world["lead"].id
    db.session.commit()
    endpoints = _csv_endpoints(app)
    assert set(endpoints) == set(EXPECTED), "a CSV route without an expectation: add it to EXPECTED"
    for endpoint in endpoints:
        user = world["council" if ROUTES[endpoint].kind == "council" else "lead"]
        column, expected = EXPECTED[endpoint](world)
        for encoding in ENCODINGS:
            response, rows = _download(server, app, sign_in, user, example_url(app, endpoint, world), encoding)
            assert response.headers["Content-Type"].startswith("text/csv"), endpoint
            assert "Content-Encoding" not in response.headers, f"{endpoint}: streams are sent uncompressed"
            found = [row[column] for row in rows]
            if endpoint in NEWEST:
                found = found[:1]
            assert (sorted(found) if endpoint in SORTED else found) == expected, (endpoint, encoding)


def test_a_long_users_csv_streams_every_row(app, db, world, sign_in, server):
    """More rows than one chunk (500) and one fetch (1,000): the stream must not end early."""
    for number in range(1200):
        f.make_user(world["landlord"], username=f"bulk{number:04}", status="invited")
    db.session.commit()
    for encoding in ENCODINGS:
        _, rows = _download(server, app, sign_in, world["lead"], "/team/users.csv", encoding)
        usernames = {row["Username"] for row in rows}
        assert len(rows) == 1200 + len(_team(world))
        assert {"bulk0000", "bulk1199", "lead"} <= usernames
