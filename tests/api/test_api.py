"""The API's reads: the shapes, scoping and horizon of the pages, paging, ETags, problems, audit and
the per-token limit. Every response here is also checked against the OpenAPI document (conftest)."""
from __future__ import annotations

from datetime import date, timedelta

from flask import g
from sqlalchemy import func, select

from lp import create_app
from lp.api import tokens
from lp.models import AuditEvent, ImportBatch, UserSession
from lp.models.base import utcnow
from tests import factories as f
from tests.conftest import parse_page


def test_a_payment_comes_with_each_tenants_line_money_in_pence(api, api_world):
    claim = api_world["claim"]
    payment = f.make_payment(api_world["account"], lines=[(claim, 9850, 1200, -500)])
    payment.lines[0].adjustment_reason = "Overpayment recovery"
    f.db.session.commit()
    response = api(f"/api/v1/payments/{payment.id}")
    assert response.headers["Cache-Control"] == "no-store" and "Authorization" in response.headers["Vary"]
    body = response.get_json()
    assert (body["reference"], body["amount_pence"], body["currency"]) == (payment.reference, 10550, "GBP")
    (line,) = body["lines"]
    assert line == {
        "line_number": 1, "claim_reference": claim.reference, "tenant_name": "Alex Smith",
        "rent_reference": claim.rent_reference, "address": claim.address.replace("|", ", "), "postcode": "AN3 4DE", "hb_pence": 9850, "dhp_pence": 1200, "adjustment_pence": -500,
        "adjustment_reason": "Overpayment recovery", "amount_pence": 10550, "currency": "GBP",
        "period_from": (payment.paid_on - timedelta(days=28)).isoformat(),
        "period_to": (payment.paid_on - timedelta(days=1)).isoformat(),
    }
    assert "Mill Lane" in line["address"]
    assert body["totals"] == {"lines": 1, "hb_pence": 9850, "dhp_pence": 1200, "adjustment_pence": -500,
                              "amount_pence": 10550, "currency": "GBP"}


def test_payments_are_newest_first_and_page_by_cursor(api, api_world):
    account = api_world["account"]
    made = [f.make_payment(account, paid_on=date.today() - timedelta(days=n)) for n in range(10, 15)]
    f.db.session.commit()
    first = api("/api/v1/payments?limit=2&to=" + (date.today() - timedelta(days=10)).isoformat()).get_json()
    assert [p["reference"] for p in first["data"]] == [made[0].reference, made[1].reference]
    second = api(f"/api/v1/payments?limit=2&to={(date.today() - timedelta(days=10)).isoformat()}"
                 f"&cursor={first['next_cursor']}").get_json()
    assert [p["reference"] for p in second["data"]] == [made[2].reference, made[3].reference]
    third = api(f"/api/v1/payments?limit=2&to={(date.today() - timedelta(days=10)).isoformat()}"
                f"&cursor={second['next_cursor']}").get_json()
    assert [p["reference"] for p in third["data"]] == [made[4].reference] and third["next_cursor"] is None


def test_filters_by_account_and_dates_and_says_what_is_wrong(api, api_world):
    other = f.make_payment(api_world["second_account"], paid_on=date.today() - timedelta(days=40))
    f.db.session.commit()
    by_account = api("/api/v1/payments?account=9999").get_json()["data"]
    assert [p["reference"] for p in by_account] == [other.reference]
    assert api("/api/v1/payments?account=7001").status_code == 404  # the other organisation's account
    ranged = api(f"/api/v1/payments?from={(date.today() - timedelta(days=41)).isoformat()}"
                 f"&to={(date.today() - timedelta(days=39)).isoformat()}").get_json()["data"]
    assert [p["reference"] for p in ranged] == [other.reference]
    wrong = api("/api/v1/payments?from=2026-02-30&to=2026-01-01&limit=0")
    problem = wrong.get_json(force=True)
    assert wrong.status_code == 400 and wrong.mimetype == "application/problem+json"
    assert problem["title"] == "Your request has a mistake in it"
    assert problem["errors"] == [{"parameter": "limit", "message": "Enter a whole number from 1 to 100"}]
    assert api("/api/v1/payments?from=2026-02-30").get_json(force=True)["errors"][0]["parameter"] == "from"
    assert api("/api/v1/payments?cursor=garbage").get_json(force=True)["errors"][0]["parameter"] == "cursor"


