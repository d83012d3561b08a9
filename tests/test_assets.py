"""The built assets (static/dist): linked by hashed name, served immutable and precompressed, lean,
free of GOV.UK's crown, logo and font, and nothing on a page that the CSP would block.

`make test` builds the assets first (npm ci, npm run build), so static/dist is there.
"""
from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re

import brotli
import pytest

from lp import create_app
from lp.assets import DIST, AssetsNotBuilt, brand_css, text_colour_on
from tests.conftest import ROOT, parsed

MANIFEST = json.loads((DIST / "manifest.json").read_text())
IMMUTABLE = "public, max-age=31536000, immutable"


def dist_file(name: str) -> bytes:
    return (DIST / MANIFEST[name]).read_bytes()


def linked_assets(page) -> dict[str, str]:
    css = [link["href"] for link in page.select('link[rel="stylesheet"]') if link["href"].startswith("/static/dist/")]
    js = [script["src"] for script in page.select("script[src]")]
    assert len(css) == 1 and len(js) == 1, (css, js)
    return {"lp.css": css[0], "lp.js": js[0]}


def test_the_layout_links_the_hashed_css_and_js_from_the_manifest(get_page):
    page = get_page("/accessibility")
    urls = linked_assets(page)
    assert urls == {name: f"/static/dist/{MANIFEST[name]}" for name in ("lp.css", "lp.js")}
    for url in urls.values():
        assert re.fullmatch(r"/static/dist/lp\.[0-9a-f]{8}\.(css|js)", url)
    assert page.select_one("script[src]").has_attr("defer")


