"""A synthetic data directory of N milestones derived from the real one: `python -m bench.generate N OUT_DIR`.

Milestones are the real rows repeated with new ids, titles and dates moved by whole years (and by
a few days where the precision allows), so every date stays valid and keeps its precision.
Programmes, missions, their deployments and sources are copied k = round(sqrt(N / real count))
times with new codes, names, colours and places: a dataset a hundred times bigger has ten times
the programmes, not a hundred times (a timeline with 1,800 programme rows is not a dashboard).
The result passes `python -m dashboard.validate OUT_DIR`.
"""

from __future__ import annotations

import calendar
import colorsys
import csv
import io
import math
import shutil
import sys
from pathlib import Path

import yaml

from dashboard.data import DEFAULT_DATA_DIR
from dashboard.loading.records import (
    DATASET_FILE,
    DEPLOYMENTS_FILE,
    MILESTONES_FILE,
    MISSIONS_FILE,
    PROGRAMMES_FILE,
    SOURCES_FILE,
)
from dashboard.model.dates import parse_partial_date

# Copied notes and summaries are cut so 100,000 rows stay under the loader's 40 MiB limit (the real
# rows grew longer with the 2026-12 fact audit: 204 characters of summary on average, was 149).
NOTE_CHARS = 120
SUMMARY_CHARS = 120


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def copies_for(milestones: int, real_milestones: int) -> int:
    """How many copies of programmes, missions and sources go with `milestones` rows."""
    return max(1, round(math.sqrt(milestones / max(real_milestones, 1))))


def suffixed(value: str, copy: int) -> str:
    return value if copy == 0 else f"{value}-{copy}"


def shifted_colour(colour: str, copy: int) -> str:
    """The programme colour with its hue turned by a golden-ratio step per copy."""
    if copy == 0:
        return colour
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    h, light, s = colorsys.rgb_to_hls(r, g, b)
    h = (h + copy * 0.618034) % 1.0
    light = min(max(light, 0.3), 0.7)
    s = max(s, 0.35)
    return "#" + "".join(f"{round(v * 255):02x}" for v in colorsys.hls_to_rgb(h, light, s))


def shift_date(text: str | None, years: int, days: int = 0) -> str | None:
    """A partial date moved by whole years (and days, for day precision), same precision."""
    if not text:
        return text
    start, precision = parse_partial_date(text)
    year = start.year + years
    if precision == "year":
        return f"{year:04d}"
    if precision == "month":
        return f"{year:04d}-{start.month:02d}"
    day = min(start.day, calendar.monthrange(year, start.month)[1])
    moved = start.replace(year=year, day=day)
    if days:
        from datetime import timedelta

        moved = moved + timedelta(days=days)
    return moved.isoformat()