def test_nothing_older_than_the_horizon_is_returned(api, api_world, app):
    old_day = date.today() - timedelta(days=app.config["LP_HORIZON_DAYS"] + 1)
    old = f.make_payment(api_world["account"], paid_on=old_day)
    old_letter = f.make_letter(api_world["claim"], sent_on=old_day)
    f.db.session.commit()
    listed = api("/api/v1/payments?from=2000-01-01").get_json()
    assert old.reference not in [p["reference"] for p in listed["data"]]
    assert listed["horizon"] == (date.today() - timedelta(days=app.config["LP_HORIZON_DAYS"])).isoformat()
    assert api(f"/api/v1/payments/{old.id}").status_code == 404
    assert api(f"/api/v1/letters/{old_letter.id}/pdf").status_code == 404


def test_claims_search_with_the_claim_searchs_filters_and_a_claim_has_its_entitlements(api, api_world):
    f.make_claim(api_world["account"], surname="Jones", postcode="ZZ9 9ZZ")
    f.db.session.commit()
    found = api("/api/v1/claims?surname=smi&status=any").get_json()["data"]
    assert [c["reference"] for c in found] == [api_world["claim"].reference]
    assert [c["tenant_last_name"] for c in api("/api/v1/claims?postcode=zz9").get_json()["data"]] == ["Jones"]
    assert api("/api/v1/claims?type=Castle").get_json(force=True)["errors"] == [
        {"parameter": "type", "message": "Select a claim type"}]
    claim = api(f"/api/v1/claims/{api_world['claim'].reference}").get_json()
    assert claim["weekly_hb_pence"] >= 0 and claim["currency"] == "GBP"
    assert [(e["kind"], e["amount_pence"], e["frequency"]) for e in claim["entitlements"]] == [("HB", 9850, "Weekly")]
    assert api(f"/api/v1/claims/{api_world['other_claim'].reference}").status_code == 404


def test_letters_metadata_and_pdf(api, api_world):
    letter = api_world["letter"]
    listed = api("/api/v1/letters").get_json()["data"]
    assert [(le["reference"], le["claim_reference"]) for le in listed] == [(letter.reference, api_world["claim"].reference)]
    pdf = api(listed[0]["pdf_url"])
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert "attachment" in pdf.headers["Content-Disposition"] and pdf.headers["Cache-Control"] == "no-store"
    assert api(f"/api/v1/letters?claim={api_world['other_claim'].reference}").status_code == 404


def test_lists_carry_an_etag_that_changes_only_when_an_extract_loads(api, api_world, db):
    for days in range(5):  # enough for the list to be worth compressing
        f.make_payment(api_world["account"], paid_on=date.today() - timedelta(days=20 + days))
    db.session.commit()
    first = api("/api/v1/payments")
    etag = first.headers["ETag"]
    # Tenants' names: no HTTP cache keeps them (the ETag still saves a caller that keeps its own copy).
    assert first.headers["Cache-Control"] == "no-store" and "Authorization" in first.headers["Vary"]
    again = api("/api/v1/payments", **{"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert api("/api/v1/payments?limit=5", **{"If-None-Match": etag}).status_code == 200  # another query
    compressed = api("/api/v1/payments?limit=100", **{"Accept-Encoding": "gzip"})
    assert compressed.headers["Content-Encoding"] == "gzip" and compressed.headers["ETag"].endswith(':gzip"')
    assert api("/api/v1/payments?limit=100", **{"If-None-Match": compressed.headers["ETag"]}).status_code == 304
    db.session.add(ImportBatch(source="extract", checksum="1" * 64, run_by="loader", status="loaded",
                               finished_at=utcnow()))
    db.session.commit()
    g.pop("lp_data_as_at", None)  # each real request has its own g; the test's requests share the test's
    assert api("/api/v1/payments", **{"If-None-Match": etag}).status_code == 200


def test_every_call_is_in_the_organisations_access_log_under_the_tokens_name(api, api_world, lead_client, db):
    api(f"/api/v1/claims/{api_world['claim'].reference}")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "api.claim"))
    assert (event.landlord_id, event.user_id, event.api_token_id) == (
        api_world["landlord"].id, None, api_world["token"].id)
    assert event.object_ref == api_world["claim"].reference and "Smith" not in (event.detail or "")
    api("/api/v1/claims?surname=Smith")
    logged = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "api.claims"))
    assert "Smith" not in logged.detail and "surname" in logged.detail
    row = parse_page(lead_client.get("/team/activity?action=api")).select_one("#events tbody tr").get_text(" ")
    assert "API token ‘Rent system’" in row and "Used the API" in row


