"""The commands of the CLI, one module per group; ``velvoite.cli`` adds them to its click group."""

from velvoite.commands.audit import audit
from velvoite.commands.calendar import calendar
from velvoite.commands.db import db
from velvoite.commands.diff import diff
from velvoite.commands.info import orgs, rules_cmd, schema, validate
from velvoite.commands.law import law
from velvoite.commands.report import report, template
from velvoite.commands.rule_tests import rule_tests
from velvoite.commands.serve import serve
from velvoite.commands.users import users
from velvoite.commands.yearclock import yearclock

COMMANDS = (audit, calendar, serve, report, template, yearclock, diff, validate, rules_cmd, rule_tests, orgs, schema,
            db, users, law)

__all__ = ["COMMANDS"]
