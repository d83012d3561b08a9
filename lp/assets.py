"""Built static assets (static/dist): content-hashed names, served immutable and precompressed.

`npm run build` (scripts/build-assets.mjs; `make assets`) writes static/dist/lp.<hash>.css and
lp.<hash>.js with .gz and .br siblings, and manifest.json naming them. Here:

- `asset_url("lp.css")` in templates gives the hashed URL. A missing manifest fails loudly at the
  first page render, not at start-up, so `flask db upgrade` and the CLI run without built assets.
- WhiteNoise serves /static/dist/ ahead of Flask: `Cache-Control: public, max-age=31536000,
  immutable` for hashed names, and the .br or .gz file when the browser accepts it.
- /brand.css gives the council's colour and font (LP_BRAND_COLOUR, LP_FONT_FAMILY) as CSS custom
  properties that lp.css uses, so one build serves every council.

`LP_ASSETS_DIR` (only through create_app's config) points at another build; tests use it.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from flask import Blueprint, Flask, Response, current_app
from whitenoise import WhiteNoise

from lp.access import public
from lp.config import ROOT

DIST = ROOT / "static" / "dist"
URL_PREFIX = "/static/dist/"
IMMUTABLE = "public, max-age=31536000, immutable"
# lp.3f2a9c1e.css: a name the build derived from the content, so it may be cached for ever.
HASHED_NAME = re.compile(r"\.[0-9a-f]{8}\.[a-z0-9]+$")


class AssetsNotBuilt(RuntimeError):
    """static/dist has no manifest, or the manifest lacks an asset a template asks for."""


class Manifest:
    """static/dist/manifest.json, read at first use; in development, again whenever it changes."""

    def __init__(self, directory: Path, *, reload: bool) -> None:
        self.path = directory / "manifest.json"
        self.reload = reload
        self._entries: dict[str, str] | None = None
        self._mtime: float | None = None

    def url(self, name: str) -> str:
        entries = self._read()
        if name not in entries:
            raise AssetsNotBuilt(f"{self.path} has no {name!r}; run `make assets` after changing static/src")
        return URL_PREFIX + entries[name]

    def _read(self) -> dict[str, str]:
        if self._entries is not None and not self.reload:
            return self._entries
        try:
            mtime = self.path.stat().st_mtime
        except FileNotFoundError:
            raise AssetsNotBuilt(
                f"{self.path} is missing: the assets are not built. Run `make assets` (npm ci, npm run build)."
            ) from None
        if self._entries is None or mtime != self._mtime:
            self._entries, self._mtime = json.loads(self.path.read_text()), mtime
        return self._entries


def init_app(app: Flask) -> None:
    brand_css(app.config["LP_BRAND_COLOUR"], app.config["LP_FONT_FAMILY"])  # a bad setting fails at start
    directory = Path(app.config.get("LP_ASSETS_DIR") or DIST)
    development = app.config["LP_ENV"] == "development"
    manifest = Manifest(directory, reload=development)
    app.jinja_env.globals["asset_url"] = manifest.url
    app.extensions["lp_assets"] = manifest

    # Static files never reach Flask (nor flask-compress, which compresses the HTML): WhiteNoise
    # answers them from files it indexed at start-up (in development it looks on each request, so
    # a rebuild shows without a restart).
    static = WhiteNoise(
        app.wsgi_app,
        autorefresh=development,
        max_age=60,
        allow_all_origins=False,  # lp's pages are its only users
        immutable_file_test=lambda path, url: bool(HASHED_NAME.search(url)),
        add_headers_function=_static_headers,
    )
    if directory.is_dir() or development:
        static.add_files(str(directory), prefix=URL_PREFIX)
    app.wsgi_app = static


def _static_headers(headers, path: str, url: str) -> None:
    headers["X-Content-Type-Options"] = "nosniff"
    if HASHED_NAME.search(url):
        headers["Cache-Control"] = IMMUTABLE


# --- /brand.css -------------------------------------------------------------------------------

# Bumped when the CSS below changes shape, so browsers fetch the new one (it is cached for ever).
BRAND_FORMAT = "2"
# Nothing that could end the declaration or the rule, open a comment or leave the <style> context.
UNSAFE_IN_CSS = re.compile(r"[;{}<>\\]|/\*|\*/|[\x00-\x1f\x7f]")
HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
GOVUK_BLACK = (0x0B, 0x0C, 0x0C)


def brand_css(colour: str, font: str) -> str:
    """The council's colour and font as custom properties, with the text colour that reads on it."""
    for setting, value in (("LP_BRAND_COLOUR", colour), ("LP_FONT_FAMILY", font)):
        if not value or UNSAFE_IN_CSS.search(value):
            raise ValueError(f"{setting} {value!r} is not a CSS value lp can use")
    return (
        f":root{{--lp-brand-colour:{colour.strip()};--lp-brand-text-colour:{text_colour_on(colour)};"
        f"--lp-font-family:{font.strip()}}}\n"
    )


def text_colour_on(colour: str) -> str:
    """White on the brand colour if it reads (WCAG AA, 4.5:1), else GOV.UK's black if that reads better.

    Only a hex colour can be measured; any other CSS colour gets white, as GOV.UK's blue does.
    """
    colour = colour.strip()
    if not HEX_COLOUR.match(colour):
        return "#fff"
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    rgb = tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))
    background = _luminance(rgb)
    on_white = 1.05 / (background + 0.05)
    on_black = (background + 0.05) / (_luminance(GOVUK_BLACK) + 0.05)
    return "#fff" if on_white >= 4.5 or on_white >= on_black else "#0b0c0c"


def _luminance(rgb: tuple[int, ...]) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def brand_blueprint() -> Blueprint:
    """/brand.css: the council's colour and font as CSS, so one build serves every council.

    Its URL carries `brand_version` (a hash of the settings), so it is cached for ever and a change
    of setting is a new URL.
    """
    bp = Blueprint("brand", __name__)

    @bp.get("/brand.css")
    @public
    def stylesheet():
        config = current_app.config
        response = Response(brand_css(config["LP_BRAND_COLOUR"], config["LP_FONT_FAMILY"]), mimetype="text/css")
        response.headers["Cache-Control"] = IMMUTABLE
        return response

    @bp.app_context_processor
    def version():
        config = current_app.config
        key = f"{BRAND_FORMAT}|{config['LP_BRAND_COLOUR']}|{config['LP_FONT_FAMILY']}".encode()
        return {"brand_version": hashlib.sha256(key).hexdigest()[:10]}

    return bp
