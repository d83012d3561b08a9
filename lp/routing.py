"""Numbers and query strings in URLs: the bounded int converter, integer query parameters, the one
function that turns this request's query string into a link, and links to each row of a list.
"""
from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from flask import Flask, current_app, g, request, url_for
from werkzeug.routing import IntegerConverter

# The largest id there can be: primary keys are INTEGER, 32 bits on PostgreSQL, where a larger
# number is "integer out of range" (a 500; past 2**63 SQLite's driver overflows too). No URL or
# integer query parameter may carry one: it is simply not found.
MAX_ID = 2**31 - 1
# Offsets are page x 25: a page number this large is far past any list and far inside 64 bits.
MAX_PAGE = 10**9


class IdConverter(IntegerConverter):
    """<int:...> that only matches numbers the database can hold: anything larger is a 404."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_app(app: Flask) -> None:
    """Before any blueprint: rules take their converter when they are added."""
    app.url_map.converters["int"] = IdConverter
    app.add_template_global(url_with)
    app.add_template_global(row_url)


def query_int(name: str, default: int, *, minimum: int = 1, maximum: int = MAX_ID) -> int:
    """The integer ?name= of this request, or `default` for anything else: missing, not plain ASCII
    digits ("²" is a digit to Python but not to int()), or outside minimum..maximum."""
    value = request.args.get(name, "")
    if not (value.isascii() and value.isdigit()) or not minimum <= int(value) <= maximum:
        return default
    return int(value)


def url_with(endpoint: str | None = None, /, **changes) -> str:
    """The URL of `endpoint` (this page by default) with this request's query string kept and
    `changes` applied (None removes a key). Empty values are kept: an empty filter can differ
    from a missing one (a field whose default is not "any").

    The query string is encoded here, never passed to url_for as keywords: a visitor's ?endpoint=,
    ?_method= or ?_external= would otherwise be taken as url_for's own arguments (a 500, or a link
    to another scheme or host).
    """
    endpoint = endpoint or request.endpoint
    if endpoint.startswith("."):
        endpoint = f"{request.blueprint}{endpoint}"
    arguments = _arguments(endpoint)
    path = {**(request.view_args or {})} if endpoint == request.endpoint else {}
    path.update({key: value for key, value in changes.items() if key in arguments})
    query = request.args.copy()
    for key, value in changes.items():
        if key in arguments:
            continue
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    pairs = [(key, value) for key, value in query.items(multi=True) if key not in arguments]
    url = _path_url(endpoint, path)
    return f"{url}?{urlencode(pairs)}" if pairs else url


def _arguments(endpoint: str) -> frozenset[str]:
    """The path arguments of `endpoint`'s rules: the URL map does not change once the app is made."""
    known = current_app.extensions.setdefault("lp_rule_arguments", {})
    found = known.get(endpoint)
    if found is None:
        found = known[endpoint] = frozenset().union(*(rule.arguments for rule in current_app.url_map.iter_rules(endpoint)))
    return found


def _path_url(endpoint: str, path: dict) -> str:
    """url_for once per request for each endpoint and path: a list's sort headers and pages ask for the
    same one a dozen times, each with other query strings."""
    built = g.setdefault("lp_path_urls", {})
    key = (request.script_root, endpoint, *sorted(path.items()))
    url = built.get(key)
    if url is None:
        url = built[key] = url_for(endpoint, **path)
    return url


def row_url(endpoint: str, **values) -> Callable[[object], str]:
    """The URL of `endpoint` for each row of a list, from one url_for: `row_url("claims.show")` gives a
    function of the rule's one argument not in `values` (the row's reference or id), which it puts in
    the URL as the rule's converter does. url_for on every row (werkzeug matching and building the rule
    25 times) was a third of a list's rendering."""
    rule = next(current_app.url_map.iter_rules(endpoint))
    (name,) = set(rule.arguments) - values.keys()
    # Werkzeug's converter of that argument, as url_for uses it: a reference is quoted, an id checked.
    to_url = rule._converters[name].to_url
    url = url_for(endpoint, **values, **{name: MAX_ID})
    head, mark, tail = url.partition(to_url(MAX_ID))
    if not mark or to_url(MAX_ID) in tail:  # the number is in the URL's fixed part too: build each one
        return lambda value: url_for(endpoint, **values, **{name: value})
    return lambda value: f"{head}{to_url(value)}{tail}"
