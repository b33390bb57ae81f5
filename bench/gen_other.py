"""A second generator of national record sets (issue 31), written apart from ``bench_audit.rows``
to the shapes users' files have: ``csv.writer`` as a script or a spreadsheet writes them (a cell
holding the separator quoted, every cell quoted, CRLF line ends), Excel's "CSV UTF-8" byte order
mark, ``;`` as the separator with Finnish column names and Finnish dates (14.6.2026), participants
by name separated by ", " inside quotes, body names and notes holding commas and quotes, and a
national set split into one file per county.

For each shape (``SHAPES``) it writes the files, audits them through the command line with the
columnar path forced (``VELVOITE_COLUMNAR=always``) and with the object path (``never``),
alternating, and says whether the two audits are byte-identical and their CPU time (user + system,
the least of the runs) against the floor: a bare ``csv.DictReader`` of the same files with each
date parsed, as a run of its own. ``--pythonpath`` audits with another checkout's velvoite (the
code before a change), so the two can be compared on the same files.

    python bench/gen_other.py [--size 100000] [--shapes minimal,all,...] [--repeat 2] [--pythonpath DIR]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import random
import sys
from pathlib import Path

HERE = Path(__file__).parent
DATA = HERE / "data" / "other"
AS_OF = "2026-11-29"
KINDS = {"annual_welfare_report": 5, "hyte_negotiation": 3, "welfare_report_and_plan": 2, "strategy_approval": 2,
         "cooperation_negotiation": 1, "responsible_party_designation": 1}
BODIES = ["kunnanvaltuusto", "kaupunginhallitus", "Sivistys-, kulttuuri- ja vapaa-aikalautakunta",
          "Hyvinvointi, terveys ja sosiaalijaosto", "kunnanjohtaja", "", ""]
NOTES = ["", "", "", 'Käsitelty "kiireellisenä", liite 3', "Tarkastettu, ei huomautettavaa", "liite 2; 4 §"]
ENGLISH = ["org", "kind", "date", "id", "body", "participants", "notes", "published_url", "delivered_to",
           "responsible", "hyte_goals"]
FINNISH = ["organisaatio", "laji", "päivämäärä", "tunnus", "toimielin", "osallistujat", "lisätiedot",
           "julkaisuosoite", "toimitettu", "vastuutaho", "hyte-tavoitteet"]

# name -> how its files are written
SHAPES = {
    "minimal": {"quoting": csv.QUOTE_MINIMAL},
    "all": {"quoting": csv.QUOTE_ALL},
    "nonnumeric": {"quoting": csv.QUOTE_NONNUMERIC},
    "bom": {"quoting": csv.QUOTE_MINIMAL, "bom": True},
    "semicolon": {"quoting": csv.QUOTE_MINIMAL, "delimiter": ";", "finnish": True, "bom": True},
    "counties": {"quoting": csv.QUOTE_MINIMAL, "split": True},
}


def records(n: int, registry) -> list[tuple]:
    """n records, the same for the same n: (county, org, kind, day, id, body, participants (names),
    notes, url, delivered_to, responsible, hyte_goals), every mainland municipality and county."""
    rnd = random.Random(f"gen_other-{n}")
    orgs = sorted((o for o in registry.orgs.values() if o.kind in ("municipality", "county")
                   and "aland" not in o.tags and (o.county or o.kind == "county")), key=lambda o: o.id)
    kinds, weights = list(KINDS), list(KINDS.values())
    first = dt.date(2021, 7, 1).toordinal()  # (the counties exist from then)
    out = []
    for i in range(n):
        org = orgs[rnd.randrange(len(orgs))]
        county = org.id if org.kind == "county" else org.county
        day = dt.date.fromordinal(first + rnd.randrange(5 * 365))
        if not org.exists_on(day):
            continue
        kind = rnd.choices(kinds, weights)[0]
        names = ""
        if kind.endswith("negotiation"):
            pool = [o for o in registry.members(county, day, day) + [county] if o != org.id]
            picked = sorted(rnd.sample(pool, min(len(pool), rnd.randint(1, 4))))
            names = ", ".join(registry.orgs[p].name_fi for p in picked)
        report = kind == "welfare_report_and_plan"
        out.append((county, org.name_fi if rnd.random() < 0.5 else org.id, kind, day,
                    f"{county}-{i}" if rnd.random() < 0.8 else "", rnd.choice(BODIES), names, rnd.choice(NOTES),
                    f"https://example.invalid/{org.id}/{i}" if report and rnd.random() < 0.6 else "",
                    county if report and org.kind == "municipality" and rnd.random() < 0.5 else "",
                    "hyvinvointikoordinaattori" if kind == "responsible_party_designation" else "",
                    rnd.choice(["kyllä", "ei", ""]) if kind == "strategy_approval" else ""))
    return out


def write(n: int, shape: str, folder: Path, registry) -> list[Path]:
    """The files of one shape (one, or one per county), written afresh."""
    how = SHAPES[shape]
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.csv"):
        old.unlink()
    groups: dict[str, list] = {}
    for rec in records(n, registry):
        groups.setdefault(rec[0] if how.get("split") else "national", []).append(rec)
    paths = []
    for name, recs in sorted(groups.items()):
        out = io.StringIO()  # csv.writer's own line ends (\r\n), as Python scripts write them
        writer = csv.writer(out, delimiter=how.get("delimiter", ","), quoting=how["quoting"])
        writer.writerow(FINNISH if how.get("finnish") else ENGLISH)
        for _county, org, kind, day, *rest in recs:
            date = f"{day.day}.{day.month}.{day.year}" if how.get("finnish") else day.isoformat()
            writer.writerow([org, kind, date, *rest])
        path = folder / f"{name}.csv"
        path.write_text(("\ufeff" if how.get("bom") else "") + out.getvalue(), "utf-8", newline="")
        paths.append(path)
    return paths


def read_once(paths: list[Path]) -> None:
    """The floor: a bare ``csv.DictReader`` of every file with each date parsed."""
    for path in paths:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            first = fh.readline()
            delimiter = ";" if first.count(";") > first.count(",") else ","
            fh.seek(0)
            for row in csv.DictReader(fh, delimiter=delimiter):
                text = row.get("date") or row["päivämäärä"]
                if "-" in text:
                    dt.date.fromisoformat(text)
                else:
                    d, m, y = text.split(".")
                    dt.date(int(y), int(m), int(d))


FLOOR = f"""
import sys; from pathlib import Path
sys.path.insert(0, {str(HERE.resolve())!r})
from gen_other import read_once
read_once([Path(p) for p in sys.argv[1:]])
"""


def main() -> None:
    sys.path.insert(0, str(HERE))
    from bench_audit import run

    from velvoite.registry import load_registry

    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--pythonpath", default="", help="audit with the velvoite of this folder (another checkout)")
    args = parser.parse_args()
    registry = load_registry()
    if args.pythonpath:
        os.environ["PYTHONPATH"] = args.pythonpath
    print(f"| shape ({args.size:,} records) | files | floor run CPU (s) | columnar CPU (s) | columnar / floor "
          "| object CPU (s) | object / floor | outputs |\n|---|---:|---:|---:|---:|---:|---:|---|")
    for shape in args.shapes.split(","):
        folder = DATA / f"{shape}-{args.size}"
        paths = write(args.size, shape, folder, registry)
        floor = min(run([sys.executable, "-c", FLOOR, *map(str, paths)])["cpu"] for _ in range(3))
        cpu: dict[str, list[float]] = {"always": [], "never": []}
        for _ in range(args.repeat):
            for kind in cpu:  # alternating, so that a slow spell of the machine hits both
                os.environ["VELVOITE_COLUMNAR"] = kind
                found = run([sys.executable, "-m", "velvoite.cli", "--engine", "python", "audit", *map(str, paths),
                             "--as-of", AS_OF, "--format", "json", "-o", str(folder / f"out.{kind}.json")])
                if not found["ok"]:
                    sys.exit(f"{shape} {kind}: {found['why']}")
                cpu[kind].append(found["cpu"])
        os.environ.pop("VELVOITE_COLUMNAR")
        same = (folder / "out.always.json").read_bytes() == (folder / "out.never.json").read_bytes()
        frame, objects = min(cpu["always"]), min(cpu["never"])
        print(f"| {shape} | {len(paths)} | {floor:.2f} | {frame:.2f} | {frame / floor:.1f} | {objects:.2f} | "
              f"{objects / floor:.1f} | {'identical' if same else 'DIFFERENT'} |", flush=True)


if __name__ == "__main__":
    main()
