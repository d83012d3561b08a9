"""The one reader of HX-* headers: render the full page, or only the block an htmx request targets."""
from __future__ import annotations

from flask import make_response, redirect, render_template, request
from jinja2_fragments.flask import render_block


def is_partial() -> bool:
    """An htmx request that swaps part of the page (not a boosted link, not a history restore)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Boosted") != "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def target_block() -> str | None:
    """The block named like the element the request targets: id "claim-rows" -> block claim_rows."""
    target = request.headers.get("HX-Target")
    return target.replace("-", "_") if target else None


def render(template: str, block: str | None = None, **context):
    """The page, or for an htmx request only `block` (by default the block the target names).

    A block the template does not have falls back to the whole page, so a wrong target is a bigger
    response, never an error. Every response varies on HX-Request, so no cache mixes the two.
    """
    if is_partial():
        name = block or target_block()
        if name and _has_block(template, name):
            response = make_response(render_block(template, name, **context))
            response.vary.add("HX-Request")
            return response
    response = make_response(render_template(template, **context))
    response.vary.add("HX-Request")
    return response


def is_htmx() -> bool:
    """Any request htmx made (a fragment, a boosted link, a history restore)."""
    return request.headers.get("HX-Request") == "true"


def hx_redirect(url: str, status: int = 303):
    """Send the browser to `url`: HX-Redirect for htmx (a full navigation), a 303 otherwise."""
    if is_htmx():
        response = make_response("", 200)
        response.headers["HX-Redirect"] = url
        response.vary.add("HX-Request")
        return response
    response = redirect(url, status)
    response.vary.add("HX-Request")
    return response


def _has_block(template: str, name: str) -> bool:
    from flask import current_app

    return name in current_app.jinja_env.get_template(template).blocks
