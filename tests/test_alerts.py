"""New-letter alerts: one e-mail (and an SMS if chosen) per reader per import, counts only, never twice."""
from __future__ import annotations

from sqlalchemy import select

from lp.alerts import queue_new_letter_alerts
from lp.models import ImportBatch, OutboxMessage
from tests import factories as f


def make_batch(db):
    batch = ImportBatch(source="extract.zip", checksum="abc", files={}, counts={}, errors=[], status="loaded", run_by="t")
    db.session.add(batch)
    db.session.flush()
    return batch


def outbox(db):
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_each_reader_who_opted_in_gets_one_email_and_sms_with_counts_and_no_tenant_data(app, db, landlord_world):
    lead = landlord_world["lead"]
    lead.alerts_sms, lead.mobile, lead.mobile_confirmed = True, "+447700900123", True
    reader = f.make_user(landlord_world["landlord"], permissions=("view_letters",), alerts_email=True)
    f.make_user(landlord_world["landlord"], permissions=("view_letters",), alerts_email=False)  # opted out
    f.make_user(landlord_world["landlord"], permissions=("view_letters",), status="deactivated")
    batch = make_batch(db)
    first = f.make_claim(landlord_world["account"], first_name="Tamsin", surname="Quartermaine")
    second = f.make_claim(landlord_world["second_account"], first_name="Bartholomew", surname="Zanzibar")
    for claim in (first, first, second):
        f.make_letter(claim, import_batch_id=batch.id)
    f.make_letter(f.make_claim(landlord_world["other_account"]), import_batch_id=make_batch(db).id)
    db.session.commit()

    assert queue_new_letter_alerts(batch) == 3  # the lead's e-mail and SMS, the reader's e-mail
    db.session.commit()
    messages = outbox(db)
    assert sorted((m.channel, m.recipient) for m in messages) == sorted(
        [("email", lead.email), ("sms", "+447700900123"), ("email", reader.email)])
    for message in messages:
        text = f"{message.subject or ''} {message.body}"
        assert "3 new letters for 2 tenants" in text
        assert app.config["LP_BASE_URL"] + "/letters" in text
        for private in ("Tamsin", "Quartermaine", "Bartholomew", "Zanzibar", "Mill Lane", first.reference):
            assert private not in text


def test_a_user_without_view_letters_or_a_confirmed_mobile_gets_no_such_alert(app, db, landlord_world):
    viewer = landlord_world["viewer"]  # no view_letters
    lead = landlord_world["lead"]
    lead.alerts_sms, lead.mobile, lead.mobile_confirmed = True, "+447700900123", False
    batch = make_batch(db)
    f.make_letter(f.make_claim(landlord_world["account"]), import_batch_id=batch.id)
    db.session.commit()
    queue_new_letter_alerts(batch)
    db.session.commit()
    assert [(m.channel, m.recipient) for m in outbox(db)] == [("email", lead.email)]
    assert viewer.email not in {m.recipient for m in outbox(db)}


def test_a_rerun_for_the_same_batch_alerts_nobody_twice(app, db, landlord_world):
    batch = make_batch(db)
    f.make_letter(f.make_claim(landlord_world["account"]), import_batch_id=batch.id)
    db.session.commit()
    assert queue_new_letter_alerts(batch) == 1
    db.session.commit()
    assert queue_new_letter_alerts(batch) == 0
    assert len(outbox(db)) == 1


def test_an_import_without_new_letters_sends_nothing(app, db, landlord_world):
    assert queue_new_letter_alerts(make_batch(db)) == 0
    assert outbox(db) == []


def test_the_importer_queues_the_alerts_with_the_load(app, db, landlord_world, tmp_path):
    from lp.imports import load_extract
    from tests.imports.extract import ExtractFiles

    batch = load_extract(ExtractFiles.valid().write(tmp_path), run_by="cli:tester")  # one letter, account 9998
    assert batch.status == "loaded"
    assert [(m.recipient, m.kind) for m in outbox(db)] == [(landlord_world["lead"].email, "new_letters")]
    assert "1 new letter for 1 tenant" in outbox(db)[0].body
