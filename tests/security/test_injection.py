"""Hostile input in every form and query field: never a 500, never markup or headers of our making,
and what is stored is shown back escaped. (In a real browser: tests/e2e/test_xss.py.)

Forms are found as a user finds them: each page of the route table is fetched by a visitor who may
use it, and every form on it is filled in, every text field with the payload.
"""
from __future__ import annotations

from urllib.parse import urlencode, urljoin

import pytest
from sqlalchemy import select

from lp.models import Registration
from tests.conftest import parsed
from tests.security.routes import ROUTES, example_url, methods

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "attribute": '"><img src=x onerror=alert(1)>',
    "javascript-url": "javascript:alert(1)",
    "sql": "' OR 1=1 --",
    "sql-union": "Smith' UNION SELECT username, password_hash FROM user_account --",
    "jinja": "{{7*7}}",
    "jinja-block": "{%{% raw %}",
    "header": "x\r\nSet-Cookie: x=y",
    "rtl": "\u202eKCOLB\u202c Smith",
    "zero-width": "Sm\u200bith\ufeff",
    "emoji": "🏠 Smith 👩‍👩‍👧",
    "nul": "Smith\x00",
    "long": "A" * 5000,
}
# The broad sweeps (every field of every page) use the corpus combined, one string per kind of attack.
COMBINED = {
    "markup": 'javascript:alert(1)//"><img src=x onerror=alert(1)><script>alert(1)</script>',
    "sql-template": "' OR 1=1 -- {{7*7}} {%{% raw %}",
    "header": PAYLOADS["header"],
    "unicode": "\u202eKCOLB\u202c Sm\u200bith\ufeff 🏠 👩‍👩‍👧",
    "nul": PAYLOADS["nul"],
    "long": PAYLOADS["long"],
}
MARKUP = ("<script>alert(1)", "<img src=x onerror", "onerror=alert(1)>")
QUERY_FIELDS = ("reference", "rent", "type", "status", "first_name", "surname", "postcode", "suspended",
                "unread_since", "from", "to", "account", "unread", "page", "sort", "dir", "next", "signed-out")
TEXT_TYPES = {"text", "email", "password", "tel", "search", "number", "url", None}


def assert_safe(response, where: str) -> None:
    assert response.status_code < 500, f"{where}: {response.status_code}"
    for name, value in response.headers.items():
        assert "\r" not in value and "\n" not in value, f"{where}: header {name}"
    assert "x=y" not in response.headers.get("Set-Cookie", ""), where
    if response.mimetype == "text/html":
        html = response.get_data(as_text=True)
        for markup in MARKUP:
            assert markup not in html, f"{where}: {markup!r} unescaped"
        assert 'href="javascript:' not in html and "href='javascript:" not in html, where


def visitor(world, route):
    return {"council": world["admin"], "public": None}.get(route.kind, world["lead"])


@pytest.fixture
def client_for(app, sign_in):
    def client_for(user):
        return sign_in(app.test_client(), user) if user is not None else app.test_client()

    return client_for


def get_routes(app) -> list[str]:
    return sorted(e for e, r in ROUTES.items() if e != "static" and "GET" in methods(app, e))


@pytest.mark.parametrize("payload", COMBINED.values(), ids=COMBINED.keys())
def test_every_query_field_of_every_page_takes_any_payload(app, world, client_for, payload):
    clients = {}
    for endpoint in get_routes(app):
        route = ROUTES[endpoint]
        user = visitor(world, route)
        client = clients.setdefault(user.id if user else None, client_for(user))
        url = example_url(app, endpoint, world)
        query = urlencode({field: payload for field in QUERY_FIELDS})
        response = client.get(f"{url}{'&' if '?' in url else '?'}{query}")
        assert_safe(response, endpoint)


def fill(form, payload: str) -> dict:
    """Every field of a form, as a user could fill it: text with the payload, the first choice chosen."""
    data: dict[str, str] = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name, kind = field["name"], field.get("type")
        if field.name == "textarea" or (field.name == "input" and kind in TEXT_TYPES):
            data[name] = payload
        elif kind == "hidden":
            data[name] = field.get("value", "")
        elif kind in ("checkbox", "radio"):
            data.setdefault(name, field.get("value", "y"))
        elif field.name == "select":
            option = field.select_one("option[value]")
            data[name] = option["value"] if option else ""
    return data


def submit_every_form(client, page_url: str, payload: str) -> list:
    response = client.get(page_url)
    if response.status_code != 200 or response.mimetype != "text/html":
        return []
    soup = parsed(response.get_data(as_text=True))
    answers = []
    for form in soup.select("main form"):
        action = urljoin(page_url, form.get("action") or page_url)
        data = fill(form, payload)
        if (form.get("method") or "get").lower() == "post":
            answers.append((action, client.post(action, data=data)))
        else:
            answers.append((action, client.get(f"{action.split('?')[0]}?{urlencode(data)}")))
    return answers


