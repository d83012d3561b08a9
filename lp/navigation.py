"""The landlord and council menus: each item is a label and an endpoint; who sees it is read from the
guard on that endpoint's view (lp/access.py), so a permission or a role is written once, on the view."""
from __future__ import annotations

from typing import NamedTuple

from flask import current_app, request, url_for

from lp.access import may_open, may_open_key

LANDLORD_MENU = (
    ("Dashboard", "dashboard.index"),
    ("To-do list", "tasks.index"),
    ("Payments", "payments.index"),
    ("Claims", "claims.index"),
    ("Properties", "properties.index"),
    ("Letters", "letters.index"),
    ("Overpayments", "overpayments.index"),
    ("Report a change", "changes.index"),
    ("Rent changes", "rent_changes.index"),
    ("Team", "team.index"),
    ("API tokens", "api_tokens.index"),
    ("My profile", "profile.show"),
)

COUNCIL_MENU = (
    ("Overview", "admin.overview"),
    ("Registrations", "admin.registrations"),
    ("Landlords", "admin.landlords"),
    ("Change reports", "admin.changes"),
    ("Rent changes", "admin.rent_changes"),
    ("Requests", "admin.tasks"),
    ("Messages", "admin.messages"),
    ("Data loads", "admin.imports"),
    ("Council users", "admin.users"),
    ("API tokens", "admin.api_tokens"),
    ("Audit log", "admin.audit"),
)


class MenuItem(NamedTuple):
    label: str
    href: str
    current: bool


def menu(items) -> list[MenuItem]:
    """The items of `items` the signed-in user may open, each marked current when this page is it or
    lies under it (/payments/123 and /payments.csv are under Payments; the home page only itself)."""
    path = request.path
    shown = []
    for position, label, href in _openable(items):
        # The first item is the menu's home (/ or /admin): every page lies under it, so only itself.
        current = path == href if position == 0 else (
            path == href or path.startswith(href + "/") or path.startswith(href + "."))
        shown.append(MenuItem(label, href, current))
    return shown


def _openable(items) -> tuple[tuple[int, str, str], ...]:
    """(position in `items`, label, href) of the items the user may open, worked out once per process for each set of what
    may_open reads (the user's permissions and council role) and URL root: 12 guard tests and url_for
    calls on every page were a tenth of a small page's time."""
    key = (items, may_open_key(), request.script_root)
    kept = current_app.extensions.setdefault("lp_menus", {})
    found = kept.get(key)
    if found is None:
        found = kept[key] = tuple((position, label, url_for(endpoint)) for position, (label, endpoint) in enumerate(items)
                                  if may_open(current_app.view_functions[endpoint]))
    return found
