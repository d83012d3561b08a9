"""Forms are posted without CSRF tokens here; tests/security/test_csrf.py checks CSRF on every route."""
import pytest


@pytest.fixture(autouse=True)
def _no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False