@pytest.mark.parametrize("name, content_type", [("lp.css", "text/css"), ("lp.js", "text/javascript")])
def test_hashed_assets_are_served_immutable_with_nosniff(client, name, content_type):
    response = client.get(f"/static/dist/{MANIFEST[name]}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == IMMUTABLE
    assert response.headers["Content-Type"].startswith(content_type)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Encoding" not in response.headers
    assert response.get_data() == dist_file(name)


@pytest.mark.parametrize("name", ["lp.css", "lp.js"])
@pytest.mark.parametrize("encoding, decompress", [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_the_precompressed_file_is_served_to_a_browser_that_accepts_it(client, name, encoding, decompress):
    response = client.get(f"/static/dist/{MANIFEST[name]}", headers={"Accept-Encoding": f"{encoding}"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == encoding
    assert response.headers["Cache-Control"] == IMMUTABLE
    assert "Accept-Encoding" in response.headers["Vary"]
    suffix = ".br" if encoding == "br" else ".gz"
    assert response.get_data() == (DIST / (MANIFEST[name] + suffix)).read_bytes()
    assert decompress(response.get_data()) == dist_file(name)


def test_brotli_is_preferred_when_the_browser_accepts_both(client):
    response = client.get(f"/static/dist/{MANIFEST['lp.css']}", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.headers["Content-Encoding"] == "br"


def test_an_unknown_static_file_is_a_404(client):
    assert client.get("/static/dist/lp.00000000.css").status_code == 404


def test_dist_holds_only_this_builds_files(client):
    expected = {"manifest.json"} | {f"{hashed}{suffix}" for hashed in MANIFEST.values() for suffix in ("", ".gz", ".br")}
    assert {path.name for path in DIST.iterdir()} == expected


def test_pages_are_still_compressed_by_flask_compress(client):
    response = client.get("/accessibility", headers={"Accept-Encoding": "br"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert b"<!DOCTYPE html>" in brotli.decompress(response.get_data())


# --- What the CSS holds ----------------------------------------------------------------------


def test_the_css_refers_to_no_file_that_is_not_in_dist():
    css = dist_file("lp.css").decode()
    for reference in re.findall(r"url\(\s*['\"]?([^'\")]*)", css):
        assert reference.startswith("data:") or (DIST / reference.rsplit("/", 1)[-1]).exists(), reference


def test_the_css_has_no_gov_uk_crown_logo_or_font():
    css = dist_file("lp.css").decode()
    for forbidden in ("@font-face", "GDS Transport", "govuk-crest", "crown", "govuk-logo", "govuk-header__logotype", "Crown copyright", ".woff"):
        assert forbidden.lower() not in css.lower(), forbidden


def test_the_css_takes_the_font_and_brand_colour_from_brand_css():
    css = dist_file("lp.css").decode()
    assert "font-family:var(--lp-font-family,system-ui,sans-serif)" in css.replace(" ", "")
    assert "--govuk-brand-colour:var(--lp-brand-colour" in css.replace(" ", "")
    header = "".join(re.findall(r"\.lp-header\{[^}]*\}", css))
    assert "background-color:var(--lp-brand-colour" in header


def test_the_css_has_the_components_lp_uses_and_not_the_ones_it_does_not():
    css = dist_file("lp.css").decode()
    for used in ("button", "input", "label", "hint", "error-message", "error-summary", "fieldset", "date-input",
                 "radios", "checkboxes", "select", "textarea", "table", "summary-list", "tag", "tabs", "details",
                 "notification-banner", "inset-text", "warning-text", "panel", "pagination", "back-link",
                 "breadcrumbs", "footer", "service-navigation", "skip-link", "file-upload", "password-input",
                 "character-count"):
        assert f".govuk-{used}" in css, used
    for unused in ("accordion", "cookie-banner", "exit-this-page", "header", "phase-banner", "task-list"):
        assert not re.search(rf"\.govuk-{unused}(\{{|__|--)", css), unused


def test_stacked_tables_use_data_labels_on_narrow_screens_only():
    css = dist_file("lp.css").decode()
    narrow = re.search(r"@media screen and \(max-width:\s*40\.0525em\)\{(.*?)\}\}", css).group(1)
    assert re.search(r"\.lp-table--stack td:before[^{]*\{content:attr\(data-label\)", narrow)
    assert ".lp-table--stack thead" in narrow


def test_print_hides_navigation_footer_forms_and_buttons_and_shows_print_only_blocks():
    css = dist_file("lp.css").decode()
    hidden_in_print = re.search(r"@media print\{([^{}]*\.lp-no-print[^{}]*)\{display:none!important\}", css).group(1)
    selectors = hidden_in_print.split(",")
    for selector in (".lp-no-print", ".govuk-footer", ".govuk-service-navigation", ".lp-header__sign-out", ".govuk-button", "button"):
        assert selector in selectors, selector
    assert "@media not print{.lp-print-only{display:none!important}}" in css


# --- What the JavaScript holds ----------------------------------------------------------------


def test_the_js_bundles_htmx_2_0_and_only_the_gov_uk_components_lp_uses():
    js = dist_file("lp.js").decode()
    assert re.search(r'version:\s*"2\.0\.\d+"', js), "htmx 2.0.x"
    for used in ("govuk-error-summary", "govuk-notification-banner", "govuk-skip-link", "govuk-button",
                 "govuk-character-count", "govuk-password-input", "govuk-service-navigation"):
        assert f'"{used}"' in js or f"'{used}'" in js, used
    for unused in ("govuk-accordion", "govuk-exit-this-page", "govuk-file-upload"):
        assert unused not in js, unused
    assert "govuk-frontend-supported" in js
    # htmx's settings are read from <meta name="htmx-config">; the bundle does not set them.
    assert not re.search(r"config\.(allowEval|selfRequestsOnly|historyCacheSize)\s*=", js)


def test_npm_pins_govuk_frontend_6_3_0_and_htmx_2_0_exactly():
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert package["dependencies"]["govuk-frontend"] == "6.3.0"
    assert re.fullmatch(r"2\.0\.\d+", package["dependencies"]["htmx.org"])
    for name, version in {**package["dependencies"], **package["devDependencies"]}.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} {version} is not an exact pin"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version, name
    assert package["scripts"]["build"] == "node scripts/build-assets.mjs"


# --- Pages and the CSP --------------------------------------------------------------------------


def public_pages(app) -> list[str]:
    """Every public GET page that takes no arguments."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and getattr(app.view_functions[rule.endpoint], "lp_public", False)
    )


def script_hashes(csp: str) -> set[str]:
    """The 'sha256-...' sources of the CSP's script-src: the only inline scripts it lets run."""
    script_src = next(d for d in csp.split(";") if d.split()[0] == "script-src")
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, script_src
    return set(re.findall(r"'(sha256-[A-Za-z0-9+/]+=*)'", script_src))


def sha256_source(script: str) -> str:
    """A CSP hash source of an inline script, computed as the browser does (its exact text, UTF-8)."""
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()


def test_no_page_needs_unsafe_inline(app, client):

    pages = public_pages(app) + ["/no-such-page"]
    assert "/accessibility" in pages
    checked, hashes_used = 0, set()
    for url in pages:
        response = client.get(url)
        if not response.content_type.startswith("text/html"):
            continue
        allowed = script_hashes(response.headers["Content-Security-Policy"])
        soup = parsed(response.get_data(as_text=True))
        for script in soup.find_all("script"):
            if script.get("src"):
                assert script.string is None, f"{url}: a <script src> with inline text"
                continue
            # An inline script runs only if the CSP names its hash (templates/layout.html's one line).
            assert sha256_source(script.string or "") in allowed, f"{url}: inline script not allowed by the CSP: {script}"
            hashes_used.add(sha256_source(script.string or ""))
        assert soup.find_all("style") == [], f"{url} has a <style> element"
        for element in soup.find_all(True):
            assert "style" not in element.attrs, f"{url}: style= on <{element.name}>"
            handlers = [name for name in element.attrs if name.lower().startswith("on")]
            assert handlers == [], f"{url}: {handlers} on <{element.name}>"
            for attribute in ("href", "src", "action", "formaction"):
                assert not str(element.get(attribute, "")).strip().lower().startswith("javascript:"), url
        checked += 1
    assert checked >= 2
    # No stale hash: every script the CSP allows is one a page has.
    assert hashes_used == allowed, allowed - hashes_used


# --- /brand.css -----------------------------------------------------------------------------------


def test_brand_css_gives_the_councils_colour_and_font(app, client, get_page):
    page = get_page("/accessibility")
    href = page.select('link[rel="stylesheet"]')[-1]["href"]
    assert href.startswith("/brand.css?v=")
    response = client.get(href)
    assert response.status_code == 200
    assert response.content_type.startswith("text/css")
    assert response.headers["Cache-Control"] == IMMUTABLE
    css = response.get_data(as_text=True)
    assert f"--lp-brand-colour:{app.config['LP_BRAND_COLOUR']};" in css
    assert f"--lp-font-family:{app.config['LP_FONT_FAMILY']}" in css
    assert "--lp-brand-text-colour:#fff" in css


def test_brand_css_follows_the_settings(database_urls):
    app = create_app({
        "LP_ENV": "test",
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": database_urls["sqlite"],
        "LP_BRAND_COLOUR": "#ffdd00",
        "LP_FONT_FAMILY": '"Open Sans", sans-serif',
    })
    client = app.test_client()
    html = client.get("/accessibility").get_data(as_text=True)
    href = re.search(r'href="(/brand\.css\?v=[0-9a-f]+)"', html).group(1)
    css = client.get(href).get_data(as_text=True)
    assert css == ':root{--lp-brand-colour:#ffdd00;--lp-brand-text-colour:#0b0c0c;--lp-font-family:"Open Sans", sans-serif}\n'
    default = create_app({"LP_ENV": "test", "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": database_urls["sqlite"]})
    default_html = default.test_client().get("/accessibility").get_data(as_text=True)
    assert href not in default_html, "a new brand is a new URL, so the cached one is not used"


@pytest.mark.parametrize("colour, text", [("#1d4f91", "#fff"), ("#ffdd00", "#0b0c0c"), ("#fff", "#0b0c0c"),
                                          ("#000000", "#fff"), ("#00703c", "#fff"), ("rebeccapurple", "#fff")])
def test_the_brand_text_colour_is_whichever_reads_on_the_brand_colour(colour, text):
    assert text_colour_on(colour) == text


@pytest.mark.parametrize("colour, font", [("red;}body{display:none", "sans-serif"), ("#fff", "a</style><script>"),
                                          ("#fff", "x/* comment */"), ("", "sans-serif")])
def test_a_brand_setting_that_would_break_out_of_the_css_is_refused(colour, font):
    with pytest.raises(ValueError):
        brand_css(colour, font)


# --- Without built assets -------------------------------------------------------------------


def test_without_built_assets_the_cli_works_but_a_page_fails_loudly(database_urls, tmp_path):
    app = create_app({
        "LP_ENV": "test",
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": database_urls["sqlite"],
        "LP_ASSETS_DIR": str(tmp_path / "no-dist"),
    })
    result = app.test_cli_runner().invoke(args=["db", "current"])
    assert result.exit_code == 0, result.output
    with app.test_request_context(), pytest.raises(AssetsNotBuilt, match="make assets"):
        app.jinja_env.globals["asset_url"]("lp.css")
    response = app.test_client().get("/accessibility")
    assert response.status_code == 500
    assert b"/static/dist/" not in response.get_data()


def test_an_asset_missing_from_the_manifest_fails_loudly(app):
    with pytest.raises(AssetsNotBuilt, match="no 'lp.mjs'"):
        app.jinja_env.globals["asset_url"]("lp.mjs")


# --- Weight -----------------------------------------------------------------------------------


def test_a_page_and_a_first_visit_stay_within_their_budgets(app):
    from bench.weigh_assets import FIRST_VISIT_BUDGET, PAGE_BUDGET, first_visit, over_budget, weigh

    weights = weigh(app, "/accessibility")
    assert over_budget(weights) == []
    assert weights["page"]["br"] <= PAGE_BUDGET and first_visit(weights, "br") <= FIRST_VISIT_BUDGET
    # Room to grow, but not unnoticed: these fail well before the budgets would.
    assert weights["lp.css"]["br"] < 16 * 1024
    assert weights["lp.js"]["br"] < 26 * 1024
