"""Links in e-mails point at where lp is served: LP_BASE_URL, or in development the port it listens on."""
import pytest

from lp import create_app
from lp.notify import absolute_url

SETTINGS = {"LP_ENV": "development", "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "LP_OUTBOX_SENDER_THREAD": False}


@pytest.fixture
def environment(monkeypatch):
    monkeypatch.delenv("LP_BASE_URL", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    return monkeypatch


def _sign_in_link() -> str:
    app = create_app(dict(SETTINGS))
    with app.app_context():
        return absolute_url("auth.sign_in")


def test_links_follow_the_port_make_run_serves_on(environment):
    environment.setenv("PORT", "8123")
    assert _sign_in_link() == "http://127.0.0.1:8123/sign-in"


def test_links_use_port_8000_by_default(environment):
    assert _sign_in_link() == "http://127.0.0.1:8000/sign-in"


def test_the_councils_base_url_wins_over_the_port(environment):
    environment.setenv("PORT", "8123")
    environment.setenv("LP_BASE_URL", "https://landlords.anytown.example")
    assert _sign_in_link() == "https://landlords.anytown.example/sign-in"
