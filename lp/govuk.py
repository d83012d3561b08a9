"""GOV.UK's component macros (govuk-frontend-jinja) for lp's form fields, each one's HTML kept by its
parameters: a macro's HTML depends on nothing else, and a field costs ~0.5-1 ms of Jinja (its label, hint,
error and attributes macros, each re-imported on every call), so a search form of nine fields was most of
a list page's rendering.

A typed value is not part of what is kept: an input is kept with a mark where its value goes, and the
value, escaped as the macro escapes it, is put in on each call. So the same field with another search
costs a dictionary look-up, and what people type in a box (tenants' names) is not kept in memory (a
date's day, month and year boxes are kept with their values, like any other parameter).
"""
from __future__ import annotations

from flask import Flask, current_app
from markupsafe import Markup, escape

# Per process; emptied when full. Bounded in characters, not fields: a select of a large organisation's
# accounts is tens of kilobytes.
MAX_KEPT_CHARS = 8 * 1024 * 1024
# Letters and a hyphen only: escaping leaves it as it is, and no label, hint or id holds it.
VALUE_MARK = "lp-typed-value-b1e0c6"


def init_app(app: Flask) -> None:
    app.extensions["lp_govuk_kept"] = Kept()
    app.add_template_global(govuk)


class Kept:
    """The kept HTML by component and parameters, and how many characters it holds."""

    def __init__(self) -> None:
        self.html: dict = {}
        self.chars = 0

    def keep(self, key, html: str) -> None:
        if self.chars + len(html) > MAX_KEPT_CHARS:
            self.html, self.chars = {}, 0  # a new dict: a thread reading the old one is not disturbed
        self.html[key] = html
        self.chars += len(html)


def govuk(component: str, params: dict) -> Markup:
    """The HTML of GOV.UK's `component` ("input", "select", "checkboxes", "date-input" ...) for `params`."""
    value = params.get("value") if component == "input" else None
    if isinstance(value, str) and value:
        params = {**params, "value": VALUE_MARK}
    try:
        key = (component, _frozen(params))
    except TypeError:  # something unhashable in the parameters: rendered every time
        return _macro(component)(params)
    kept = current_app.extensions["lp_govuk_kept"]
    html = kept.html.get(key)
    if html is None:
        html = _macro(component)(params)
        kept.keep(key, html)
    if params.get("value") == VALUE_MARK:
        return html.replace(VALUE_MARK, escape(value))  # Markup.replace: nothing unescaped gets in
    return html


def _macro(component: str):
    name = "govuk" + "".join(part.title() for part in component.split("-"))
    template = current_app.jinja_env.get_template(f"govuk_frontend_jinja/components/{component}/macro.html")
    return getattr(template.module, name)


def _frozen(value):
    """A hashable copy of `value` that tells apart what renders differently: a dict from a list of pairs,
    True from 1, Markup from the same text as a plain string."""
    if isinstance(value, dict):
        return ("dict", tuple((key, _frozen(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return ("list", tuple(_frozen(item) for item in value))
    hash(value)
    return (type(value), value)
