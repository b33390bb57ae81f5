"""The columnar path: a national audit's facts as a frame and its matching as a join (polars).

Optional (``pip install 'velvoite[fast]'``): without polars every audit takes the object path
(``engine.facts``, ``engine.match_python``), which stays the reference. The two give the same
matches for every rule the columnar path takes (tests/test_columnar.py compares them on generated
record sets, on both engines); the rules it does not take (``routed``) go to the object path in the
same run. Which path a run takes is chosen by its size (``chosen``).
"""

from __future__ import annotations

import functools
import os
import sys


# Below this many records the object path: measured 2026-12-07 on the shared 2-core machine (CPU time,
# user + system, of `velvoite audit FILE --format json` on bench_audit's national CSV, two or three runs
# each, the machine too loaded for wall times to mean much): 10 000 records 1.25-1.36 s columnar against
# 1.28-1.34 s (importing polars, about 0.2 s, eats what the join saves), 100 000 records 2.84-3.06 s
# against 3.42-3.95 s, 1 000 000 records 23.5 s against 30.2 s. Twice the size where they cost the same.
THRESHOLD = 20_000


@functools.cache
def available() -> bool:
    """Whether polars is installed (the ``fast`` extra), asked without importing it: every run that
    reads records asks, and importing polars costs about half a second a run of any size."""
    from importlib.util import find_spec

    return find_spec("polars") is not None


@functools.cache
def sheets_available() -> bool:
    """Whether large workbooks can be read as columns: polars and fastexcel (the ``fast`` extra)."""
    from importlib.util import find_spec

    return available() and find_spec("fastexcel") is not None


def chosen(n_records: int, engine: str, share: float = 1.0) -> bool:
    """Whether an audit of ``n_records`` on ``engine`` takes the columnar path: polars installed,
    the Python matcher (durable-rules is chosen by name, for itself), and enough records for the
    organisations audited: ``share`` is their part of the registry's organisations, so that one
    organisation's audit over a national record set stays on the object path (measured at 100 000
    records: 0.32 s there against 1.6-1.9 s on the join, which builds every organisation's facts).
    ``VELVOITE_COLUMNAR`` (``always``/``never``) overrides the size, for tests and benchmarks."""
    if engine != "python" or not available():
        return False
    forced = os.environ.get("VELVOITE_COLUMNAR", "")
    if forced in ("always", "never"):
        return forced == "always"
    return n_records * share >= THRESHOLD


# polars allocates with its own jemalloc, which keeps freed pages for a while (polars sets 0.5 s) before
# giving them back: a national audit's joins then hold what they freed and the peak grows with each
# (1 000 000 records: 1 000-1 060 MB). Given back at once, the peak of the same run is 870-906 MB, but a
# run of 100 000 records costs 7 % more CPU (1.57 against 1.46 s, alternating runs, 2026-12-08): so only
# for a run this large, whose memory is what may run out.
LARGE_BYTES = 32 << 20


def give_back_memory(run_bytes: int) -> None:
    """Before polars is first imported by a run reading ``run_bytes`` of CSV: from ``LARGE_BYTES`` on,
    polars' allocator gives freed memory back at once (read by jemalloc as polars loads; a setting of
    the user's own is kept)."""
    if run_bytes >= LARGE_BYTES and "polars" not in sys.modules:
        os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")
