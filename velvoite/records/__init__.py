"""Records (kirjaukset): the model, body words and the loaders for YAML, JSON and CSV."""

from velvoite.records.loader import load_records, records_from_mappings
from velvoite.records.model import FIELDS, KINDS, Record

__all__ = ["FIELDS", "KINDS", "Record", "load_records", "records_from_mappings"]
