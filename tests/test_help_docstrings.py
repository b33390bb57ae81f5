"""A command's help is its docstring, which Python 3.13 compiles without its indentation and 3.11
and 3.12 keep indented: the help is translated either way (on 3.13 the help of velvoite schema,
serve and db export fell back to English while the catalogue held the indented texts)."""

from __future__ import annotations

import inspect

import click
import pytest

from velvoite.cli import main


def _commands(group: click.Group, ctx: click.Context):
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            yield from _commands(command, ctx)
        else:
            yield command


MULTILINE = [c for c in _commands(main, click.Context(main)) if c.help and "\n" in c.help.strip()]


def test_some_commands_have_help_of_several_lines():
    assert {c.name for c in MULTILINE} >= {"schema", "serve", "export"}


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("indented", [True, False], ids=["as 3.11 and 3.12 compile it", "as 3.13 compiles it"])
def test_help_of_several_lines_is_translated_however_python_compiled_it(monkeypatch, lang, indented):
    from velvoite.i18n import _, activate, restore

    for command in MULTILINE:
        first, _sep, rest = inspect.cleandoc(command.help).partition("\n")
        text = first + "\n" + "".join(f"    {line}\n" if line else "\n" for line in rest.splitlines()) + "    "
        monkeypatch.setattr(command, "help", text if indented else inspect.cleandoc(text))
    previous = activate(lang)
    try:
        for command in MULTILINE:
            translated = _(inspect.cleandoc(command.help))
            assert translated != inspect.cleandoc(command.help), command.name
            with click.Context(command, info_name=command.name) as ctx:
                shown = command.get_help(ctx)
            assert translated.splitlines()[0][:40] in " ".join(shown.split()), command.name
    finally:
        restore(previous)
