"""Fixtures every test uses: an app on a database built by the migrations, clients, parsed pages.

The suite runs on SQLite; when LP_TEST_DATABASE_URL is set (PostgreSQL), every test that uses the
database runs there too.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import create_engine, text

from lp import create_app
from lp.extensions import db as _db

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("LP_TEST_DATABASE_URL") else [])


def _upgrade(url: str) -> None:
    """Build the schema by running the migrations, as production does."""
    from flask_migrate import upgrade

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "LP_ENV": "test"})
    with app.app_context():
        upgrade()
        _db.engine.dispose()


@pytest.fixture(scope="session")
def database_urls(tmp_path_factory) -> dict[str, str]:
    urls = {"sqlite": f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"}
    if "postgresql" in BACKENDS:
        urls["postgresql"] = _fresh_postgres_database(os.environ["LP_TEST_DATABASE_URL"])
    for url in urls.values():
        _upgrade(url)
    return urls


def _fresh_postgres_database(url: str) -> str:
    """A database of our own beside the one named, so a run never meets another run's leftovers."""
    name = f"lp_test_{os.getpid()}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return re.sub(r"/[^/]*$", f"/{name}", url)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def app(backend, database_urls, tmp_path):
    app = create_app({
        "LP_ENV": "test",
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_urls[backend],
        "LP_OUTBOX_DIR": str(tmp_path / "outbox"),
        "LP_OUTBOX_SENDER_THREAD": False,
        "RATELIMIT_ENABLED": False,
    })
    yield app
    with app.app_context():
        _empty_every_table()
        _db.engine.dispose()


def _empty_every_table() -> None:
    _db.session.remove()
    tables = [t.name for t in reversed(_db.metadata.sorted_tables)]
    with _db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
def db(app):
    with app.app_context():
        yield _db


@pytest.fixture
def client(app):
    return app.test_client()


class Page:
    """A fetched page, parsed: select by CSS as a user would look, and keep the response."""

    def __init__(self, response):
        self.response = response
        self.soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")

    def select(self, selector: str):
        return self.soup.select(selector)

    def select_one(self, selector: str):
        return self.soup.select_one(selector)

    def text(self, selector: str = "main") -> str:
        element = self.soup.select_one(selector)
        return " ".join(element.get_text(" ").split()) if element else ""

    @property
    def title(self) -> str:
        return self.soup.title.get_text(strip=True) if self.soup.title else ""


def parse_page(response, *, status: int = 200) -> Page:
    """Parse a response, checking its status and that the HTML is well formed."""
    import html5lib

    assert response.status_code == status, f"{response.status_code} != {status}: {response.get_data(as_text=True)[:500]}"
    html = response.get_data(as_text=True)
    html5lib.HTMLParser(strict=True).parse(html)  # raises on malformed HTML
    return Page(response)


@pytest.fixture
def get_page(client):
    def get(url: str, *, status: int = 200, **kwargs) -> Page:
        return parse_page(client.get(url, **kwargs), status=status)

    return get


ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def sign_in(app):
    """Sign a user in on a test client the way lp/auth does at the end of a real sign-in."""

    from lp.sessions import start_session

    def sign_in(client, user):
        with app.test_request_context():
            from flask import session

            start_session(user)
            _db.session.commit()
            cookie_session = dict(session)
        with client.session_transaction() as stored:
            stored.clear()
            stored.update(cookie_session)
        return client

    return sign_in


@pytest.fixture
def landlord_world(db):
    """Two landlords as the demo has them: 'lead' (two accounts) and 'other'; each with claims."""
    from tests import factories as f

    lead_org = f.make_landlord(name="Northgate Housing Association")
    other_org = f.make_landlord(name="Other Lettings Ltd")
    world = {
        "landlord": lead_org,
        "other_landlord": other_org,
        "account": f.make_account(lead_org, reference="9998"),
        "second_account": f.make_account(lead_org, reference="9999"),
        "other_account": f.make_account(other_org, reference="7001"),
    }
    world["lead"] = f.make_user(lead_org, username="lead", is_lead=True)
    world["viewer"] = f.make_user(lead_org, username="viewer", permissions=("view_payments", "view_claims"))
    world["other"] = f.make_user(other_org, username="other", is_lead=True)
    world["council"] = f.make_user(None, username="officer", council_role="officer")
    world["admin"] = f.make_user(None, username="admin", council_role="admin")
    world["data_user"] = f.make_user(None, username="loader", council_role="data")
    db.session.commit()
    return world


@pytest.fixture
def lead_client(app, landlord_world, sign_in):
    return sign_in(app.test_client(), landlord_world["lead"])


@pytest.fixture
def viewer_client(app, landlord_world, sign_in):
    return sign_in(app.test_client(), landlord_world["viewer"])


@pytest.fixture
def other_client(app, landlord_world, sign_in):
    return sign_in(app.test_client(), landlord_world["other"])


@pytest.fixture
def council_client(app, landlord_world, sign_in):
    return sign_in(app.test_client(), landlord_world["council"])
