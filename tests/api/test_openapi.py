"""The OpenAPI 3.1 document is served as written, describes every API route and only those, and its
human page is drawn server-side with no script of anyone else's (the CSP holds)."""
from __future__ import annotations

from jsonschema import Draft202012Validator

from tests.api.conftest import DOCUMENT
from tests.conftest import parse_page


def test_the_document_is_served_as_openapi_3_1_without_a_token(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    served = response.get_json()
    assert served == DOCUMENT and served["openapi"] == "3.1.0"
    assert served["components"]["securitySchemes"]["bearer"] == {
        "type": "http", "scheme": "bearer", "description": served["components"]["securitySchemes"]["bearer"]["description"]}


def test_every_api_route_is_described_and_every_schema_is_valid_json_schema(app):
    routes = {rule.rule.removeprefix("/api/v1").replace("<int:", "{").replace("<", "{").replace(">", "}")
              for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")}
    assert routes - {"/openapi.json", "/docs"} == set(DOCUMENT["paths"])
    for name, schema in DOCUMENT["components"]["schemas"].items():
        Draft202012Validator.check_schema(schema)
        assert schema.get("type") == "object" or "allOf" in schema, name
    for path, item in DOCUMENT["paths"].items():
        assert set(item) == {"get"}, path  # read-only
        assert {"200", "401", "429"} <= set(item["get"]["responses"]), path


def test_the_docs_page_lists_every_operation_and_field_with_no_outside_script(client):
    page = parse_page(client.get("/api/v1/docs"))
    text = page.text()
    for path in DOCUMENT["paths"]:
        assert f"GET /api/v1{path}" in text
    assert "amount_pence" in page.text("#schema-Payment ~ table") and "tenant_name" in text
    assert page.select_one("#problem-unauthorised") is not None
    csp = page.response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert all(not script.get("src", "").startswith(("http:", "https:", "//")) for script in page.select("script"))
