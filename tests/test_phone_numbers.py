"""UK phone numbers (lp/validators.py): every way people write a UK mobile is accepted and stored in
E.164; numbers are shown as "07400 123456" wherever a page shows one."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lp.models import Registration, User
from lp.validators import display_phone, uk_mobile_number, uk_telephone_number
from tests import factories as f
from tests.auth.conftest import post_form
from tests.auth.test_activation import NEW_PASSWORD, invited, link  # noqa: F401  (fixtures)
from tests.conftest import parse_page
from tests.register.test_views import VALID


@pytest.mark.parametrize("typed, stored", [
    ("07700 900 982", "+447700900982"),  # Ofcom's drama range: the example in our own hints
    ("07700900982", "+447700900982"),
    ("07911 654321", "+447911654321"),  # a block libphonenumber does not know is allocated
    ("+44 7911 654321", "+447911654321"),
    ("+447911654321", "+447911654321"),
    ("0044 7911 654321", "+447911654321"),
    ("+44 (0)7911 654321", "+447911654321"),
    ("(07911) 654 321", "+447911654321"),
    ("07911-654-321", "+447911654321"),
    ("447911654321", "+447911654321"),
    ("07400 123456", "+447400123456"),
    ("07624 123456", "+447624123456"),  # Isle of Man
])
def test_every_way_of_writing_a_uk_mobile_is_stored_in_e164(typed, stored):
    assert uk_mobile_number(typed) == stored


@pytest.mark.parametrize("typed", [
    "020 7946 0000",  # a London landline
    "01632 960001",
    "07011 123456",  # personal numbering, not a mobile
    "07623 123456",  # a pager
    "07911 65432",  # a digit short
    "07911 6543210",  # a digit long
    "+33 6 12 34 56 78",  # a French mobile
    "mobile",
    "",
])
def test_anything_but_a_uk_mobile_is_refused(typed):
    assert uk_mobile_number(typed) is None


def test_a_telephone_may_be_a_landline_or_a_mobile():
    assert uk_telephone_number("020 7946 0000") == "+442079460000"
    assert uk_telephone_number("07700 900 982") == "+447700900982"
    assert uk_telephone_number("12345") is None


@pytest.mark.parametrize("stored, shown", [
    ("+447400123456", "07400 123456"),
    ("+447700900982", "07700 900982"),
    ("+447911654321", "07911 654321"),
    ("+442079460000", "020 7946 0000"),
    (None, ""),
])
def test_stored_numbers_are_shown_as_people_write_them(stored, shown):
    assert display_phone(stored) == shown


def test_registration_takes_the_mobile_in_the_hints_own_example(db, client):
    assert post_form(client, "/register", {**VALID, "mobile": "07700 900 982"}).status_code == 303
    assert db.session.scalars(select(Registration)).one().mobile == "+447700900982"


def test_activation_takes_an_international_mobile(client, db, invited, link):  # noqa: F811
    data = {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD, "key_method": "sms",
            "mobile": "+44 7911 654321"}
    assert post_form(client, link, data).location == "/activate/confirm-mobile"
    assert db.session.get(User, invited.id).mobile == "+447911654321"


def test_the_profile_takes_a_0044_mobile_and_shows_it_the_uk_way(db, lead_client, landlord_world):
    assert post_form(lead_client, "/profile/mobile", {"mobile": "0044 7911 654321"}).status_code == 303
    lead = db.session.get(User, landlord_world["lead"].id)
    lead.mobile, lead.mobile_confirmed = "+447400123456", True
    db.session.commit()
    assert "07400 123456" in parse_page(lead_client.get("/profile")).text("#profile")


def test_the_council_sees_a_registrations_numbers_the_uk_way(db, council_client):
    registration = f.make_registration(mobile="+447400123456", telephone="+442079460000")
    db.session.commit()
    text = parse_page(council_client.get(f"/admin/registrations/{registration.id}")).text()
    assert "07400 123456" in text and "020 7946 0000" in text and "+44" not in text
