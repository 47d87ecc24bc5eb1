"""Cut UNHCR's 2025 demographics down to the scenario's camps.

    .venv/bin/python scripts/build_scenario_figures.py [--unhcr DIR] [--check]

Reads ``demographics_irq_syr.csv`` (UNHCR Refugee Data Finder, CC BY 4.0; see
../shared/data/unhcr/README.md) and writes ``src/limes/scenario/data/camp_population.csv``:
one row per camp, pop_type and country of origin, with the female and male counts by age
band. Each camp is matched to UNHCR's location names listed for it in
``src/limes/scenario/data/scenario_places.json``; a camp with no UNHCR location (Newroz,
Roj) gets no row. Where UNHCR publishes a total but every sex and age cell is zero (the
breakdown was not reported, e.g. El Hol), the breakdown cells are left empty, not zero.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIO_DATA = ROOT / "src" / "limes" / "scenario" / "data"
UNHCR_DIR = ROOT.parent / "shared" / "data" / "unhcr"
SOURCE = "UNHCR Refugee Data Finder, CC BY 4.0"
AGE_BANDS = ("0_4", "5_11", "12_17", "18_59", "60", "other")
BREAKDOWN = [f"{sex}_{band}" for sex in ("f", "m") for band in (*AGE_BANDS, "total")]
COLUMNS = [
    "camp_key",
    "unhcr_location",
    "year",
    "origin_iso",
    "asylum_iso",
    "pop_type",
    *BREAKDOWN,
    "total",
    "source",
]


def _integer(text: str) -> int:
    return round(float(text))


def camp_population_file(unhcr_dir: Path = UNHCR_DIR) -> tuple[Path, str]:
    """The path of camp_population.csv and the text it should hold."""
    table = json.loads((SCENARIO_DATA / "scenario_places.json").read_text(encoding="utf-8"))
    camp_of = {
        location: camp["key"] for camp in table["camps"] for location in camp["unhcr_locations"]
    }
    order = {camp["key"]: index for index, camp in enumerate(table["camps"])}
    source = unhcr_dir / "demographics_irq_syr.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["location"] in camp_of]
    missing = set(camp_of) - {row["location"] for row in rows}
    if missing:
        raise SystemExit(f"UNHCR has no rows for {sorted(missing)} in {source}")
    out = []
    for row in rows:
        counts = {column: _integer(row[column]) for column in BREAKDOWN}
        total = _integer(row["total"])
        reported = counts["f_total"] + counts["m_total"] > 0 or total == 0
        out.append(
            {
                "camp_key": camp_of[row["location"]],
                "unhcr_location": row["location"],
                "year": _integer(row["year"]),
                "origin_iso": row["coo_iso"],
                "asylum_iso": row["coa_iso"],
                "pop_type": row["pop_type"],
                **{column: counts[column] if reported else "" for column in BREAKDOWN},
                "total": total,
                "source": SOURCE,
            }
        )
    out.sort(key=lambda r: (order[str(r["camp_key"])], str(r["pop_type"]), str(r["origin_iso"])))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(out)
    return SCENARIO_DATA / "camp_population.csv", buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unhcr", type=Path, default=UNHCR_DIR, help="folder of the UNHCR CSVs")
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    args = parser.parse_args(argv)
    path, text = camp_population_file(args.unhcr)
    same = path.exists() and path.read_text(encoding="utf-8") == text
    if args.check:
        print(f"{'same' if same else 'differs'} {path.relative_to(ROOT)}")
        return 0 if same else 1
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