def _cut(text: str, limit: int = NOTE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _map_list(cell: str, copy: int) -> str:
    return ";".join(suffixed(part.strip(), copy) for part in cell.split(";") if part.strip())


# --------------------------------------------------------------------------------------------
# Load inputs
# --------------------------------------------------------------------------------------------


def read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def read_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------------------------
# Process data
# --------------------------------------------------------------------------------------------


def copy_sources(sources: list[dict], k: int) -> list[dict]:
    out = []
    for copy in range(k):
        for s in sources:
            new = dict(s)
            new["id"] = suffixed(s["id"], copy)
            if copy:
                new["title"] = f"{s['title']} (copy {copy})"
            out.append(new)
    return out


def copy_programmes(programmes: list[dict], k: int) -> list[dict]:
    out = []
    for copy in range(k):
        for p in programmes:
            new = dict(p)
            if copy:
                new["code"] = suffixed(p["code"], copy)
                new["name"] = f"{p['name']} {copy + 1}"
                new["aliases"] = [f"{alias} {copy + 1}" for alias in p.get("aliases") or []]
                new["colour"] = shifted_colour(p["colour"], copy)
                new["source_ids"] = [suffixed(s, copy) for s in p["source_ids"]]
                if p.get("cycles"):
                    new["cycles"] = [{**c, "source_ids": [suffixed(s, copy) for s in c["source_ids"]]} for c in p["cycles"]]
            out.append(new)
    return out


def copy_missions(missions: list[dict], k: int) -> list[dict]:
    out = []
    for copy in range(k):
        for m in missions:
            new = dict(m)
            if copy:
                new["id"] = suffixed(m["id"], copy)
                new["name"] = f"{m['name']} {copy + 1}"
                new["short_name"] = f"{m['short_name']} {copy + 1}"
                location = dict(m["location"])
                location["lat"] = round(max(-80.0, min(80.0, location["lat"] + ((copy * 7) % 11 - 5) * 0.4)), 2)
                location["lon"] = round(max(-179.0, min(179.0, location["lon"] + ((copy * 5) % 13 - 6) * 0.5)), 2)
                new["location"] = location
                new["source_ids"] = [suffixed(s, copy) for s in m["source_ids"]]
            out.append(new)
    return out


def copy_deployments(rows: list[dict], k: int) -> list[dict]:
    out = []
    for copy in range(k):
        for d in rows:
            new = dict(d)
            if copy:
                new["mission"] = suffixed(d["mission"], copy)
                new["source_ids"] = _map_list(d["source_ids"], copy)
                if d["personnel"].strip():
                    new["personnel"] = str(max(1, round(int(d["personnel"]) * (0.5 + (copy * 37 % 100) / 100))))
            out.append(new)
    return out


def make_milestones(rows: list[dict], n: int, k: int) -> list[dict]:
    """n rows: the real ones, then copies with dates moved inside the real years, in date order.
    Past 100,000 rows the copies' texts are cut shorter still, to stay under the 40 MiB limit."""
    cut = NOTE_CHARS if n <= 100_000 else 60
    years = [parse_partial_date(r["date"])[0].year for r in rows]
    low, high = min(years), max(years)
    out = []
    for i in range(n):
        template, generation = rows[i % len(rows)], i // len(rows)
        if generation == 0:
            out.append(dict(template))
            continue
        copy = generation % k
        new = dict(template)
        new["id"] = f"{template['id']}-g{generation}"
        new["title"] = f"{template['title']} ({generation})"
        year = parse_partial_date(template["date"])[0].year
        end_year = parse_partial_date(template["end_date"])[0].year if template["end_date"] else year
        years_moved = (generation * 7) % 9 - 4
        if year + years_moved < low or end_year + years_moved > high:
            years_moved = -years_moved
        if year + years_moved < low or end_year + years_moved > high:
            years_moved = 0
        days = 0
        if template["date_precision"] == "day" and (not template["end_date"] or parse_partial_date(template["end_date"])[1] == "day"):
            days = (generation * 11) % 21 - 10
            moved = parse_partial_date(shift_date(template["date"], years_moved, days))[0].year
            if moved != year + years_moved:  # stay inside the year, so the year bounds hold
                days = 0
        new["date"] = shift_date(template["date"], years_moved, days)
        new["end_date"] = shift_date(template["end_date"], years_moved, days) or ""
        new["programmes"] = _map_list(template["programmes"], copy)
        new["mission"] = suffixed(template["mission"], copy) if template["mission"] else ""
        new["source_ids"] = _map_list(template["source_ids"], copy)
        new["note"] = _cut(template["note"], cut)
        new["summary"] = _cut(template["summary"], min(cut, SUMMARY_CHARS))
        out.append(new)
    # The real file runs by date; so does the copy (ties by id, as the dashboard orders them).
    return sorted(out, key=lambda row: (parse_partial_date(row["date"])[0], row["id"]))


# --------------------------------------------------------------------------------------------
# Save outputs
# --------------------------------------------------------------------------------------------


def write_csv(path: Path, header: list[str], rows: list[dict]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


class _PlainDumper(yaml.SafeDumper):
    """Writes shared lists out in full: the loader refuses YAML aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


def write_yaml(path: Path, data) -> None:
    text = yaml.dump(data, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, width=120)
    path.write_text(text, encoding="utf-8")


def generate(n: int, out_dir: Path | str, source_dir: Path | str = DEFAULT_DATA_DIR) -> Path:
    """Write a data directory of n milestones to out_dir (replacing it) and return its path."""
    source_dir, out_dir = Path(source_dir), Path(out_dir)
    milestone_header, milestones = read_csv(source_dir / MILESTONES_FILE)
    deployment_header, deployments = read_csv(source_dir / DEPLOYMENTS_FILE)
    k = copies_for(n, len(milestones))
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    shutil.copyfile(source_dir / DATASET_FILE, out_dir / DATASET_FILE)
    if (source_dir / "briefings").is_dir():  # decks name real ids, which the copy keeps
        shutil.copytree(source_dir / "briefings", out_dir / "briefings")
    write_yaml(out_dir / SOURCES_FILE, copy_sources(read_yaml(source_dir / SOURCES_FILE), k))
    write_yaml(out_dir / PROGRAMMES_FILE, copy_programmes(read_yaml(source_dir / PROGRAMMES_FILE), k))
    write_yaml(out_dir / MISSIONS_FILE, copy_missions(read_yaml(source_dir / MISSIONS_FILE), k))
    write_csv(out_dir / DEPLOYMENTS_FILE, deployment_header, copy_deployments(deployments, k))
    write_csv(out_dir / MILESTONES_FILE, milestone_header, make_milestones(milestones, n, k))
    return out_dir


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2 or not argv[0].isdigit() or int(argv[0]) < 1:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    out = generate(int(argv[0]), argv[1])
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
