from __future__ import annotations

from flask import current_app

from lp.access import public
from lp.database import database_answers
from lp.htmx import render
from lp.pages import bp


@bp.get("/healthz")
@public
def healthz():
    """200 when the database answers, 503 when it does not; for the load balancer."""
    if database_answers():
        return {"status": "ok"}, 200
    return {"status": "database unavailable"}, 503


@bp.get("/accessibility")
@public
def accessibility():
    return render("pages/accessibility.html")


@bp.get("/privacy")
@public
def privacy():
    return render("pages/privacy.html", horizon_years=current_app.config["LP_HORIZON_DAYS"] // 365)


@bp.get("/cookies")
@public
def cookies():
    return render("pages/cookies.html")
