"""Fixtures every test uses: an app on a database built by the migrations, clients, parsed pages.

The suite runs on SQLite; when LP_TEST_DATABASE_URL is set (PostgreSQL), every test that uses the
database runs there too.

Each test runs in a transaction rolled back at its end, on one app per backend built once (building an
app and compiling its templates was most of a test's time). A test that needs commits another
connection sees (a live server, threads, the outbox sender, another process) or that adds routes to
its app is marked `committing`: it gets an app of its own, and every table is emptied after it.

A world too costly to build for each test (tests/security's object of every kind, in about 300 tests)
is built once per test process and backend, committed in a database of its own (BUILT_ONCE); a test
whose fixtures ask for `built_once` runs on that database, in its rolled-back transaction like any other.
"""
from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
from argon2 import PasswordHasher
from bs4 import BeautifulSoup
from flask import Flask
from flask_sqlalchemy.session import Session
from jinja2 import BytecodeCache
from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.orm import InstanceState

from lp import create_app
from lp.auth import passwords as _passwords
from lp.extensions import db as _db
from lp.extensions import limiter

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("LP_TEST_DATABASE_URL") else [])

# argon2id with production's parameters (64 MiB, 3 passes) costs 0.1-0.4 s a hash or a check, and a test
# that signs in ten times waited seconds for it. The tests' processes hash with argon2id's smallest
# parameters instead (the same code path, the same hash format); production's own parameters are asserted
# by tests/auth/test_password_hashing.py, and processes the tests start (deploy_faults, the rehearsal)
# hash as production does.
PRODUCTION_HASHER = _passwords._hasher
_passwords._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


class _CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates, shared by every app a test process builds. Compiling lp's templates
    costs about 1.5 s an app, and each committing test (every browser journey) builds an app of its own;
    a template's code depends only on its source (part of the key) and the environment, which
    create_app() makes the same way each time."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED_TEMPLATES = _CompiledTemplates()
_create_jinja_environment = Flask.create_jinja_environment


def _jinja_environment_sharing_compiled_templates(flask_app):
    environment = _create_jinja_environment(flask_app)
    environment.bytecode_cache = _COMPILED_TEMPLATES
    return environment


Flask.create_jinja_environment = _jinja_environment_sharing_compiled_templates


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


def _fresh_postgres_database(url: str, suffix: str = "") -> str:
    """A database of our own beside the one named, so a run never meets another run's leftovers; dropped
    when the test process ends (pytest_sessionfinish)."""
    name = f"lp_test_{os.getpid()}{suffix}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
        # A test database need not survive a crash: commits do not wait for the WAL to reach the disk.
        connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    admin.dispose()
    _POSTGRES_DATABASES.append(name)
    return re.sub(r"/[^/]*$", f"/{name}", url)


_POSTGRES_DATABASES: list[str] = []


