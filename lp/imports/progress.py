"""The import's progress bar: tqdm on stderr, shown on a terminal or when asked for."""
from __future__ import annotations

import sys

from tqdm import tqdm


def bar(iterable, *, total: int | None, desc: str, enabled: bool):
    """Wrap `iterable` in a progress bar when `enabled` or stderr is a terminal; else pass it through."""
    if not (enabled or sys.stderr.isatty()):
        return iterable
    return tqdm(iterable, total=total, desc=desc, unit=" rows", unit_scale=True, file=sys.stderr,
                leave=False, mininterval=0.5)
