"""The public pages, the health check and the error pages."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine

from lp import create_app


@pytest.mark.parametrize(
    "url, heading",
    [
        ("/accessibility", "Accessibility statement"),
        ("/privacy", "Privacy notice"),
        ("/cookies", "Cookies"),
    ],
)
def test_footer_pages_are_written_for_lp(get_page, url, heading):
    page = get_page(url)
    assert heading in page.text("h1")
    footer_links = [a.get_text(strip=True) for a in page.select("footer a")]
    assert footer_links == ["Help", "Contact", "Accessibility statement", "Privacy notice", "Cookies"]


def test_layout_names_the_council_and_shows_no_crown_or_gov_uk_logo(app, get_page):
    page = get_page("/accessibility")
    assert page.text("header").startswith(app.config["LP_COUNCIL_NAME"])
    html = page.response.get_data(as_text=True)
    assert "Crown copyright" not in html
    assert "govuk-header__logotype" not in html
    assert page.select_one("a.govuk-skip-link[href='#main-content']")
    assert page.select_one("main#main-content")


def test_health_check_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    # Without LP_REDIS_URL each process counts its own rate limits: that is the design, not a fault.
    assert response.json == {"status": "ok", "database": "ok", "rate_limits": "per-process"}


def test_health_check_answers_503_when_the_database_does_not(app, client, monkeypatch):
    dead = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none", pool_pre_ping=False)
    monkeypatch.setattr("lp.pages.views.database_answers", lambda: __import__("lp.database").database.database_answers(dead))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": "unreachable"}


def test_unknown_page_is_a_404_in_the_service_design(get_page):
    page = get_page("/no-such-page", status=404)
    assert page.text("h1") == "Page not found"
    assert page.select_one("footer")


@pytest.mark.committing
@pytest.mark.parametrize("code", [400, 403, 413, 429, 500, 503])
def test_error_pages_are_in_the_service_design(app, code):
    from flask import abort

    app.add_url_rule(f"/_fail/{code}", f"fail_{code}", lambda: abort(code))
    response = app.test_client().get(f"/_fail/{code}")
    assert response.status_code == code
    html = response.get_data(as_text=True)
    assert "<footer" in html and app.config["LP_COUNCIL_NAME"] in html
    assert "Traceback" not in html


@pytest.mark.committing
def test_an_unexpected_exception_is_a_500_page_without_a_stack_trace(app):
    def broken():
        raise RuntimeError("secret internals")

    app.add_url_rule("/_broken", "broken", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/_broken")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "secret internals" not in html and "Traceback" not in html
    assert "Sorry, there is a problem with the service" in html


def test_outside_development_lp_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("LP_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="LP_SECRET_KEY"):
        create_app({"LP_ENV": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
