"""Council users: invite, change role, reset the authenticator, deactivate; never yourself; admins only."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lp.auth.tokens import read_token
from lp.models import AuditEvent, OutboxMessage, User
from tests import factories as f
from tests.conftest import parse_page


@pytest.fixture(autouse=True)
def _no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def admin_client(app, landlord_world, sign_in):
    return sign_in(app.test_client(), landlord_world["admin"])


def fresh(db, user):
    db.session.expire_all()
    return db.session.get(User, user.id)


def test_inviting_creates_an_invited_council_user_and_emails_an_activation_link(db, admin_client):
    response = admin_client.post("/admin/users/invite", data={
        "first_name": "Dana", "last_name": "Loader", "email": "dana@anytown.example", "role": "data"})
    assert response.status_code == 303
    assert "Their username is dana.loader" in parse_page(admin_client.get(response.headers["Location"])).text()
    user = db.session.scalars(select(User).where(User.email == "dana@anytown.example")).one()
    assert (user.kind, user.council_role, user.status, user.totp_secret) == ("council", "data", "invited", None)
    [email] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "dana@anytown.example")).all()
    link = next(line for line in email.body.splitlines() if line.startswith("http"))
    assert read_token("activation", link.rsplit("/", 1)[1])[0].id == user.id
    assert db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_ref == str(user.id))).all() == [
        "council_user.invited"]


def test_an_invitation_with_mistakes_is_shown_again_with_messages(db, admin_client, landlord_world):
    page = parse_page(admin_client.post("/admin/users/invite", data={
        "first_name": "Dana", "last_name": "", "email": landlord_world["council"].email}))
    summary = page.text(".govuk-error-summary")
    assert "Enter their last name" in summary and "Select a role" in summary
    assert "A council user with this e-mail address already exists" in summary
    assert page.select_one("#first_name")["value"] == "Dana"


def test_changing_a_role(db, admin_client, landlord_world):
    officer = landlord_world["council"]
    assert admin_client.post(f"/admin/users/{officer.id}/role", data={"role": "data"}).status_code == 303
    assert fresh(db, officer).council_role == "data"


def test_resetting_the_authenticator_makes_them_enrol_again(db, admin_client, landlord_world):
    officer = landlord_world["council"]
    officer.totp_secret, officer.totp_last_step = "JBSWY3DPEHPK3PXP", 123
    db.session.commit()
    admin_client.post(f"/admin/users/{officer.id}/reset-authenticator")
    assert (fresh(db, officer).totp_secret, fresh(db, officer).totp_last_step) == (None, None)


def test_deactivating_a_council_user_signs_them_out(app, db, admin_client, council_client, landlord_world):
    officer = landlord_world["council"]
    assert admin_client.post(f"/admin/users/{officer.id}/deactivate").status_code == 303
    assert fresh(db, officer).status == "deactivated"
    assert council_client.get("/admin").status_code == 303


def test_nobody_changes_their_own_role_or_deactivates_themselves(db, admin_client, landlord_world):
    me = landlord_world["admin"]
    page = parse_page(admin_client.get(f"/admin/users/{me.id}"))
    assert page.select_one("#change-role") is None and page.select_one("#deactivate") is None
    response = admin_client.post(f"/admin/users/{me.id}/role", data={"role": "data"}, follow_redirects=True)
    assert "You cannot change your own role" in parse_page(response).text()
    response = admin_client.post(f"/admin/users/{me.id}/deactivate", follow_redirects=True)
    assert "You cannot deactivate yourself" in parse_page(response).text()
    assert (fresh(db, me).council_role, fresh(db, me).status) == ("admin", "active")


def test_a_landlord_user_is_not_found_among_council_users(admin_client, landlord_world):
    assert admin_client.get(f"/admin/users/{landlord_world['lead'].id}").status_code == 404


@pytest.mark.parametrize("role", ["council", "data_user"])
def test_only_an_admin_manages_council_users(app, db, landlord_world, sign_in, role):
    client = sign_in(app.test_client(), landlord_world[role])
    target = f.make_user(None, council_role="officer")
    db.session.commit()
    assert client.get("/admin/users").status_code == 403
    assert client.post(f"/admin/users/{target.id}/role", data={"role": "admin"}).status_code == 403
    assert fresh(db, target).council_role == "officer"


def test_council_user_changes_need_the_csrf_token(app, db, admin_client, landlord_world):
    app.config["WTF_CSRF_ENABLED"] = True
    officer = landlord_world["council"]
    assert admin_client.post(f"/admin/users/{officer.id}/deactivate").status_code == 400
    assert admin_client.post("/admin/users/invite", data={"first_name": "X"}).status_code == 400
    assert fresh(db, officer).status == "active"
