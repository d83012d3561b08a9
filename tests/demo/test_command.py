"""`flask lp demo`: loads the demo extract through the importer and makes the four development sign-ins."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from lp.auth.passwords import verify_password
from lp.models import PERMISSIONS, Claim, ImportBatch, LandlordAccount, Letter, User
from tests import factories as f


@pytest.fixture
def run_demo(app, tmp_path_factory):
    # One cache for the session: the extract is written once and reused, as on a developer's machine.
    app.config["LP_DEMO_DIR"] = str(tmp_path_factory.getbasetemp() / "demo-cache")

    def run(*args: str, password: str | None = None):
        app.config["LP_DEMO_PASSWORD"] = password
        return app.test_cli_runner().invoke(args=["lp", "demo", "--as-at", "2026-11-23", *args])
    return run


def users(db) -> dict[str, User]:
    return {u.username: u for u in db.session.scalars(select(User))}


def test_demo_loads_through_the_importer_and_makes_four_sign_ins(db, run_demo):
    result = run_demo()
    assert result.exit_code == 0, result.output

    batch = db.session.scalars(select(ImportBatch)).one()
    assert (batch.status, batch.run_by) == ("loaded", "demo")
    assert 60 <= db.session.scalar(select(func.count(Claim.id))) <= 150
    assert db.session.scalar(select(func.count(Letter.id))) > 0
    accounts = {a.reference: a for a in db.session.scalars(select(LandlordAccount))}
    assert all(a.landlord_id for a in accounts.values())
    assert accounts["9998"].landlord_id == accounts["9999"].landlord_id

    signed = users(db)
    password = re.search(r"Password \(generated, shown once\): (\S+)", result.output).group(1)
    lead, viewer, other, admin = (signed[n] for n in ("demo-lead", "demo-viewer", "demo-other", "demo-admin"))
    assert lead.is_lead and lead.permission_set == set(PERMISSIONS)
    assert not viewer.is_lead and viewer.permission_set == {"view_payments", "view_claims"}
    assert lead.landlord_id == viewer.landlord_id == accounts["9998"].landlord_id
    assert other.is_lead and other.landlord_id not in (None, lead.landlord_id)
    assert (admin.kind, admin.council_role, admin.key_method, admin.landlord_id) == ("council", "admin", "totp", None)
    assert admin.totp_secret and admin.totp_secret in result.output
    for user in signed.values():
        assert user.status == "active" and user.email == f"{user.username}@example.org"
        assert verify_password(user.password_hash, password)
    assert {u.key_method for u in (lead, viewer, other)} == {"email"}


def test_running_again_keeps_the_sign_ins_and_resets_the_password_only_when_set(db, run_demo):
    assert run_demo().exit_code == 0
    first = {name: (u.id, u.password_hash, u.totp_secret) for name, u in users(db).items()}

    again = run_demo()
    assert again.exit_code == 0, again.output
    assert "Password unchanged; set LP_DEMO_PASSWORD" in again.output
    db.session.expire_all()
    assert {name: (u.id, u.password_hash, u.totp_secret) for name, u in users(db).items()} == first
    assert db.session.scalars(select(ImportBatch.status).order_by(ImportBatch.id)).all() == ["loaded", "unchanged"]

    reset = run_demo(password="a demo password")
    assert reset.exit_code == 0, reset.output
    db.session.expire_all()
    assert all(verify_password(u.password_hash, "a demo password") for u in users(db).values())
    assert users(db)["demo-admin"].totp_secret == first["demo-admin"][2]


def test_if_empty_leaves_loaded_claims_alone_but_makes_the_sign_ins(db, run_demo):
    f.make_claim(f.make_account(reference="5000"), reference="HB9")
    db.session.commit()

    result = run_demo("--if-empty", password="a demo password")
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(ImportBatch.id))) == 0
    assert db.session.scalar(select(func.count(Claim.id))) == 1
    assert set(users(db)) == {"demo-lead", "demo-viewer", "demo-other", "demo-admin"}
    assert "a demo password" in result.output


def test_demo_refuses_outside_development(app, db, run_demo):
    app.config["LP_ENV"] = "production"
    result = run_demo()
    assert result.exit_code != 0
    assert "only in development" in result.output
    assert users(db) == {}
    assert db.session.scalar(select(func.count(ImportBatch.id))) == 0
