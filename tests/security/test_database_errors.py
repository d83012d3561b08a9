"""A database error's text reaches the log (lp/errors.py logs the unexpected ones with their
traceback): it must never carry the statement's values, which are tenants' names and postcodes."""
from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from lp.models import Claim


def test_a_database_error_names_the_statement_but_never_its_values(app, db):
    with pytest.raises(DBAPIError) as raised, db.session.begin_nested():
        db.session.execute(text(f"SELECT no_such_column FROM {Claim.__table__.name} WHERE surname = :surname"),
                           {"surname": "Zebedee-Smith"})
    assert "no_such_column" in str(raised.value) and "Zebedee-Smith" not in str(raised.value)
