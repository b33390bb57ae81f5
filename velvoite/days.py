"""The days velvoite can name, a leaf every layer reads: the registry's open span (``EARLIEST``,
``LATEST``: an organisation that has always existed, or still exists) and the days a record, a
setting or a waiver may carry (``EARLIEST_RECORD`` to ``LAST_VALID``: a typed 0001 or 9999 would
overflow the arithmetic of periods)."""

from __future__ import annotations

import datetime as dt

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(9999, 12, 31)
EARLIEST_RECORD = dt.date(2000, 1, 1)
LAST_VALID = dt.date(2099, 12, 31)
