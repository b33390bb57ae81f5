"""``--lang`` on the commands whose only words are messages (validate, test, schema, db, users):
the language of a run is chosen before any command runs (``i18n.run_language`` reads ``--lang``
from the command line), so the option is accepted here and needs no value in the command."""

from __future__ import annotations

import click

from velvoite.commands.common import LANG_CHOICE

MESSAGES_LANG = click.option("--lang", type=LANG_CHOICE, default=None, expose_value=False,
                             help="Language of the messages (default: config, locale, en).")