@pytest.mark.parametrize("payload", COMBINED.values(), ids=COMBINED.keys())
def test_every_form_takes_any_payload_in_every_field(app, world, client_for, payload):
    submitted = 0
    for endpoint in get_routes(app):
        route = ROUTES[endpoint]
        # A fresh visitor per page: a form may sign them out or spend their link.
        client = client_for(visitor(world, route))
        for action, response in submit_every_form(client, example_url(app, endpoint, world), payload):
            assert_safe(response, f"{endpoint} -> {action}")
            submitted += 1
    assert submitted >= 15


REGISTRATION = {
    "landlord_reference": "55501", "organisation_name": "Acme Lettings", "address": "1 High Street\nAnytown",
    "postcode": "AN1 1AA", "first_name": "Priya", "last_name": "Shah", "job_role": "Lettings manager",
    "email": "priya@example.org", "email_confirm": "priya@example.org", "mobile": "", "telephone": "020 7946 0000",
    "contact_email": "", "accept_terms": "y",
}
SHOWN_BACK = {k: v for k, v in PAYLOADS.items() if k not in ("nul", "long", "header")}


def _csrf(client, url: str) -> str:
    from tests.auth.conftest import csrf_of

    return csrf_of(client.get(url).get_data(as_text=True))


@pytest.mark.parametrize("payload", SHOWN_BACK.values(), ids=SHOWN_BACK.keys())
def test_a_registration_is_stored_as_typed_and_shown_escaped_to_the_council(app, db, world, client_for, payload):
    client = client_for(None)
    data = {**REGISTRATION, "organisation_name": payload, "job_role": payload, "address": f"{payload}\nAnytown",
            "csrf_token": _csrf(client, "/register")}
    assert client.post("/register", data=data).status_code == 303
    stored = db.session.scalars(select(Registration).where(Registration.landlord_reference == "55501")).one()
    assert stored.organisation_name == payload.strip()
    officer = client_for(world["council"])
    for url in ("/admin/registrations", f"/admin/registrations/{stored.id}"):
        response = officer.get(url)
        assert_safe(response, url)
        page = parsed(response.get_data(as_text=True))
        assert payload.strip() in page.get_text(), url


@pytest.mark.parametrize("payload", SHOWN_BACK.values(), ids=SHOWN_BACK.keys())
def test_a_claim_search_shows_the_words_searched_for_back_escaped(world, client_for, payload):
    response = client_for(world["lead"]).get("/claims?" + urlencode({"surname": payload, "postcode": payload}))
    assert_safe(response, "/claims")
    page = parsed(response.get_data(as_text=True))
    assert page.select_one('input[name="surname"]')["value"] == payload
    assert page.select_one('input[name="postcode"]')["value"] == payload


def test_a_header_injection_in_next_never_reaches_a_header(client_for, world):
    client = client_for(None)
    for url in ("/sign-in?next=/x%0d%0aSet-Cookie:%20x=y", "/session/keep-alive?next=%0d%0aSet-Cookie:x=y",
                "/claims?surname=%0d%0aSet-Cookie:x=y"):
        assert_safe(client.get(url), url)


@pytest.mark.parametrize("payload", SHOWN_BACK.values(), ids=SHOWN_BACK.keys())
def test_a_change_report_is_stored_as_typed_and_shown_escaped(world, client_for, payload):
    client = client_for(world["lead"])
    url = f"/claims/{world['claim'].reference}/report-change"
    data = {"change_type": "moved_out", "happened_on": "01/01/2025", "details": payload, "csrf_token": _csrf(client, url)}
    response = client.post(url, data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    shown = client.get(response.location)
    assert_safe(shown, response.location)
    assert payload.strip() in parsed(shown.get_data(as_text=True)).get_text()


@pytest.mark.parametrize("payload", SHOWN_BACK.values(), ids=SHOWN_BACK.keys())
def test_a_council_message_is_refused_if_it_is_html_and_otherwise_shown_escaped(world, client_for, payload):
    from lp.formats import format_date
    from lp.horizon import today

    admin = client_for(world["admin"])
    data = {"body": payload, "starts_on": format_date(today()), "ends_on": format_date(today()),
            "csrf_token": _csrf(admin, "/admin/messages/new")}
    response = admin.post("/admin/messages/new", data=data)
    assert_safe(response, "/admin/messages/new")
    is_html = "<" in payload
    assert response.status_code == (200 if is_html else 303)
    for user in ("lead", "other"):
        dashboard = client_for(world[user]).get("/")
        assert_safe(dashboard, "/")
        text = parsed(dashboard.get_data(as_text=True)).get_text()
        assert (payload.strip() in text) is not is_html


def test_a_nul_character_is_refused_as_a_bad_request_and_nothing_is_stored(db, client_for):
    client = client_for(None)
    data = {**REGISTRATION, "organisation_name": PAYLOADS["nul"], "csrf_token": _csrf(client, "/register")}
    response = client.post("/register", data=data)
    assert response.status_code == 400
    assert "problem with that request" in response.get_data(as_text=True)
    assert db.session.scalar(select(Registration)) is None
