"""Writes the generated part of the malformed-input corpus in tests/data/invalid/ (run once; the
files are committed). Text cases are plain files written by hand; this script makes the ones
that are binary, encoded, huge in structure or spreadsheets, so they can be reproduced.

    python tests/data/make_invalid.py
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from velvoite.reports.workbook import new_workbook, save

HERE = Path(__file__).parent / "invalid"


def xlsx(rows: list[list], title: str = "Kirjaukset") -> bytes:
    """A workbook, byte for byte the same on every run (velvoite's own deterministic saver)."""
    book = new_workbook(dt.date(2026, 1, 1))
    ws = book.active
    ws.title = title
    for row in rows:
        ws.append(row)
    return save(book, dt.date(2026, 1, 1))


def main() -> None:
    rnd = random.Random(2026)
    head = ["org", "kind", "date", "body"]
    files: dict[str, bytes] = {
        "utf16_without_bom.yaml": "- {org: kunta-179, kind: strategy_approval, date: 2024-01-01}\n".encode("utf-16-le"),
        "windows1252.yaml": "- org: Jyväskylä\n  kind: strategy_approval\n  date: 2024-01-01\n".encode("cp1252"),
        "binary_garbage.yaml": bytes(rnd.randrange(256) for _ in range(2048)),
        "binary_garbage.csv": b"\x00\x01" + bytes(rnd.randrange(256) for _ in range(2048)),
        "csv_no_known_encoding.csv": b"org;kind;date\nJyv\x81skyl\xe4\xff\xfe;strategy_approval;1.1.2024\n",
        "xlsx_garbage.xlsx": bytes(rnd.randrange(256) for _ in range(4096)),
        "xlsx_bad_date.xlsx": xlsx([head, ["Jyväskylä", "strategy_approval", "31.2.2024", "valtuusto"]]),
        "xlsx_bad_month.xlsx": xlsx([head, ["Jyväskylä", "strategy_approval", "2024-13-01", "valtuusto"]]),
        "xlsx_unknown_org.xlsx": xlsx([head, ["Jyväskylää", "strategy_approval", dt.datetime(2024, 1, 1), None]]),
        "xlsx_header_only.xlsx": xlsx([head]),
        "xlsx_empty_sheet.xlsx": xlsx([]),
        "xlsx_merged_away.xlsx": xlsx([head, ["Pertunmaa", "strategy_approval", dt.datetime(2025, 3, 1), None]]),
        "xlsx_unknown_column.xlsx": xlsx([["org", "kind", "päivä"], ["Jyväskylä", "strategy_approval", "1.1.2024"]]),
        "xlsx_wrong_type.xlsx": xlsx([["org", "kind", "date", "hyte_goals"],
                                      ["Jyväskylä", "strategy_approval", "1.1.2024", 7.5]]),
        "xlsx_duplicate_id.xlsx": xlsx([["id", "org", "kind", "date"], ["x1", "Jyväskylä", "strategy_approval", "1.1.2024"],
                                        ["x1", "Jyväskylä", "strategy_approval", "2.1.2024"]]),
        "deeply_nested.yaml": ("- org: " + "[" * 5000 + "]" * 5000 + "\n").encode(),
        "deeply_nested.json": ("[" * 100_000 + "]" * 100_000).encode(),
    }
    whole = xlsx([head, ["Jyväskylä", "strategy_approval", "1.1.2024", "valtuusto"]])
    files["xlsx_truncated.xlsx"] = whole[: len(whole) // 2]
    # One document (records: ...), so the whole bomb is one node graph checked before construction.
    lol = ", ".join(["lol"] * 9)
    lines = ["records:", f"  - {{org: kunta-179, kind: strategy_approval, date: &l0 [{lol}]}}"]
    for i in range(1, 9):
        lines.append(f"  - {{org: kunta-179, kind: strategy_approval, date: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]}}")
    files["alias_bomb.yaml"] = ("\n".join(lines) + "\n").encode()
    for name, data in files.items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
