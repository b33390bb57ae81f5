"""click commands whose help is shown in the language of the run (``velvoite.i18n``).

Help texts are written in English in the code, as click expects; they are translated when they are
shown, by swapping each text for its translation while click formats it. A text is looked up as
``inspect.cleandoc`` leaves it, as click shows it: Python 3.13 strips a docstring's indentation
when it compiles it, 3.11 and 3.12 keep it, and a command's help is its docstring, so the raw text
differs by Python and would find no translation on one of them. click's own words
("Usage:", "Options", "No such option") go through the standard ``gettext`` module, which
``velvoite.i18n.activate`` points at velvoite's catalogue.
"""

from __future__ import annotations

import contextlib
import inspect

import click

from velvoite.i18n import _


@contextlib.contextmanager
def _translated(*items):
    """Each item's ``help`` (a command's or an option's) translated while the block runs."""
    saved = [(item, item.help) for item in items if getattr(item, "help", None)]
    for item, text in saved:
        item.help = _(inspect.cleandoc(text))
    try:
        yield
    finally:
        for item, text in saved:
            item.help = text


class _Translating:
    """A command's own help and its options' help in the language of the run."""

    def format_help_text(self, ctx, formatter) -> None:
        with _translated(self):
            super().format_help_text(ctx, formatter)

    def format_options(self, ctx, formatter) -> None:
        with _translated(*self.get_params(ctx)):
            super().format_options(ctx, formatter)


class Command(_Translating, click.Command):
    pass


class Group(_Translating, click.Group):
    def format_commands(self, ctx, formatter) -> None:
        with _translated(*(self.get_command(ctx, name) for name in self.list_commands(ctx))):
            super().format_commands(ctx, formatter)


def help_texts(group: click.Group) -> list[str]:
    """Every help text of the command line, for the catalogue (``make messages``) and its test."""
    out: list[str] = []
    ctx = click.Context(group)
    for command in [group, *(group.get_command(ctx, name) for name in group.list_commands(ctx))]:
        if command is not group and isinstance(command, click.Group):
            out.extend(help_texts(command))  # velvoite db, velvoite users: their commands too
            continue
        for item in (command, *command.params):
            text = getattr(item, "help", None)
            if text:
                out.append(inspect.cleandoc(text))
    return list(dict.fromkeys(out))
