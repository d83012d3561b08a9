"""URLs a tester types by hand: numbers too large for the database, and query-string names that
Flask's url_for keeps for itself. Every route of app.url_map, as a landlord and as the council:
never a 500; a number no row can have is simply not found, and reserved names are ordinary filters.
"""
from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from werkzeug.routing import IntegerConverter

from lp.routing import MAX_ID
from tests.conftest import parsed
from tests.security.routes import ROUTES, example_url, methods

HUGE = "99999999999999999999"  # more than 2**63 - 1, the largest integer either database's driver takes
HTMX = {"HX-Request": "true", "HX-Current-URL": "http://localhost/"}
# The names url_for takes for itself, and one that its caller takes (endpoint), each with a value
# that would do harm if it were obeyed: another scheme, a method, an anchor, an absolute URL.
RESERVED = [("endpoint", "admin.users"), ("_method", "POST"), ("_external", "1"), ("_anchor", "x"),
            ("_scheme", "javascript"), ("values", "x"), ("_external", "")]
# Integer query parameters of the lists and the breakdown, each with a number no database keeps.
INTEGER_ARGS = [("page", HUGE), ("after", HUGE), ("page", "-" + HUGE), ("page", "²")]


@pytest.fixture
def as_user(app, sign_in, world):
    app.config["WTF_CSRF_ENABLED"] = False  # tests/security/test_csrf.py checks tokens
    clients = {}

    def fetch(who: str, method: str, url: str, headers=None):
        if who not in clients:
            clients[who] = sign_in(app.test_client(), world[who])
        response = clients[who].open(url, method=method, headers=headers)
        response.get_data()  # a streamed CSV runs its query here
        response.close()
        return response

    return fetch


def _int_rules(app):
    for rule in app.url_map.iter_rules():
        ints = [name for name, converter in rule._converters.items() if isinstance(converter, IntegerConverter)]
        if ints:
            yield rule, ints


def test_every_int_rule_uses_the_bounded_converter(app):
    rules = list(_int_rules(app))
    assert len(rules) > 10  # payments, letters, team, the console
    for rule, names in rules:
        for name in names:
            assert rule._converters[name].max == MAX_ID == 2**31 - 1, rule.rule


def test_a_number_too_large_for_the_database_is_not_found_in_every_int_url(app, world, as_user):
    adapter = app.url_map.bind("localhost")
    tried = 0
    for rule, names in _int_rules(app):
        example = example_url(app, rule.endpoint, world)
        _, values = adapter.match(example.split("?")[0], method=sorted(rule.methods)[0])
        for name, number in ((name, number) for name in names for number in (HUGE, str(2**63 - 1), str(MAX_ID + 1), str(MAX_ID))):
            # Past either driver; past SQLite's integers; past PostgreSQL's INTEGER; the largest id
            # there can be, which reaches the database and is not there.
            url = adapter.build(rule.endpoint, {**values, name: number}, method=sorted(rule.methods)[0])
            assert number in url
            # The API takes a token, not a cookie: an id the router takes is refused for that first.
            expected = 401 if rule.endpoint.startswith("api.") and int(number) <= MAX_ID else 404
            for who in ("lead", "admin"):
                for method in methods(app, rule.endpoint):
                    response = as_user(who, method, url)
                    tried += 1
                    assert response.status_code == expected, f"{who} {method} {url}: {response.status_code}"
                    if expected == 401:
                        continue
                    assert b"not found" in response.data.lower()  # the page, or the API's problem JSON
    assert tried > 40


def _get_routes(app):
    return sorted(endpoint for endpoint in ROUTES if endpoint != "static" and "GET" in methods(app, endpoint))


def _with_query(url: str, pairs) -> str:
    return url + ("&" if "?" in url else "?") + urlencode(pairs)


def _visitors(endpoint: str) -> tuple[str, ...]:
    kind = ROUTES[endpoint].kind
    return {"landlord": ("lead",), "council": ("admin",)}.get(kind, ("lead", "admin"))


def test_reserved_names_in_the_query_string_are_ordinary_filters_on_every_page(app, world, as_user):
    for endpoint in _get_routes(app):
        url = example_url(app, endpoint, world)
        for who in _visitors(endpoint):
            for headers in (None, HTMX):
                clean = as_user(who, "GET", url, headers)
                fuzzed = as_user(who, "GET", _with_query(url, RESERVED), headers)
                assert fuzzed.status_code == clean.status_code, f"{who} {endpoint}: {fuzzed.status_code}"
                assert b"javascript:" not in fuzzed.data, endpoint


def test_integer_query_parameters_too_large_for_the_database_fall_back_to_the_default(app, world, as_user):
    for endpoint in _get_routes(app):
        url = example_url(app, endpoint, world)
        for who in _visitors(endpoint):
            clean = as_user(who, "GET", url)
            for pair in INTEGER_ARGS:
                fuzzed = as_user(who, "GET", _with_query(url, [pair]))
                assert fuzzed.status_code == clean.status_code, f"{who} {endpoint} {pair}: {fuzzed.status_code}"


@pytest.mark.parametrize("url", ["/payments?account=9998", "/claims?surname=Smith", "/letters", "/overpayments",
                                 "/team/activity", "/admin/changes"])
def test_a_page_number_too_large_for_the_database_shows_the_first_page(world, as_user, url):
    who = "admin" if url.startswith("/admin") else "lead"
    first = as_user(who, "GET", _with_query(url, [("page", "1")]))
    huge = as_user(who, "GET", _with_query(url, [("page", HUGE)]))
    assert huge.status_code == first.status_code == 200
    assert _main_text(huge) == _main_text(first)


def _main_text(response) -> str:
    return " ".join(parsed(response.get_data(as_text=True)).main.get_text(" ").split())


def test_a_huge_after_in_a_breakdown_shows_the_first_lines(world, as_user):
    response = as_user("lead", "GET", f"/payments/{world['payment'].id}?after={HUGE}")
    assert response.status_code == 200
    assert "Smith" in response.get_data(as_text=True)


ALL_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _console_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("admin.")]


def test_the_console_answers_everyone_but_the_council_as_if_it_did_not_exist(app, world, sign_in):
    """Every method on every console rule, and a console path that does not exist: a landlord gets
    the same 404 page for each, a stranger the same council sign-in redirect (no 405 for a POST-only
    route, no 400 for a missing form token); council users are told the truth (405, 404)."""
    lead, stranger = sign_in(app.test_client(), world["lead"]), app.test_client()
    council = sign_in(app.test_client(), world["admin"])
    nowhere = _main_text(lead.get("/admin/no-such-page"))
    assert nowhere.startswith("Page not found")
    assert council.get("/admin/no-such-page").status_code == 404
    rules = _console_rules(app)
    assert len(rules) > 20
    adapter = app.url_map.bind("localhost")
    for url in ["/admin/no-such-page", "/admin/users/1/no-such-action"] + [example_url(app, r.endpoint, world) for r in rules]:
        path = url.split("?")[0]
        try:
            allowed = set(adapter.allowed_methods(path))  # a path may have a rule per method
        except Exception:
            allowed = set()
        for method in ALL_METHODS:
            response = lead.open(url, method=method)
            assert response.status_code == 404, f"lead {method} {url}: {response.status_code}"
            assert _main_text(response) == nowhere
            response = stranger.open(url, method=method)
            assert response.status_code == 303, f"stranger {method} {url}: {response.status_code}"
            assert response.location == f"/admin/sign-in?next={quote(path, safe='/')}"
            if method not in allowed:
                response = council.open(url, method=method)
                assert response.status_code == (405 if allowed else 404), f"council {method} {url}: {response.status_code}"
