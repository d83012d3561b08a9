"""The council's requests to landlords (the landlords' to-do list): raise one, read the answers, mark
them processed, and download them as CSV for the benefits system."""
from __future__ import annotations

import secrets

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from lp import audit
from lp.access import needs_role
from lp.admin import bp
from lp.admin.tasks import queries
from lp.admin.tasks.forms import NewTaskForm
from lp.audit_actions import TASK_ANSWERS_EXPORTED, TASK_RAISED, TASK_VIEWED
from lp.exports import csv_response
from lp.extensions import db
from lp.horizon import today
from lp.htmx import render
from lp.models import SERVICE_CHARGE_PAYERS, TASK_KINDS, TENANCY_TYPES, Task
from lp.paging import paginate
from lp.routing import url_with
from lp.tasks.answers import ANSWER_HEADER, answer_rows, answered, council_reference, mark_processed


@bp.get("/requests")
@needs_role("officer")
def tasks():
    show = request.args.get("show") if request.args.get("show") in queries.SHOWS else "answered"
    return render("admin/tasks.html", page=paginate(queries.listed(show)), show=show, shows=queries.SHOWS,
                  kinds=TASK_KINDS, today=today(), url_with=url_with)


@bp.get("/requests/answers.csv")
@needs_role("officer")
def task_answers():
    """Answered requests not yet processed (or every answer with ?all=1), for the benefits system."""
    every = request.args.get("all") == "1"
    audit.record_and_commit(TASK_ANSWERS_EXPORTED, object_type="task_answers",
                            detail="answers.csv" + (" all" if every else ""), landlord_id=None)
    return csv_response("answers.csv", ANSWER_HEADER, lambda: answer_rows(answered(processed=None if every else False)))


@bp.route("/requests/new", methods=["GET", "POST"])
@needs_role("officer")
def new_task():
    form = NewTaskForm()
    if form.validate_on_submit():
        task = Task(reference=f"new-{secrets.token_hex(6)}", claim_id=form.claim.id, kind=form.kind.data,
                    raised_on=today(), due_on=form.due.data, raised_by_id=current_user.id)
        db.session.add(task)
        db.session.flush()
        task.reference = council_reference(task.id)
        audit.record_and_commit(TASK_RAISED, object_type="task", object_ref=task.reference,
                                detail=f"claim {form.claim.reference}", landlord_id=None)
        flash(f"Request {task.reference} is on the landlord’s to-do list, due {task.due_on:%d/%m/%Y}.", "success")
        return redirect(url_for("admin.task", task_id=task.id), 303)
    return render("admin/tasks_new.html", form=form, kinds=TASK_KINDS)


@bp.get("/requests/<int:task_id>")
@needs_role("officer")
def task(task_id: int):
    task = db.get_or_404(Task, task_id)
    audit.record_view(TASK_VIEWED, object_type="task", object_ref=task.reference)
    return render("admin/tasks_show.html", task=task, people=queries.people_of(task), kinds=TASK_KINDS, payers=SERVICE_CHARGE_PAYERS,
                  tenancy_types=TENANCY_TYPES, today=today())


@bp.post("/requests/<int:task_id>/processed")
@needs_role("officer")
def process_task(task_id: int):
    task = db.get_or_404(Task, task_id)
    if task.answered_at is None:
        abort(404)  # nothing to process yet: the button is not offered
    if task.processed_at is None:
        mark_processed(task, current_user._get_current_object())
        flash(f"Request {task.reference} is marked as processed.", "success")
    return redirect(url_for("admin.tasks"), 303)
