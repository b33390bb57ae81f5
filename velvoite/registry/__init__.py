"""Organisations (kunnat, hyvinvointialueet, HUS) and council terms (valtuustokaudet)."""

from velvoite.registry.registry import (EARLIEST, HELSINKI, HUS, LATEST, Organisation, Registry, Term,
                                        config_language, load_registry)

__all__ = ["EARLIEST", "HELSINKI", "HUS", "LATEST", "Organisation", "Registry", "Term",
           "config_language", "load_registry"]
