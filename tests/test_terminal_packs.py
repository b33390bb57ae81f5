"""What a command prints of a rule pack, its cases or the registry reaches a terminal: a carriage
return or an escape sequence written into a pack (``"\\r"`` in a double-quoted YAML title, a
downloaded pack's case name) is shown as an escape, never acted on (a carriage return would let a
title overwrite the line it stands on: what the user reads would not be what the pack says)."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, strategies as st

from velvoite.cli import main
from velvoite.escape.terminal import lines, one_line

PACK = Path(__file__).resolve().parent.parent / "velvoite" / "rules" / "pelastus"
RULE = "rescue-service-level-decision"


def _pack(tmp_path: Path, title: str = "Rescue services level decision in force", case: str | None = None) -> Path:
    """The rescue pack's first rule and its cases as a pack of its own (``pelastus-copy``), the
    rule's English title and the first case's name replaced (YAML double-quoted: escapes read)."""
    pack = tmp_path / "pelastus-copy"
    pack.mkdir()
    (pack / "pack.yaml").write_text((PACK / "pack.yaml").read_text("utf-8").replace("id: pelastus", "id: pelastus-copy"),
                                    "utf-8")
    rule = (PACK / f"{RULE}.yaml").read_text("utf-8")
    assert "  en: Rescue services level decision in force\n" in rule
    (pack / f"{RULE}.yaml").write_text(rule.replace("  en: Rescue services level decision in force\n",
                                                    f"  en: \"{title}\"\n", 1), "utf-8")
    cases = (PACK / f"{RULE}.cases.yaml").read_text("utf-8")
    if case is not None:
        cases = cases.replace("  - name: in_force_for_a_fixed_term_is_met", f"  - name: \"{case}\"", 1)
    (pack / f"{RULE}.cases.yaml").write_text(cases, "utf-8")
    shutil.copy(PACK / "law.lock.toml", pack / "law.lock.toml")
    return pack


def _run(args: list[str]):
    return CliRunner().invoke(main, args)


def test_a_carriage_return_in_a_rule_title_is_shown_not_acted_on(tmp_path):
    pack = _pack(tmp_path, title="Harmless\\rEVERYTHING IS MET")
    listed = _run(["--rules", str(pack), "--pack", "pelastus-copy", "rules", "--lang", "en"])
    assert listed.exit_code == 0, listed.output
    assert "\r" not in listed.output
    assert "Harmless\\rEVERYTHING IS MET (rule: rescue-service-level-decision)" in listed.output
    shown = _run(["--rules", str(pack), "--pack", "pelastus-copy", "rules", RULE, "--lang", "en"])
    assert shown.exit_code == 0, shown.output
    assert "\r" not in shown.output and "Harmless\\rEVERYTHING IS MET" in shown.output
    assert shown.output.count("\n") > 5  # the rule's own lines kept: only what is in them escaped


def test_a_carriage_return_in_a_case_name_is_shown_not_acted_on(tmp_path):
    pack = _pack(tmp_path, case="failing badly\\rall passed")  # (an escape sequence is refused on reading)
    result = _run(["test", str(pack), "--verbose"])
    assert result.exit_code == 0, result.output
    assert "\r" not in result.output
    assert f"{RULE}::failing badly\\rall passed [" in result.output


@given(st.text())
def test_lines_keeps_each_line_break_and_leaves_nothing_a_terminal_acts_on(text):
    shown = lines(text)
    assert shown.split("\n") == [one_line(part) for part in text.split("\n")]
    assert not any(ord(c) < 0x20 and c != "\n" or 0x7F <= ord(c) < 0xA0 or c in "\u2028\u2029\u202e\u2066"
                   for c in shown)
