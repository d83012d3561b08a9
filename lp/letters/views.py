"""Letters views: every letter of the landlord's claims (unread first), its CSV, and a letter's PDF."""
from __future__ import annotations

import re

from flask import Response, g, redirect
from flask_login import current_user

from lp import audit
from lp.access import needs
from lp.audit_actions import LETTERS_EXPORTED
from lp.exports import csv_response
from lp.htmx import render
from lp.letters import bp
from lp.letters.forms import LetterFilterForm
from lp.letters.queries import (
    LETTER_HEADER,
    letter_count,
    letter_for,
    letter_pdf,
    letter_rows,
    letter_types_for,
    letters_for,
)
from lp.letters.services import record_opened
from lp.paging import described, paginate
from lp.render_cache import kept_until_next_load
from lp.routing import url_with
from lp.scoping import account_references_for

# Chrome shows a PDF through a plugin that object-src 'none' blocks (crbug.com/271452); the PDF is
# not HTML, so its response keeps only what still matters: no framing, nothing else loaded.
PDF_CSP = "object-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


@bp.context_processor
def helpers():
    return {"described": described}


def _filters():
    """The filter form and the filters it asks for (None while the form has errors)."""
    form = LetterFilterForm(letter_types_for(g.landlord_id))
    if not form.validate():
        return form, None
    return form, {"letter_type": form.letter_type.data, "start": form.start, "end": form.end,
                  "unread_only": form.unread.data}


def _filtered():
    """The filter form and the letters it asks for (None while the form has errors)."""
    form, filters = _filters()
    return form, letters_for(g.landlord_id, current_user.id, **filters) if filters is not None else None


@bp.get("/letters")
@needs("view_letters")
@kept_until_next_load
def index():
    form, filters = _filters()
    page = None if filters is None else paginate(
        letters_for(g.landlord_id, current_user.id, **filters), total=letter_count(g.landlord_id, current_user.id, **filters))
    return render("letters/index.html", form=form, page=page, accounts=account_references_for(g.landlord_id))


@bp.get("/letters.csv")
@needs("view_letters")
def export():
    form, letters = _filtered()
    if letters is None:
        return redirect(url_with(".index"), 303)  # the page says what to correct
    audit.record_and_commit(LETTERS_EXPORTED, object_type="letters",
                            detail=f"letters.csv {' '.join(described(form))}".strip())
    return csv_response("letters.csv", LETTER_HEADER, letter_rows(letters))


@bp.get("/letters/<int:letter_id>")
@needs("view_letters")
def open_letter(letter_id: int):
    """The letter's PDF, shown in the browser; opening it marks it read for this user."""
    letter = letter_for(g.landlord_id, letter_id)
    content = letter_pdf(letter)
    record_opened(letter, current_user)
    response = Response(content, mimetype="application/pdf")
    safe_name = re.sub(r"[^A-Za-z0-9_-]", "_", letter.reference)
    response.headers["Content-Disposition"] = f'inline; filename="letter-{safe_name}.pdf"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = PDF_CSP
    return response
