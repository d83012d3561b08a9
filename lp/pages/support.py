"""Help and Contact: how the service works and how to reach the council. The council's details and
words come from settings (a council changes them without changing lp); the service's rules (the
horizon, the key's lifetime, the lock-out) from the code that enforces them, so the page cannot drift."""
from __future__ import annotations

from flask import current_app

from lp.access import public
from lp.auth.keys import LIFETIME as KEY_LIFETIME
from lp.auth.services import LOCK_AFTER
from lp.formats import plural
from lp.htmx import render
from lp.pages import bp
from lp.validators import uk_telephone_number


@bp.get("/help")
@public
def help():
    config = current_app.config
    return render("pages/help.html", horizon=horizon_words(config["LP_HORIZON_DAYS"]),
                  sender=config["LP_MAIL_FROM"], payment_timing=config["LP_HELP_PAYMENT_TIMING"],
                  entitlement_note=config["LP_HELP_ENTITLEMENT_NOTE"],
                  working_days=config["LP_REGISTRATION_WORKING_DAYS"], lock_after=LOCK_AFTER,
                  key_minutes=int(KEY_LIFETIME.total_seconds() // 60))


@bp.get("/contact")
@public
def contact():
    config = current_app.config
    return render("pages/contact.html", phone=config["LP_CONTACT_PHONE"],
                  phone_link=uk_telephone_number(config["LP_CONTACT_PHONE"]),
                  email=config["LP_CONTACT_EMAIL"], hours=config["LP_CONTACT_HOURS"])


def horizon_words(days: int) -> str:
    """730 → '2 years'; a horizon that is not whole years is said in days."""
    return plural(days // 365, "year") if days % 365 == 0 else plural(days, "day")
