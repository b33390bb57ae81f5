"""The engine: obligations × records → findings."""

from velvoite.engine.audit import ENGINES, Audit, default_engine, run_audit
from velvoite.engine.finding import STATUSES, Finding

__all__ = ["ENGINES", "STATUSES", "Audit", "Finding", "default_engine", "run_audit"]
