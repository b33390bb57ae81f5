"""Organisations (kunnat, hyvinvointialueet, HUS) and council terms (valtuustokaudet)."""

from velvoite.registry.registry import Organisation, Registry, Term, load_registry

__all__ = ["Organisation", "Registry", "Term", "load_registry"]
