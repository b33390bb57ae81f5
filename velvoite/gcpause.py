"""Pausing Python's cyclic garbage collector while large, acyclic data is built.

Loading a million records and their facts allocates millions of objects that live until the end;
each full collection on the way walks all of them again, which made the audit grow faster than
the data (bench/results.md: 11.8x the time for 10x the records). Records, facts and findings hold
no reference cycles, so collecting during their construction frees nothing; reference counting
still frees everything else at once. The collector runs again afterwards.

After loading, the CLI freezes what exists (``freeze``: the registry, the rules, the records):
the collector never walks those objects again, which it otherwise did on every full collection
during classification and rendering (14-19 % of a 1 000 000-record audit). They are acyclic or
live to the end of the run; reference counting still frees what ``velvoite serve`` replaces when
the record files change.
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


def freeze() -> None:
    """Move every object alive now out of the collector's sight (``gc.freeze``). No collection
    first: loading ran with the collector paused and made no cycles worth one (a full collection
    over a million records would cost more than the garbage it could find)."""
    gc.freeze()
