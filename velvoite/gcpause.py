"""Pausing Python's cyclic garbage collector while large, acyclic data is built.

Loading a million records and their facts allocates millions of objects that live until the end;
each full collection on the way walks all of them again, which made the audit grow faster than
the data (bench/results.md: 11.8x the time for 10x the records). Records, facts and findings hold
no reference cycles, so collecting during their construction frees nothing; reference counting
still frees everything else at once. The collector runs again afterwards (nothing is frozen, so a
long-running ``velvoite serve`` keeps no garbage).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
