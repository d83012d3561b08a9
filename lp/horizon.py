"""The data horizon: the earliest date anyone may see. Every query of claims, payments,
entitlements and letters stops here (LP_HORIZON_DAYS, 2 years by default)."""
from __future__ import annotations

from datetime import date, timedelta

from flask import current_app


def today() -> date:
    """Today, in one place so tests can move the clock."""
    return date.today()


def horizon_date() -> date:
    return today() - timedelta(days=current_app.config["LP_HORIZON_DAYS"])
