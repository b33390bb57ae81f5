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

# Below this many records the object path is faster: importing polars and setting up the frames
# costs about 0.15 s, which the join wins back only from about 20 000 records (bench/bench_columnar.py,
# 2026-12-07, 2-core machine: 10 000 records 1.0x, 100 000 records 0.6x the object path's audit time).
THRESHOLD = 20_000


@functools.cache
def available() -> bool:
    """Whether polars can be imported (the ``fast`` extra)."""
    try:
        import polars  # noqa: F401
    except ImportError:
        return False
    return True


def chosen(n_records: int, engine: str) -> bool:
    """Whether an audit of ``n_records`` on ``engine`` takes the columnar path: polars installed,
    the Python matcher (durable-rules is chosen by name, for itself), and enough records.
    ``VELVOITE_COLUMNAR`` (``always``/``never``) overrides the size, for tests and benchmarks."""
    if engine != "python" or not available():
        return False
    forced = os.environ.get("VELVOITE_COLUMNAR", "")
    if forced in ("always", "never"):
        return forced == "always"
    return n_records >= THRESHOLD
