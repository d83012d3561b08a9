from __future__ import annotations

from flask import current_app

from lp.access import public
from lp.database import database_answers
from lp.errors import database_down
from lp.extensions import limiter
from lp.htmx import render
from lp.pages import bp


@bp.get("/healthz")
@public
def healthz():
    """For the load balancer: 503 when the database does not answer (this process can serve nothing).
    Redis unreachable is 200 "degraded": lp still serves, counting rate limits in each process."""
    if not database_answers():
        database_down()
        return {"status": "unavailable", "database": "unreachable"}, 503
    if not current_app.config.get("LP_REDIS_URL") or not limiter.enabled:
        return {"status": "ok", "database": "ok", "rate_limits": "per-process"}, 200
    if limiter.storage.check():
        return {"status": "ok", "database": "ok", "rate_limits": "shared", "redis": "ok"}, 200
    return {"status": "degraded", "database": "ok", "rate_limits": "per-process", "redis": "unreachable"}, 200


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
