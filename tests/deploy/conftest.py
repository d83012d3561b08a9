"""The rehearsal: the reference deployment (deploy/rehearse) started for the session and driven through
nginx over HTTPS, as a landlord's browser reaches it.

It runs when LP_REHEARSAL is set (`make rehearsal`; .ci/run runs it after `make test`), and is skipped
otherwise: it needs nginx, the machine's PostgreSQL and Redis, and ports 8443, 8101 and 8102.
LP_REHEARSAL=running uses a deployment already up (`deploy/rehearse up`) and leaves it running.
"""
from __future__ import annotations

import os
import subprocess

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import create_engine, text

from deploy.client import BASE_URL, ROOT, Deployment
from tests.conftest import parsed

REHEARSE = ROOT / "deploy" / "rehearse"


@pytest.fixture(scope="session")
def deployment():
    mode = os.environ.get("LP_REHEARSAL")
    if not mode:
        pytest.skip("the deployment rehearsal runs with LP_REHEARSAL=1 (`make rehearsal`, and .ci/run)")
    try:
        if mode != "running":
            subprocess.run([str(REHEARSE), "up"], check=True, timeout=600)
        yield Deployment.read()
    finally:  # also when `up` failed half-way: `down` stops whatever it had started
        if mode != "running":
            subprocess.run([str(REHEARSE), "down"], timeout=120)


@pytest.fixture(scope="session")
def database(deployment):
    """The rehearsal's own PostgreSQL database, read as the council's DBA would."""
    engine = create_engine(deployment.env["LP_DATABASE_URL"])
    yield engine
    engine.dispose()


def one(engine, sql: str, **params):
    with engine.connect() as connection:
        return connection.execute(text(sql), params).first()


def soup(response) -> BeautifulSoup:
    return parsed(response.text)


def words(response, selector: str = "main") -> str:
    element = soup(response).select_one(selector)
    return " ".join(element.get_text(" ").split()) if element else ""


def csrf(session, path: str) -> str:
    return soup(session.get(f"{BASE_URL}{path}")).select_one("input[name=csrf_token]")["value"]
