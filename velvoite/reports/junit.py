"""The audit as JUnit XML (``--format junit``), so it runs in any CI dashboard: one test suite per
organisation, one test case per finding of a duty; ``missing`` and ``partial`` are failures,
``waived`` and ``upcoming`` are skipped, the rest pass. Advice and incentives (with ``--include``)
are test cases too, never failures. A failure's or a skip's ``message`` attribute, the one line a CI
dashboard lists, is the finding's explanation (which opens with its status in words: "Missing: no
record shows it done within 2024; ..."); the element's text adds the legal bases. Deterministic: no
timestamps or durations."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from velvoite.escape.sheet import xml_text
from velvoite.messages import status_text
from velvoite.reports.options import AUDIT, AuditOptions

FAILURES = ("missing", "partial")
SKIPPED = ("waived", "upcoming")


def message(finding, lang: str) -> str:
    """The status and the explanation on one line (a dashboard lists the attribute as one line)."""
    status = status_text(finding, lang)
    text = " ".join(finding.explanation.split())
    if not text.casefold().startswith(status.casefold()):
        text = f"{status}: {text}" if text else status
    return xml_text(text)


def render(audit, lang: str = "en", options: AuditOptions = AUDIT) -> str:
    suites: dict[str, ET.Element] = {}
    root = ET.Element("testsuites", name="velvoite")
    for f in audit.findings:
        suite = suites.get(f.org)
        if suite is None:
            suite = suites[f.org] = ET.SubElement(root, "testsuite", name=xml_text(f"{f.org_name} ({f.org})"))
        case = ET.SubElement(suite, "testcase", classname=f.org, name=xml_text(f"{f.rule} {f.period}"))
        explanation = xml_text(f.explanation)
        if f.severity == "duty" and f.status in FAILURES:
            failure = ET.SubElement(case, "failure", type=f.status, message=message(f, lang))
            failure.text = explanation + "\n" + "\n".join(f"{c.text(lang)} {c.url}" for c in f.legal_basis)
        elif f.status in SKIPPED:
            ET.SubElement(case, "skipped", message=message(f, lang)).text = explanation
        else:
            ET.SubElement(case, "system-out").text = explanation
    for suite in (*suites.values(), root):
        cases = list(suite.iter("testcase"))
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
        suite.set("skipped", str(sum(1 for c in cases if c.find("skipped") is not None)))
        suite.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
