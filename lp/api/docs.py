"""The API's description for machines (/api/v1/openapi.json) and for people (/api/v1/docs, drawn
server-side from the same document: no third-party scripts, so the CSP holds)."""
from __future__ import annotations

from flask import current_app, render_template, url_for

from lp.access import public
from lp.api import bp, openapi
from lp.api.problems import KINDS


def _document() -> dict:
    return openapi.document(url_for("api.status").rsplit("/", 1)[0])


def _type(schema: dict) -> str:
    """A schema in a few words, for the table of fields."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "oneOf" in schema:
        return " or ".join(_type(s) for s in schema["oneOf"])
    if "const" in schema:
        return f"“{schema['const']}”"
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    if schema.get("type") == "array":
        return f"list of {_type(schema['items'])}"
    return schema.get("format") or schema.get("type", "")


@bp.get("/openapi.json")
@public
def openapi_json():
    response = current_app.json.response(_document())
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/docs")
@public
def docs():
    document = _document()
    return render_template("api/docs.html", doc=document, describe_type=_type, problems=KINDS,
                           page_title="Remittance API")
