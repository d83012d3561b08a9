"""The fixed cost of a signed-in request (issue 14) stays small without changing what anyone sees: the
user and their session in one statement, the rate limiter only where there are limits, form fields kept
by their parameters with the typed value put in fresh."""
from __future__ import annotations

import pytest

from lp import create_app
from lp.extensions import limiter
from lp.govuk import _macro, govuk


def test_a_signed_in_page_reads_the_user_and_their_session_in_one_statement(lead_client, statements):
    assert "Accessibility" in lead_client.get("/accessibility").get_data(as_text=True)
    session_reads = [s for s in statements if "user_session" in s and s.lstrip().upper().startswith("SELECT")]
    assert len(session_reads) == 1 and "user_account" in session_reads[0]
    assert not [s for s in statements if "FROM user_account" in s and "user_session" not in s]


def test_the_limiter_checks_only_the_api_blueprint_which_is_limited_as_a_whole(app):
    limited = create_app({**app.config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://"})
    check = limiter._check_request_limit
    assert check not in limited.before_request_funcs[None]
    assert [name for name, hooks in limited.before_request_funcs.items() if check in hooks] == ["api"]
    assert limited.before_request_funcs["api"][0] == check  # before the token is looked at


TYPED = ["Smith", "O'Brien <script>alert(1)</script> & \"co\"", ""]


@pytest.mark.parametrize("typed", TYPED)
def test_a_kept_input_shows_exactly_what_govuk_renders_for_the_typed_value(app, typed):
    params = {"id": "surname", "name": "surname", "type": "search", "value": typed,
              "label": {"text": "Surname"}, "hint": None, "autocomplete": "off", "spellcheck": False,
              "errorMessage": {"text": "Enter a surname"} if not typed else None}
    with app.test_request_context("/"):
        assert govuk("input", params) == _macro("input")(params)
        assert govuk("input", params) == _macro("input")(params)  # and again, from what was kept
        assert "<script>" not in govuk("input", params)
        kept = "".join(app.extensions["lp_govuk_kept"].html.values())
    assert "O'Brien" not in kept and "Smith" not in kept, "what people type is not kept"


def test_a_kept_select_and_checkbox_follow_the_choice(app):
    with app.test_request_context("/"):
        for chosen in ("a", "b", "a"):
            params = {"id": "status", "name": "status", "label": {"text": "Status"},
                      "items": [{"value": v, "text": v.upper(), "selected": v == chosen} for v in "ab"]}
            assert govuk("select", params) == _macro("select")(params)
            assert f'<option value="{chosen}" selected>' in govuk("select", params)
        for checked in (True, False, 1, None):
            params = {"name": "suspended", "items": [{"id": "suspended", "value": "1", "text": "Only", "checked": checked}]}
            assert govuk("checkboxes", params) == _macro("checkboxes")(params)


@pytest.mark.parametrize(("endpoint", "values"), [
    ("claims.show", ["HB7001", "a b/c%?#é", "2147483647"]),
    ("payments.show", [1, 42, 2147483646]),
    ("letters.open_letter", [7]),
])
def test_a_rows_link_is_the_url_url_for_gives(app, endpoint, values):
    from flask import url_for

    from lp.routing import row_url

    with app.test_request_context("/"):
        link = row_url(endpoint)
        (name,) = next(app.url_map.iter_rules(endpoint)).arguments
        assert [link(value) for value in values] == [url_for(endpoint, **{name: value}) for value in values]


def test_a_narrowed_permission_leaves_the_menu_at_once(db, lead_client, landlord_world):
    from tests.conftest import parse_page

    def menu():
        return [a.get_text(strip=True) for a in parse_page(lead_client.get("/accessibility")).select("#navigation a")]

    assert "Team" in menu() and "Payments" in menu()
    lead = landlord_world["lead"]
    lead.set_permissions(set(lead.permission_set) - {"manage_users"})
    db.session.commit()
    assert "Team" not in menu() and "Payments" in menu()
