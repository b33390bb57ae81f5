"""The commands of the CLI, one module per group; ``velvoite.cli`` gives its click group ``Commands(WHERE)``.

A command's module is imported when the command is looked up (run, or listed by ``--help``), not at
every start (issue 31, click's "lazily loading subcommands"): an audit does not import the server,
the law watch, the database, the users or harvest, about 20 ms of CPU.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping

# a command's name on the command line: its module in velvoite.commands and its name there
WHERE = {
    "audit": ("audit", "audit"),
    "calendar": ("calendar", "calendar"),
    "serve": ("serve", "serve"),
    "report": ("report", "report"),
    "template": ("report", "template"),
    "yearclock": ("yearclock", "yearclock"),
    "diff": ("diff", "diff"),
    "validate": ("info", "validate"),
    "rules": ("info", "rules_cmd"),
    "test": ("rule_tests", "rule_tests"),
    "orgs": ("info", "orgs"),
    "schema": ("info", "schema"),
    "db": ("db", "db"),
    "users": ("users", "users"),
    "law": ("law", "law"),
    "harvest": ("harvest", "harvest"),  # issue 30: records proposed from published minutes
}


class Commands(MutableMapping):
    """The commands by name, as click's ``Group.commands`` holds them; a command's module is imported
    when the command is first looked up."""

    def __init__(self, where: dict[str, tuple[str, str]]):
        self._commands: dict = dict(where)  # a name: (module, name in it) until looked up, then the command

    def __getitem__(self, name: str):
        command = self._commands[name]  # KeyError for a name that is no command, as a dict
        if isinstance(command, tuple):
            module, attribute = command
            command = self._commands[name] = getattr(importlib.import_module(f"velvoite.commands.{module}"),
                                                     attribute)
        return command

    def __setitem__(self, name: str, command) -> None:  # click's Group.add_command
        self._commands[name] = command

    def __delitem__(self, name: str) -> None:
        del self._commands[name]

    def __contains__(self, name: object) -> bool:  # without importing the command
        return name in self._commands

    def __iter__(self) -> Iterator[str]:
        return iter(self._commands)

    def __len__(self) -> int:
        return len(self._commands)


__all__ = ["WHERE", "Commands"]
