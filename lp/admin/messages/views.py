"""Daily messages (/admin/messages): write, change and end the messages landlords see on their dashboard."""
from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, request, url_for
from flask_login import current_user

from lp import audit
from lp.access import needs_role
from lp.admin import bp
from lp.admin.messages import queries
from lp.admin.messages.forms import EndForm, MessageForm
from lp.audit_actions import MESSAGE_CHANGED, MESSAGE_CREATED, MESSAGE_ENDED
from lp.extensions import db
from lp.formats import format_date
from lp.horizon import today
from lp.htmx import render
from lp.models import Message


@bp.get("/messages")
@needs_role("officer")
def messages():
    return render("admin/messages.html", end_form=EndForm(), page_title="Daily messages", **queries.messages_by_state())


@bp.route("/messages/new", methods=["GET", "POST"])
@needs_role("officer")
def new_message():
    form = MessageForm(data={"starts_on": format_date(today())} if not _posted() else None)
    if form.validate_on_submit():
        message = Message(created_by_id=current_user.id)
        _save(message, form, MESSAGE_CREATED)
        flash("Your message has been saved", "success")
        return redirect(url_for(".messages"), 303)
    return render("admin/messages_edit.html", form=form, message=None)


@bp.route("/messages/<int:message_id>", methods=["GET", "POST"])
@needs_role("officer")
def edit_message(message_id: int):
    message = queries.message_or_404(message_id)
    form = MessageForm(data=None if _posted() else {
        "body": message.body, "starts_on": format_date(message.starts_on), "ends_on": format_date(message.ends_on),
        "show_on_sign_in": message.show_on_sign_in})
    if form.validate_on_submit():
        _save(message, form, MESSAGE_CHANGED)
        flash("Your changes have been saved", "success")
        return redirect(url_for(".messages"), 303)
    return render("admin/messages_edit.html", form=form, message=message)


@bp.post("/messages/<int:message_id>/end")
@needs_role("officer")
def end_message(message_id: int):
    message = queries.message_or_404(message_id)
    message.ends_on = min(message.ends_on, today() - timedelta(days=1))
    audit.record_and_commit(MESSAGE_ENDED, object_type="message", object_ref=str(message.id))
    flash("The message has ended: landlords no longer see it", "success")
    return redirect(url_for(".messages"), 303)


def _posted() -> bool:
    return request.method == "POST"


def _save(message: Message, form: MessageForm, action: str) -> None:
    message.body, message.show_on_sign_in = form.body.data, form.show_on_sign_in.data
    message.starts_on, message.ends_on = form.first_day, form.last_day
    db.session.add(message)
    db.session.flush()
    audit.record_and_commit(action, object_type="message", object_ref=str(message.id),
                            detail=f"{message.starts_on} to {message.ends_on}")
