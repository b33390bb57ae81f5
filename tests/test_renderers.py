"""One renderer protocol (issue 29, item 4): every renderer in the audit's and the report's tables is
``render(subject, lang, options)``, with nothing that swallows an option it does not know."""

from __future__ import annotations

import inspect
from importlib import import_module

import pytest

from velvoite.reports import FORMATS, REPORT_FORMATS, AuditOptions, ReportOptions


def _renderers():
    for fmt, module in FORMATS.items():
        yield f"audit {fmt}", getattr(import_module(f"velvoite.reports.{module}"), "render")
    for fmt, (module, function, _binary) in REPORT_FORMATS.items():
        yield f"report {fmt}", getattr(import_module(f"velvoite.reports.{module}"), function)


@pytest.mark.parametrize(("name", "renderer"), list(_renderers()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_renderer_takes_subject_lang_options_and_nothing_else(name, renderer):
    params = list(inspect.signature(renderer).parameters.values())
    assert [p.name for p in params][1:] == ["lang", "options"], name
    assert not [p for p in params if p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL)], name


@pytest.mark.parametrize("options", [AuditOptions, ReportOptions])
def test_an_option_no_renderer_knows_is_refused(options):
    with pytest.raises(TypeError, match="colur"):
        options(colur=True)  # a misspelt option was swallowed by **_ before
