"""Checks a response of the API against its own OpenAPI document: the status is documented for the
operation, the content type is the documented one, and the body validates against the schema."""
from __future__ import annotations

import gzip
import json
import re

import brotli
from jsonschema import Draft202012Validator

_VALIDATORS: dict[str, Draft202012Validator] = {}


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def operation_for(document: dict, path: str) -> tuple[str, dict] | None:
    base = document["servers"][0]["url"]
    if not path.startswith(base + "/"):
        return None
    relative = path[len(base):]
    for template, item in document["paths"].items():
        if re.fullmatch(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)), relative):
            return template, item["get"]
    return None


def _decoded(response) -> bytes:
    coding = response.headers.get("Content-Encoding")
    return {"gzip": gzip.decompress, "br": brotli.decompress}.get(coding, lambda data: data)(response.data)


def check(document: dict, path: str, response) -> None:
    """Raise AssertionError if the response does not keep the document's promise."""
    found = operation_for(document, path.split("?", 1)[0])
    if found is None:  # not an operation (e.g. /api/v1/nope): still a problem, never a page
        assert response.mimetype == "application/problem+json", path
        return
    template, operation = found
    status = str(response.status_code)
    assert status in operation["responses"], f"{path}: {status} is not documented for {template}"
    answer = operation["responses"][status]
    if response.status_code == 304:
        assert not response.data and response.headers.get("ETag")
        return
    assert response.mimetype in answer["content"], f"{path}: {response.mimetype} is not documented"
    if not response.mimetype.endswith("json"):
        return
    pointer = "/".join(["#", "paths", _escape(template), "get", "responses", status, "content",
                        _escape(response.mimetype), "schema"])
    validator = _VALIDATORS.get(pointer)
    if validator is None:
        schema = {**document, "$ref": pointer}
        validator = _VALIDATORS[pointer] = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(json.loads(_decoded(response))), key=str)
    assert not errors, f"{path}: " + "; ".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