def pytest_sessionfinish() -> None:
    """Drop the PostgreSQL databases this process made (each xdist worker makes its own), so runs do not
    leave two databases a worker behind them."""
    if not _POSTGRES_DATABASES:
        return
    admin = create_engine(os.environ["LP_TEST_DATABASE_URL"], isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for name in _POSTGRES_DATABASES:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


def _test_settings(url: str, outbox: Path) -> dict:
    return {
        "LP_ENV": "test",
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": url,
        "LP_OUTBOX_DIR": str(outbox),
        "LP_OUTBOX_SENDER_THREAD": False,
        "RATELIMIT_ENABLED": False,
    }


def pytest_collection_modifyitems(items) -> None:
    """Tests that need commits other connections see (a live server, the browser, other processes)
    run committing, on an app of their own; so do tests that build their own app on the test database
    (asking for `database_urls` themselves), whose commits are real and must be emptied after them."""
    for item in items:
        path = str(item.path)
        own_arguments = getattr(getattr(item, "_fixtureinfo", None), "argnames", ())
        if any(f"{os.sep}{part}{os.sep}" in path for part in ("e2e", "deploy", "deploy_faults")) or (
                "live_server" in getattr(item, "fixturenames", ())) or "database_urls" in own_arguments:
            item.add_marker("committing")
        if any(path.endswith(os.path.join("tests", *part.split("/"))) or
               f"{os.sep}tests{os.sep}{part}{os.sep}" in path for part in SLOW):
            item.add_marker("slow")
    # The slow ones first: each pytest-xdist worker runs its share from the front, and one that has finished
    # steals from the back of another's (`--dist worksteal`, the Makefile), so the long tests start early and
    # the run ends on short ones rather than on a 20-second test while the other worker waits.
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


# Tests of several seconds each (a browser, other processes, every page or every form in one test).
SLOW = ("e2e", "deploy_faults", "test_conforming_html.py", "render_cache/test_audit_killed.py",
        "security/test_injection.py", "security/test_fuzz_urls.py", "security/test_csrf.py", "auth/test_races.py")


@pytest.fixture
def app(request, backend, database_urls, tmp_path, tmp_path_factory):
    """The app on `backend`. By default one app per backend serves the whole session and each test
    runs inside a transaction that is rolled back at its end: the code's own commits only release
    savepoints. Tests marked `committing` (live servers, threads, other connections) get a fresh
    app whose commits are real; every table is emptied after them."""
    if request.node.get_closest_marker("committing"):
        app = create_app(_test_settings(database_urls[backend], tmp_path / "outbox"))
        yield app
        with app.app_context():
            _empty_every_table()
            _db.engine.dispose()
        return
    if "built_once" in request.fixturenames:
        app = _shared_app(f"{backend}-built-once", lambda: _built_once_database(backend, tmp_path_factory),
                          tmp_path_factory, build=_build_once)
    else:
        app = _shared_app(backend, lambda: database_urls[backend], tmp_path_factory)
    # Extensions are module-level objects: another test's create_app() re-bound the limiter to its app.
    limiter.__dict__.update(_LIMITER_STATE[app.lp_shared_as])
    settings, attributes = dict(app.config), {name: getattr(app, name) for name in _APP_ATTRIBUTES}
    extensions = dict(app.extensions)  # the code keeps per-process caches there (lp_letter_types)
    app.config["LP_OUTBOX_DIR"] = str(tmp_path / "outbox")
    with app.app_context():
        connection = _db.engine.connect()
    outer = connection.begin()
    shared_session = _db.session
    _db.session = _db._make_scoped_session({
        "class_": _JoinedSession, "bind": connection, "join_transaction_mode": "create_savepoint"})
    try:
        yield app
    finally:
        for session in list(_db.session.registry.registry.values()):  # those of contexts still open
            session.close()
        _db.session = shared_session
        outer.rollback()
        connection.close()
        app.config.clear()
        app.config.update(settings)
        app.extensions.clear()
        app.extensions.update(extensions)
        for name, value in attributes.items():
            setattr(app, name, value)


_APP_ATTRIBUTES = ("wsgi_app", "test_client_class")
_SHARED_APPS: dict[str, object] = {}
_LIMITER_STATE: dict[str, dict] = {}


class _JoinedSession(Session):
    """A session that always uses the test's connection (Flask-SQLAlchemy picks the engine itself)."""

    def get_bind(self, *args, **kwargs):
        return self.bind


def _shared_app(key: str, database: Callable[[], str], tmp_path_factory, build: Callable[[], None] | None = None):
    """The app `key` names (a backend, or a backend's built-once database), made at its first use on the
    database whose URL `database()` gives; `build` commits what it holds before any test's transaction."""
    if key not in _SHARED_APPS:
        url = database()
        app = create_app(_test_settings(url, tmp_path_factory.mktemp("outbox")))
        app.lp_shared_as = key
        with app.app_context():
            if build is not None:
                build()
                _db.session.remove()
                _db.engine.dispose()  # the connections made after this one begin for real (below)
            if url.startswith("sqlite"):
                _begin_for_real(_db.engine)
        _SHARED_APPS[key] = app
        _LIMITER_STATE[key] = dict(limiter.__dict__)
    return _SHARED_APPS[key]


# What a fixture builds once (its builder registered here by the conftest that defines it), and, per
# backend, what each builder made: the model and primary key of each object, or the plain value.
BUILT_ONCE: dict[str, Callable[[], dict]] = {}
_BUILT: dict[str, dict] = {}


def _built_once_database(backend: str, tmp_path_factory) -> str:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('built-once') / 'test.sqlite3'}"
    else:
        url = _fresh_postgres_database(os.environ["LP_TEST_DATABASE_URL"], suffix="_built_once")
    _upgrade(url)
    return url


