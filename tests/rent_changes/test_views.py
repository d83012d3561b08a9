"""Uploading rent changes: a file with errors keeps nothing, a good one is previewed from a kept draft and sent."""
from __future__ import annotations

import io
from datetime import date

from sqlalchemy import func, select

from lp.models import AuditEvent, OutboxMessage, RentChange, RentChangeLine
from lp.rent_changes.checks import window
from tests import factories as f
from tests.conftest import parse_page
from tests.rent_changes.conftest import next_week, rents_file


def count(db, model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def upload(client, *lines, **kwargs):
    return client.post("/rent-changes", data=rents_file(*lines, **kwargs), content_type="multipart/form-data")


def test_a_file_with_errors_keeps_nothing_and_lists_every_line_to_correct(db, lead_client, claims):
    response = upload(lead_client, f"HB7001,130.00,weekly,,{next_week()}", f"HB8001,130.00,weekly,,{next_week()}",
                      f"HB0000,130.00,weekly,,{next_week()}", "HB7002,lots,weekly,,01/01/2020")
    page = parse_page(response)
    earliest, latest = window(date.today())
    assert "The file has 4 errors: nothing has been kept" in page.text(".govuk-error-summary")
    assert [li.get_text(" ", strip=True) for li in page.select("#line-errors li")] == [
        # Another landlord's claim reads exactly like one that does not exist.
        "Line 3: claim reference HB8001 is not one of your claims",
        "Line 4: claim reference HB0000 is not one of your claims",
        "Line 5: new rent must be an amount in pounds, like 125.50, not lots",
        f"Line 5: effective date 01/01/2020 must be between {earliest:%d/%m/%Y} and {latest:%d/%m/%Y}",
    ]
    assert "Claim reference is not one of your claims: 2 lines" in page.text("#line-errors")
    assert count(db, RentChange) == 0 and count(db, RentChangeLine) == 0


def test_a_good_file_is_previewed_old_to_new_and_the_preview_survives_a_reload(db, lead_client, landlord_world, claims):
    f.make_rent_change(landlord_world["landlord"].id, landlord_world["lead"], [claims["HB7001"]],
                       status="processed", weekly_rent_pence=12000)
    db.session.commit()
    response = upload(lead_client, f"HB7001,126.00,weekly,5.00,{next_week()}", f"HB7002,520.00,monthly,,{next_week()}",
                      name="April rents.csv")
    draft = db.session.scalar(select(RentChange).where(RentChange.status == "draft"))
    assert response.status_code == 303 and response.location == f"/rent-changes/{draft.reference}"
    cookie = lead_client.get_cookie("session")
    assert cookie is None or len(cookie.value) < 1000  # the checked lines are in the database, not the cookie
    for _ in range(2):  # a reload shows the same preview: it is read from the database
        page = parse_page(lead_client.get(response.location))
        rows = [" ".join(tr.get_text(" ").split()) for tr in page.select("#lines tbody tr")]
        assert rows[0].startswith("2 HB7001 NHA/HB7001") and "£120.00 £126.00 weekly £5.00" in rows[0]
        assert "Not known £520.00 monthly (£120.00 a week)" in rows[1]
        assert "Check your rent changes" in page.text("h1") and "April rents.csv" in page.text("#rent-change-details")
    assert count(db, RentChangeLine) == 3  # the two new lines and the earlier file's one


def test_sending_a_file_tells_the_council_without_tenant_details_and_shows_its_status(app, db, lead_client, claims):
    location = upload(lead_client, f"HB7001,126.00,weekly,,{next_week()}").location
    response = lead_client.post(location + "/submit")
    assert response.status_code == 303 and response.location == "/rent-changes"
    sent = db.session.scalar(select(RentChange))
    assert sent.status == "submitted" and sent.submitted_at is not None
    mail = db.session.scalar(select(OutboxMessage))
    assert mail.recipient == app.config["LP_BENEFITS_EMAIL"] and sent.reference in mail.body
    assert "HB7001" not in mail.body and "126" not in mail.body
    page = parse_page(lead_client.get("/rent-changes"))
    assert f"Rent changes sent. Your reference is {sent.reference}." in page.text()
    assert "Sent to the council" in page.text("#submissions")
    assert lead_client.post(location + "/submit").status_code == 303  # sending twice does nothing more
    assert count(db, OutboxMessage) == 1


def test_big_changes_are_sent_only_once_the_landlord_confirms_them(db, lead_client, landlord_world, claims):
    f.make_rent_change(landlord_world["landlord"].id, landlord_world["lead"], [claims["HB7001"]],
                       status="submitted", weekly_rent_pence=10000)
    db.session.commit()
    location = upload(lead_client, f"HB7001,200.00,weekly,,{next_week()}", f"HB7002,90.00,weekly,,{next_week()}").location
    page = parse_page(lead_client.get(location))
    assert "The rent changes by more than 50% (£100.00 to £200.00 a week)" in page.text("#lines")
    assert "1 rent changes by more than 50%" in page.text("#rent-change-details")
    only = parse_page(lead_client.get(page.select_one("#rent-change-details a")["href"]))
    assert [tr.select_one("td[data-label=Claim]").get_text() for tr in only.select("#lines tbody tr")] == ["HB7001"]
    refused = parse_page(lead_client.post(location + "/submit"))
    assert "Confirm you have checked the rents marked ‘Check’" in refused.text(".govuk-error-summary")
    assert db.session.scalar(select(RentChange.status).where(RentChange.status == "draft")) == "draft"
    assert lead_client.post(location + "/submit", data={"checked": "y"}).status_code == 303
    db.session.expire_all()
    assert count(db, RentChange) == 2 and db.session.scalar(
        select(func.count()).where(RentChange.status == "submitted")) == 2


def test_a_file_over_the_limit_is_refused_with_the_limit_and_nothing_kept(db, lead_client, claims):
    huge = {"rents_file": (io.BytesIO(b"claim_reference,new_rent\n" + b"x" * (50 * 1024 * 1024)),
                           "everything.csv")}
    response = lead_client.post("/rent-changes", data=huge, content_type="multipart/form-data")
    page = parse_page(response, status=413)
    assert "The selected file must be smaller than 5 MB" in page.text(".govuk-error-summary")
    assert count(db, RentChange) == 0


def test_a_workbook_is_refused_with_how_to_save_it_as_csv(db, lead_client, claims):
    response = lead_client.post("/rent-changes", data={"rents_file": (io.BytesIO(b"PK\x03\x04..."),
                                                                      "rents.xlsx")}, content_type="multipart/form-data")
    assert "choose ‘Save as’ and ‘CSV UTF-8 (comma delimited)’" in parse_page(response).text(".govuk-error-summary")


def test_the_template_lists_the_landlords_own_live_claims_and_is_audited(db, lead_client, claims):
    response = lead_client.get("/rent-changes/template.csv")
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "claim_reference,rent_reference,current_weekly_rent,new_rent,frequency,service_charges,effective_date"
    assert lines[1:] == ["HB7001,NHA/HB7001,,,weekly,,", "HB7002,NHA/HB7002,,,weekly,,", "HB7003,NHA/HB7003,,,weekly,,"]
    assert db.session.scalar(select(AuditEvent.object_type).where(AuditEvent.action == "rent_change_template.exported")) == "rent_change_template"


def test_the_preview_is_audited_and_another_landlords_file_is_not_found(db, lead_client, other_client, claims):
    location = upload(lead_client, f"HB7001,126.00,weekly,,{next_week()}").location
    lead_client.get(location)
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "rent_change.viewed"))
    assert other_client.get(location).status_code == 404
    assert other_client.post(location + "/submit").status_code == 404
    assert count(db, OutboxMessage) == 0


