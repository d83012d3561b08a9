"""lp/htmx.py: a normal request gets the page, an htmx request only the targeted block."""
from __future__ import annotations

import pytest
from flask import render_template_string

from lp.htmx import hx_redirect, render

# Adds routes to its app: an app of its own, not the one the session shares.
pytestmark = pytest.mark.committing


@pytest.fixture
def fragment_app(app, tmp_path):
    from jinja2 import ChoiceLoader, DictLoader

    app.jinja_loader = ChoiceLoader([
        DictLoader({"probe.html": (
            "{% extends 'layout.html' %}{% block content %}<h1>Probe</h1>"
            "{% block probe_rows %}<tbody id='probe-rows'><tr><td>{{ n }}</td></tr></tbody>{% endblock %}"
            "{% endblock %}"
        )}),
        app.jinja_loader,
    ])
    app.add_url_rule("/_probe", "probe", lambda: render("probe.html", n=7))
    app.add_url_rule("/_go", "go", lambda: hx_redirect("/elsewhere"))
    return app


def test_a_normal_request_gets_the_whole_page(fragment_app):
    response = fragment_app.test_client().get("/_probe")
    html = response.get_data(as_text=True)
    assert "<h1>Probe</h1>" in html and "<footer" in html
    assert "HX-Request" in response.headers["Vary"]


def test_an_htmx_request_gets_only_the_block_its_target_names(fragment_app):
    response = fragment_app.test_client().get("/_probe", headers={"HX-Request": "true", "HX-Target": "probe-rows"})
    html = response.get_data(as_text=True).strip()
    assert html.startswith("<tbody id='probe-rows'>") and "<footer" not in html
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize("extra", [{"HX-Boosted": "true"}, {"HX-History-Restore-Request": "true"}, {"HX-Target": "no-such-block"}])
def test_boosted_history_restore_and_unknown_targets_get_the_whole_page(fragment_app, extra):
    headers = {"HX-Request": "true", "HX-Target": "probe-rows", **extra}
    html = fragment_app.test_client().get("/_probe", headers=headers).get_data(as_text=True)
    assert "<footer" in html


def test_hx_redirect_is_a_303_without_htmx_and_hx_redirect_with_it(fragment_app):
    client = fragment_app.test_client()
    plain = client.get("/_go")
    assert plain.status_code == 303 and plain.headers["Location"] == "/elsewhere"
    htmx = client.get("/_go", headers={"HX-Request": "true"})
    assert htmx.headers["HX-Redirect"] == "/elsewhere"


def test_money_and_dates_are_shown_the_uk_way(app):
    with app.test_request_context():
        assert render_template_string("{{ 123456|money }} {{ -1140|money }}") == "£1,234.56 \u2212£11.40"
        from datetime import date

        assert render_template_string("{{ d|date }}", d=date(2026, 3, 7)) == "07/03/2026"
        assert str(render_template_string("{{ t|lines }}", t="a<b>\nc")) == "a&lt;b&gt;<br>c"
