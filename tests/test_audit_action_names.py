"""Audit action names: one vocabulary (lp/audit_actions.py), and migration 0009 renames the events
already kept so the console's filter and the access log find them under the new names."""
from __future__ import annotations

import re

from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text

from lp import audit_actions, create_app

OLD = [("view_claim", "claim"), ("view", "payment"), ("view", "landlords"), ("export", "claims"),
       ("export", "payment"), ("open_letter", "letter"), ("email_changed", "user"), ("sign_out", "user"),
       ("registration_approved", "registration"), ("data_load", "import_batch"), ("sign_in.succeeded", "user"),
       ("team.invited", "user")]
NEW = ["claim.viewed", "payment.viewed", "landlords.searched", "claims.exported", "payment.exported",
       "letter.opened", "profile.email_changed", "user.signed_out", "registration.approved", "import.finished",
       "sign_in.succeeded", "team.invited"]


def test_every_action_is_area_dot_verb_and_says_what_it_means():
    for name, meaning in audit_actions.ACTIONS.items():
        assert re.fullmatch(r"[a-z_]+\.[a-z_]+", name), name
        assert meaning and meaning == meaning.strip()
    assert audit_actions.api_call("api.payments") == "api.payments"
    assert audit_actions.api_call(None) == "api.unknown"


def test_migration_0009_renames_old_events_and_downgrade_gives_the_old_names_back(tmp_path):
    url = f"sqlite:///{tmp_path / 'lp.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "LP_ENV": "test"})
    engine = create_engine(url)
    with app.app_context():
        upgrade(revision="0008")
        with engine.begin() as connection:
            for action, object_type in OLD:
                connection.execute(text("INSERT INTO audit_event (at, action, object_type) "
                                        "VALUES (CURRENT_TIMESTAMP, :action, :object_type)"),
                                   {"action": action, "object_type": object_type})
        upgrade(revision="0009")
        with engine.connect() as connection:
            assert list(connection.scalars(text("SELECT action FROM audit_event ORDER BY id"))) == NEW
        assert set(NEW) <= set(audit_actions.ACTIONS)
        downgrade(revision="0008")
        with engine.connect() as connection:
            assert list(connection.scalars(text("SELECT action FROM audit_event ORDER BY id"))) == [a for a, _ in OLD]
    engine.dispose()
