"""In development, `lp demo` (make run) prints a working API token of demo-lead beside the sign-ins."""
from __future__ import annotations

import re

from tests import factories as f

TOKEN_LINE = re.compile(r"^  API token of demo-lead \(a new one each run; docs/api\.md\): (lp_\S+)$", re.M)


def _run_demo(app):
    app.config["LP_DEMO_PASSWORD"] = "a demo password"
    result = app.test_cli_runner().invoke(args=["lp", "demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_demo_prints_a_token_of_demo_lead_that_works_and_a_new_one_each_run(app, db, client):
    f.make_claim(f.make_account(reference="5000"), reference="HB9")  # so --if-empty loads nothing
    db.session.commit()
    output = _run_demo(app)
    assert re.search(r"^  demo-lead +lead user, every permission;", output, re.M)  # the sign-ins as they were
    first = TOKEN_LINE.search(output).group(1)
    assert output.index("demo-admin") < output.index("API token of demo-lead")
    assert client.get("/api/v1/accounts", headers={"Authorization": f"Bearer {first}"}).status_code == 200
    second = TOKEN_LINE.search(_run_demo(app)).group(1)
    assert second != first
    assert client.get("/api/v1/accounts", headers={"Authorization": f"Bearer {second}"}).status_code == 200
    assert client.get("/api/v1/accounts", headers={"Authorization": f"Bearer {first}"}).status_code == 401