def _build_once() -> None:
    backend = _db.engine.dialect.name
    _BUILT[backend] = {name: _kept(build()) for name, build in BUILT_ONCE.items()}
    _db.session.commit()


def _kept(value):
    """A built value as it can outlive its session: an object as its model and primary key."""
    if isinstance(value, dict):
        return {key: _kept(item) for key, item in value.items()}
    state = inspect(value, raiseerr=False)
    if isinstance(state, InstanceState):
        return _Row(type(value), state.identity)
    return value


class _Row(NamedTuple):
    model: type
    identity: tuple


def _loaded(value):
    """A kept value loaded again in the current session: the object itself, as the builder made it."""
    if isinstance(value, dict):
        return {key: _loaded(item) for key, item in value.items()}
    if isinstance(value, _Row):
        return _db.session.get(*value)
    return value


@pytest.fixture
def built_once(request, app, db):
    """What each of BUILT_ONCE's builders made, loaded in this test's session; a committing test (an app
    and a database of its own) gets None, and builds what it needs itself."""
    if request.node.get_closest_marker("committing"):
        return None
    return {name: _loaded(kept) for name, kept in _BUILT[db.engine.dialect.name].items()}


def _begin_for_real(engine) -> None:
    """pysqlite opens a transaction only before a write, so a SAVEPOINT could be the outermost one and
    its release a commit: let SQLAlchemy emit BEGIN itself (SQLAlchemy's documented recipe)."""

    @event.listens_for(engine, "connect")
    def _no_implicit_transactions(dbapi_connection, _record):
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN")


def _empty_every_table() -> None:
    _db.session.remove()
    tables = [t.name for t in reversed(_db.metadata.sorted_tables)]
    with _db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))


def when_run(value):
    """A parameter's value when the test runs: a function (tomorrow) is called then. pytest builds a
    parametrize list when it collects the file, which may be the day before."""
    return value() if callable(value) else value


@pytest.fixture
def today():
    """The app's today when the test runs, read once for its data and what it expects: a date computed at
    import or in a parametrize list is the day pytest collected the file, the day before for a test that
    runs after midnight."""
    from lp import horizon

    return horizon.today()


@pytest.fixture
def db(app):
    with app.app_context():
        yield _db


@pytest.fixture
def statements(app):
    """Every SQL statement the app sends while the test runs, in order."""
    seen = []
    with app.app_context():
        engine = _db.engine

    def record(_conn, _cursor, statement, *_):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def client(app):
    return app.test_client()


def parsed(html: str) -> BeautifulSoup:
    """HTML as a tree to select from, the one way the tests parse a page. lxml builds it several times
    faster than Python's html.parser, and most tests parse pages; parse_page's html5lib pass checks the
    HTML against HTML's own parsing rules."""
    return BeautifulSoup(html, "lxml")


class Page:
    """A fetched page, parsed: select by CSS as a user would look, and keep the response."""

    def __init__(self, response):
        self.response = response
        self.soup = parsed(response.get_data(as_text=True))

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
def landlord_world(request, db):
    """Two landlords as the demo has them: 'lead' (two accounts) and 'other'; each with claims. A test
    on the built-once database has them already (tests/security's world is built on them)."""
    built = request.getfixturevalue("built_once") if "built_once" in request.fixturenames else None
    if built is not None:
        return built["world"]
    world = build_landlord_world()
    db.session.commit()
    return world


def build_landlord_world() -> dict:
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

def stop_waitress(server, thread) -> None:
    """Stop a waitress server run in a thread at once: close() alone leaves run()'s loop waiting on the
    channels still in its map (the trigger, kept-alive connections), so the join waited its 5 s.
    The loop notices the empty map at its next select() timeout (asyncore_loop_timeout)."""
    server.task_dispatcher.shutdown()
    for dispatcher in list(server._map.values()):  # an empty map ends run()'s loop
        dispatcher.close() if dispatcher is server else dispatcher.handle_close()
    thread.join(5)


def run_waitress(server) -> None:
    with contextlib.suppress(OSError):  # select() may meet a socket stop_waitress has just closed
        server.run()
