"""Values that change only when an extract loads, worked out once per load and kept in this process.

A landlord's counts and sums (its letters within the horizon, its suspended claims, what each account
was paid) come from data only the importer writes, so they are kept, keyed on:
- the last load (lp.freshness.last_load_id): a new load changes the key in every process at once, as
  the importer commits in another process and nothing needs telling;
- the horizon date, which moves at midnight;
- the organisation and the ids of its accounts: the council can link an account to an organisation
  between loads, and that changes the key too (a clear here would reach only this process).
The key is read once per request (two indexed look-ups); the store is bounded, oldest out first.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import current_app, has_request_context, request
from sqlalchemy import select

from lp.extensions import db
from lp.freshness import last_load_id
from lp.horizon import horizon_date
from lp.models import LandlordAccount

MAX_KEPT = 4096
_lock = threading.Lock()
T = TypeVar("T")


def landlord_key(landlord_id: int) -> tuple:
    """What a landlord's per-load values depend on, read once per request (kept in the request's
    environ, not `g`: an app context can outlive a request, as in tests)."""
    keys = request.environ.setdefault("lp.per_load_keys", {}) if has_request_context() else {}
    if landlord_id not in keys:
        accounts = tuple(db.session.scalars(
            select(LandlordAccount.id).where(LandlordAccount.landlord_id == landlord_id).order_by(LandlordAccount.id)))
        keys[landlord_id] = (last_load_id(), horizon_date(), landlord_id, accounts)
    return keys[landlord_id]


def kept(name: str, landlord_id: int, detail: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`'s value for this landlord (and `detail`, e.g. a filter), worked out once per load.
    The value must be plain data (never ORM objects, which belong to one request's session)."""
    key = (name, detail, *landlord_key(landlord_id))
    store: OrderedDict = current_app.extensions.setdefault("lp_per_load", OrderedDict())
    with _lock:
        if key in store:
            store.move_to_end(key)
            return store[key]
    value = compute()  # outside the lock: two threads may both compute it once, which is harmless
    with _lock:
        store[key] = value
        while len(store) > MAX_KEPT:
            store.popitem(last=False)
    return value
