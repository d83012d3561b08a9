"""Forms are posted without CSRF tokens here; the tests that check CSRF turn it back on."""
import pytest


@pytest.fixture(autouse=True)
def _no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False
