"""The to-do list: the requests (filtered by keyword and due date), and one request with its answer form."""
from __future__ import annotations

from flask import flash, g, redirect, request, url_for
from flask_login import current_user

from lp import audit
from lp.access import needs
from lp.audit_actions import TASK_VIEWED
from lp.extensions import db
from lp.horizon import today
from lp.htmx import render
from lp.models import RENT_FREQUENCIES, SERVICE_CHARGE_PAYERS, TENANCY_TYPES, User
from lp.paging import paginate
from lp.routing import url_with
from lp.tasks import bp, queries, services
from lp.tasks.forms import ANSWER_FORMS, TaskFilterForm


@bp.context_processor
def helpers():
    return {"url_with": url_with, "due_choices": queries.DUE_CHOICES, "state_choices": queries.STATE_CHOICES,
            "rent_frequencies": {key: key.capitalize() for key in RENT_FREQUENCIES}, "payers": SERVICE_CHARGE_PAYERS, "tenancy_types": TENANCY_TYPES,
            "today": today()}


@bp.get("/to-do")
@needs("provide_tenancy_details")
def index():
    form = TaskFilterForm()
    page = paginate(queries.tasks_for(g.landlord_id, text=form.text.data or None, due=form.due.data,
                                      state=form.state.data))
    return render("tasks/index.html", form=form, page=page)


@bp.route("/to-do/<reference>", methods=["GET", "POST"])
@needs("provide_tenancy_details")
def show(reference: str):
    task = queries.task_for(g.landlord_id, reference)
    form = ANSWER_FORMS[task.kind]() if task.answered_at is None else None
    if form is not None and form.validate_on_submit():
        if services.answer(task, current_user._get_current_object(), form):
            flash(f"Thank you. Your answer to request {task.reference} has been sent to the council.", "success")
            return redirect(url_for("tasks.show", reference=task.reference), 303)
        form = None
    if form is None and request.method == "POST":  # answered meanwhile, in another tab or by a colleague
        flash(f"Request {task.reference} had already been answered: its answer is below.")
        return redirect(url_for("tasks.show", reference=task.reference), 303)
    if request.method == "GET":
        audit.record_view(TASK_VIEWED, object_type="task", object_ref=task.reference,
                          detail=f"claim {task.claim.reference}")
    return render("tasks/show.html", task=task, form=form, answered_by=_who_answered(task))


def _who_answered(task) -> str | None:
    """Who answered: shown to the organisation's managers, and to the person who answered."""
    if task.answered_by_id is None:
        return None
    if task.answered_by_id == current_user.id:
        return "you"
    if current_user.can("manage_users"):
        user = db.session.get(User, task.answered_by_id)
        return user.full_name if user else None
    return None
