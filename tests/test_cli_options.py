"""The options several commands share are declared once (``commands.common``: ``LANG``, ``ORGS``,
``REGION``), so their names, types and help cannot drift apart between commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from velvoite.cli import main

COMMANDS = Path(__file__).resolve().parent.parent / "velvoite" / "commands"
SHARED = {"--lang": ("audit", "calendar", "yearclock", "diff", "harvest"),
          "--org": ("audit", "calendar", "yearclock"), "--region": ("audit", "calendar", "yearclock")}


@pytest.mark.parametrize("declared", ['"--lang", type=LANG_CHOICE, default=None, help="Language (default',
                                      '"--org", "orgs", multiple=True, help="Organisation id, code or name',
                                      '"--region", help="A county and its municipalities;'])
def test_a_shared_option_is_declared_once(declared):
    where = [path.name for path in sorted(COMMANDS.glob("*.py")) if declared in path.read_text("utf-8")]
    assert where == ["common.py"]


@pytest.mark.parametrize("option", sorted(SHARED))
def test_the_commands_that_share_an_option_give_it_alike(option):
    def described(command) -> tuple:
        found = next(p for p in command.params if option in p.opts)
        return found.name, found.multiple, getattr(found.type, "choices", None), found.help

    commands = [main.commands[name] for name in SHARED[option]]
    assert len({described(c) for c in commands}) == 1
