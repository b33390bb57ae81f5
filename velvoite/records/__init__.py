"""Records (kirjaukset): the model, body words and the loaders for YAML, JSON and CSV."""

from velvoite.records.loader import load_records, records_from_mappings
from velvoite.records.kinds import kind_ids
from velvoite.records.model import FIELDS, Record

__all__ = ["FIELDS", "Record", "kind_ids", "load_records", "records_from_mappings"]