def test_a_browsers_session_cookie_counts_for_nothing(api_world, lead_client, db):
    """The signed-in lead's cookie alongside: no data without a token, the token's organisation's data
    with one, the call is nobody's, and it does not keep the lead's browser session alive."""
    record = db.session.scalar(select(UserSession).where(UserSession.user_id == api_world["lead"].id))
    record.last_seen_at = idle = utcnow() - timedelta(minutes=10)
    db.session.commit()
    refused = lead_client.get("/api/v1/accounts")
    assert refused.status_code == 401 and "missing" in refused.get_json(force=True)["title"]
    theirs = lead_client.get("/api/v1/accounts", headers={"Authorization": f"Bearer {api_world['other_secret']}"})
    assert [a["name"] for a in theirs.get_json()["data"]] == ["Other Lettings Ltd"]
    assert "Set-Cookie" not in theirs.headers and theirs.headers["Cache-Control"] == "no-store"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "api.accounts"))
    assert (event.user_id, event.api_token_id) == (None, api_world["other_token"].id)
    db.session.expire_all()
    assert db.session.get(UserSession, record.id).last_seen_at == idle


def test_calls_are_limited_per_token_with_a_problem_that_says_when_to_retry(database_urls, backend, tmp_path):
    app = create_app({"LP_ENV": "test", "TESTING": True, "SECRET_KEY": "x", "LP_OUTBOX_SENDER_THREAD": False,
                      "SQLALCHEMY_DATABASE_URI": database_urls[backend], "LP_API_RATE_LIMIT": "3 per minute",
                      "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://", "LP_OUTBOX_DIR": str(tmp_path)})
    with app.app_context():
        lead = f.make_user(f.make_landlord(), username="limited-lead", is_lead=True)
        f.db.session.commit()
        _, one = tokens.create(lead, name="one", permissions=["view_payments"], days=1)
        _, two = tokens.create(lead, name="two", permissions=["view_payments"], days=1)
        client = app.test_client()
        answers = [client.get("/api/v1/status", headers={"Authorization": f"Bearer {one}"}) for _ in range(4)]
        assert [r.status_code for r in answers] == [200, 200, 200, 429]
        assert answers[-1].mimetype == "application/problem+json" and answers[-1].headers["Retry-After"] == "60"
        assert "Too many requests" in answers[-1].get_json(force=True)["title"]
        assert client.get("/api/v1/status", headers={"Authorization": f"Bearer {two}"}).status_code == 200
        # Guessing with a new made-up token each time is limited by the caller's address, not let through.
        guesses = [client.get("/api/v1/status", headers={"Authorization": f"Bearer lp_guess{n}"}) for n in range(4)]
        assert [r.status_code for r in guesses] == [401, 401, 401, 429]
        from tests.conftest import _empty_every_table

        _empty_every_table()


def test_status_says_when_the_data_was_loaded_and_how_far_it_runs(api, db):
    db.session.add(ImportBatch(source="extract", checksum="2" * 64, run_by="loader", status="loaded",
                               finished_at=utcnow(), counts={"data_to": "2026-11-27"}))
    db.session.commit()
    g.pop("lp_data_as_at", None)
    status = api("/api/v1/status").get_json()
    assert status["data_runs_to"] == "2026-11-27" and status["data_as_at"].startswith(str(date.today().year))
    assert status["version"] == "1"


def test_the_one_search_box_finds_a_claim_by_name(api, api_world):
    found = api("/api/v1/claims?q=Smith").get_json()["data"]
    assert [c["reference"] for c in found] == [api_world["claim"].reference]


def test_a_parameter_the_address_does_not_take_is_named_not_ignored(api, api_world):
    typo = api("/api/v1/payments?form=2026-04-01").get_json(force=True)
    assert typo["status"] == 400 and typo["errors"][0]["parameter"] == "form"
    unread = api("/api/v1/claims?unread_since=2026-01-01").get_json(force=True)
    assert unread["errors"] == [{"parameter": "unread_since",
                                 "message": "Unread letters are per person: the API does not filter by them"}]
    assert api("/api/v1/status?x=1").status_code == 400


def test_the_token_page_says_when_a_token_was_last_used_to_the_minute(api, api_world, lead_client, db):
    """A call notes the token's last use at most once a minute (a write per call would serialise writers)."""
    from lp.models import ApiToken

    def last_used() -> str:
        row = parse_page(lead_client.get("/api-tokens")).select_one("#api-tokens tbody tr")
        return row.select_one("[data-label='Last used']").get_text(strip=True)

    assert last_used() == "Never"
    api("/api/v1/accounts")
    assert last_used() not in ("Never", "")
    token = db.session.get(ApiToken, api_world["token"].id)
    half_a_minute_ago = token.last_used_at = utcnow() - timedelta(seconds=30)
    db.session.commit()
    api("/api/v1/accounts")
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).last_used_at == half_a_minute_ago
    token.last_used_at = utcnow() - timedelta(minutes=2)
    db.session.commit()
    api("/api/v1/accounts")
    db.session.expire_all()
    assert utcnow() - db.session.get(ApiToken, token.id).last_used_at < timedelta(seconds=30)
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "api.accounts")) == 3
