"""The menus offer a page exactly to the users its view lets in (the menu reads the view's own guard),
and templates link by endpoint (url_for), never by a hand-written path."""
from __future__ import annotations

import re
from pathlib import Path

from flask import url_for

from lp.models import PERMISSIONS
from lp.navigation import COUNCIL_MENU, LANDLORD_MENU
from tests.conftest import parse_page

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# A link, form, script or htmx request written as a site path. The footer's links (Help, Contact,
# Accessibility statement, Privacy notice, Cookies) use url_for too, so nothing is allowed here.
HAND_WRITTEN_PATH = re.compile(r'\b(?:href|action|formaction|src|data-hx-(?:get|post|put|delete))="/')
ALLOWED: set[tuple[str, str]] = set()


def _walk_menu(app, sign_in, user, home: str, menu) -> list[tuple[str, bool, int]]:
    """(label, shown in the menu, status of its page) for each item of `menu`, as `user`."""
    client = sign_in(app.test_client(), user)
    page = parse_page(client.get(home))
    shown = {a.get_text(strip=True): a["href"] for a in page.select("#navigation a")}
    with app.test_request_context():
        hrefs = {label: url_for(endpoint) for label, endpoint in menu}
    assert set(shown) <= set(hrefs), f"items in the menu that menu does not list: {set(shown) - set(hrefs)}"
    walked = []
    for label, href in hrefs.items():
        if label in shown:
            assert shown[label] == href, label
        walked.append((label, label in shown, client.get(href).status_code))
    return walked


def test_each_landlord_menu_item_is_shown_exactly_to_the_users_who_may_open_it(app, world, sign_in):
    users = {"lead": world["lead"], "viewer": world["viewer"]} | {
        f"without {permission}": world["without"][permission] for permission in PERMISSIONS}
    for name, user in users.items():
        walked = _walk_menu(app, sign_in, user, "/", LANDLORD_MENU)
        assert [(label, status) for label, shown, status in walked if shown != (status == 200)] == [], name
        assert {status for _, _, status in walked} <= {200, 403}, name
    assert all(shown for _, shown, _ in _walk_menu(app, sign_in, world["lead"], "/", LANDLORD_MENU))


def test_each_council_menu_item_is_shown_exactly_to_the_roles_that_may_open_it(app, world, sign_in):
    for role in ("admin", "council", "data_user"):
        walked = _walk_menu(app, sign_in, world[role], "/admin", COUNCIL_MENU)
        assert [(label, status) for label, shown, status in walked if shown != (status == 200)] == [], role
        assert {status for _, _, status in walked} <= {200, 403}, role


def test_no_template_writes_a_site_path_by_hand():
    found = {
        (str(path.relative_to(TEMPLATES)), line.strip())
        for path in TEMPLATES.rglob("*.html")
        for line in path.read_text().splitlines()
        if HAND_WRITTEN_PATH.search(line)
    }
    assert found - ALLOWED == set(), "link with url_for(endpoint) instead"
