"""At LP_MAX_USERS users and invitations the invite page says so, and what frees a place, instead of
offering a form that could only be refused."""
from __future__ import annotations

from tests import factories as f
from tests.conftest import parse_page


def _fill_the_organisation(app, db, landlord_world, leave_free: int = 0):
    for _ in range(app.config["LP_MAX_USERS"] - 2 - leave_free):  # lead and viewer are two
        f.make_user(landlord_world["landlord"], status="invited")
    db.session.commit()


def test_at_10_of_10_the_invite_page_says_the_organisation_is_full(app, db, lead_client, landlord_world):
    _fill_the_organisation(app, db, landlord_world)
    page = parse_page(lead_client.get("/team/invite"))
    assert page.text("#team-full") == (
        "Your organisation has 10 of 10 users and invitations, the most it can have, so you cannot invite "
        "anyone now. To invite someone, first deactivate a user or cancel an invitation on the team page.")
    assert page.select_one("#team-full a")["href"] == "/team"
    assert page.select_one("main form") is None and page.select_one("#first_name") is None


def test_with_a_place_left_the_invite_page_shows_the_form(app, db, lead_client, landlord_world):
    _fill_the_organisation(app, db, landlord_world, leave_free=1)
    page = parse_page(lead_client.get("/team/invite"))
    assert page.select_one("#team-full") is None
    assert page.select_one("main form #first_name") is not None
