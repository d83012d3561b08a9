"""What every template may use: the council's identity, the money, date and phone formats, plurals, the menus."""
from __future__ import annotations

from datetime import date, datetime

from flask import Flask
from markupsafe import Markup, escape

from lp import govuk, navigation
from lp.daily_messages import current_messages
from lp.formats import address_lines, format_date, format_money, plural
from lp.freshness import data_as_at
from lp.validators import display_phone


def init_app(app: Flask) -> None:
    govuk.init_app(app)  # the form fields' GOV.UK components (templates/components/fields.html)
    app.jinja_env.filters["money"] = format_money
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["lines"] = plain_text_lines
    app.jinja_env.filters["phone"] = display_phone
    app.jinja_env.filters["plural"] = plural
    app.jinja_env.filters["address_lines"] = address_lines
    app.jinja_env.globals["menu"] = navigation.menu
    app.jinja_env.globals["LANDLORD_MENU"] = navigation.LANDLORD_MENU
    app.jinja_env.globals["COUNCIL_MENU"] = navigation.COUNCIL_MENU
    app.jinja_env.globals["lp_data_as_at"] = data_as_at  # read only where a page shows it
    app.jinja_env.globals["current_messages"] = current_messages  # the council's messages, on sign-in pages

    @app.context_processor
    def identity():
        return {
            "council_name": app.config["LP_COUNCIL_NAME"],
            "service_name": app.config["LP_SERVICE_NAME"],
        }


def format_datetime(value: datetime | None) -> str:
    """dd/mm/yyyy HH:MM in UK local time, for people reading the page."""
    if value is None:
        return ""
    from zoneinfo import ZoneInfo

    return value.astimezone(ZoneInfo("Europe/London")).strftime("%d/%m/%Y %H:%M")


def plain_text_lines(text: str | None) -> Markup:
    """Plain text with its line breaks kept: escaped first, so no HTML gets through."""
    if not text:
        return Markup("")
    return Markup("<br>").join(escape(line) for line in text.splitlines())


__all__ = ["date", "format_date", "format_money", "init_app"]