def test_a_draft_can_be_removed_without_sending_it(db, lead_client, claims):
    location = upload(lead_client, f"HB7001,126.00,weekly,,{next_week()}").location
    assert lead_client.post(location + "/discard").status_code == 303
    assert count(db, RentChange) == 0 and count(db, RentChangeLine) == 0


def test_the_upload_checks_its_csrf_token_and_keeps_nothing_without_it(app, db, lead_client, claims):
    app.config["WTF_CSRF_ENABLED"] = True
    response = upload(lead_client, f"HB7001,126.00,weekly,,{next_week()}")
    assert response.status_code == 400 and "Your form has expired" in response.get_data(as_text=True)
    assert count(db, RentChange) == 0


def test_a_user_without_the_permission_has_no_menu_item_and_cannot_upload(db, viewer_client, claims):
    assert "Rent changes" not in parse_page(viewer_client.get("/")).text("nav")
    assert upload(viewer_client, f"HB7001,126.00,weekly,,{next_week()}").status_code == 403


def test_the_permission_is_offered_on_the_team_pages(lead_client, claims):
    labels = [label.get_text(strip=True) for label in parse_page(lead_client.get("/team/invite")).select("label")]
    assert "Bulk update housing costs" in labels


def test_a_template_sent_back_unchanged_says_there_are_no_new_rents(db, lead_client, claims):
    response = upload(lead_client, "HB7001,,weekly,,", "HB7002,,weekly,,")
    assert "The file has no new rents" in parse_page(response).text(".govuk-error-summary")
    assert count(db, RentChange) == 0
