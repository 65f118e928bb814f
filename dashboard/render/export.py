"""CSV extracts and the 'download all data' zip: the tables people see, as files they can cite.

Every CSV holds exactly the rows shown, with human-readable dates and sources joined, and is
safe to open in a spreadsheet: cells that would start a formula are neutralised (OWASP
"CSV injection": a leading = + - @ tab or CR gets a leading apostrophe).

The columns keep their English names in every language (scripts and spreadsheets refer to them);
the words in the cells (dates, names, the kind of record) and the zip's README follow the reader's
language.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date

import pandas as pd

from dashboard.i18n import N_, _, pgettext
from dashboard.model import package, personnel
from dashboard.model.dataset import Dataset
from dashboard.model.dates import format_date, format_range, iso_partial
from dashboard.model.filters import Filters

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _safe_cell(value):
    """Neutralised, with line breaks as LF: with LF as the line terminator a bare CR in a cell is
    written unquoted, and every spreadsheet then reads it as the end of the row."""
    value = neutralise(value)
    if isinstance(value, str) and "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads accents), CRLF-free, formulas neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_safe_cell)
    safe.columns = [_safe_cell(str(c)) for c in safe.columns]
    return safe.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:40]


def extract_file_name(kind: str, filters: Filters, dataset: Dataset) -> str:
    """`milestones_2000-2010_PfP-DEEP_q-Kabul_data-2026-12-3f9a1c2e.csv`: the name says what the
    file holds and from which data version. The version is stamped in the name rather than in the
    file: a comment line above the header breaks spreadsheets and CSV readers, and a `Data version`
    column would repeat one value on every row of a table people sort, pivot and join."""
    low, high = filters.years(dataset)
    parts = [kind, f"{low}-{high}" if low != high else str(low)]
    for values in (filters.programmes, filters.categories, filters.missions, filters.confidence):
        if values:
            parts.append("-".join(_slug(v) for v in values))
    if filters.query and _slug(filters.query):
        parts.append("q-" + _slug(filters.query))
    parts.append(dataset.version.slug)
    return "_".join(parts) + ".csv"


def _sources(dataset: Dataset, ids_column: pd.Series) -> pd.Series:
    """Each row's sources in words: 'Publisher, “Title”, date. URL; …'."""
    return ids_column.map(dataset.citation_text)


def _joined(values) -> str:
    return "; ".join(values)


def milestones_table(dataset: Dataset, milestones: pd.DataFrame, with_citations: bool = True) -> pd.DataFrame:
    names = dataset.programme_names
    table = pd.DataFrame(
        {
            "Date": milestones["date_label"],
            "Date (ISO)": [iso_partial(d, p) for d, p in zip(milestones["date"], milestones["date_precision"], strict=True)],
            "Date precision": milestones["date_precision"].astype(str),
            "End date (ISO)": [iso_partial(d, p) for d, p in zip(milestones["end_date"], milestones["end_precision"], strict=True)],
            "Title": milestones["title"],
            "Category": milestones["category"].map(dataset.category_labels).astype(str),
            "Programmes": milestones["programmes"].map(lambda codes: _joined(names.get(c, c) for c in codes)),
            "Mission": milestones["mission"].map(lambda m: dataset.mission_names.get(m, "") if isinstance(m, str) else ""),
            "People": milestones["people"].map(_joined),
            "Place": milestones["place"],
            "Summary": milestones["summary"],
            "Confidence": milestones["confidence"].astype(str),
            "Sources disagree / note": milestones["note"],
            "ID": milestones["id"],
        }
    )
    if with_citations:
        table.insert(len(table.columns) - 1, "Sources", _sources(dataset, milestones["source_ids"]))
    return table.reset_index(drop=True)


def programmes_table(dataset: Dataset, programmes: pd.DataFrame, milestone_counts: dict[str, int] | None = None) -> pd.DataFrame:
    labels = dataset.focus_area_labels
    table = pd.DataFrame(
        {
            "Code": programmes["code"],
            "Programme": programmes["name"],
            "Type": programmes["type"],
            "Dates": programmes["dates_label"],
            "Status": programmes["status"],
            "Focus areas": programmes["focus_areas"].map(lambda codes: _joined(labels.get(c, c) for c in codes)),
            "Also known as": programmes["aliases"].map(_joined),
            "Description": programmes["description"],
            "Confidence": programmes["confidence"].astype(str),
            "Sources disagree / note": programmes["note"],
            "Sources": _sources(dataset, programmes["source_ids"]),
        }
    )
    if milestone_counts is not None:
        table.insert(5, "Milestones", programmes["code"].map(lambda c: milestone_counts.get(c, 0)).astype(int))
    return table.reset_index(drop=True)


def missions_table(dataset: Dataset, missions: pd.DataFrame, deployments: pd.DataFrame) -> pd.DataFrame:
    peaks = personnel.peaks(deployments)
    return pd.DataFrame(
        {
            "Mission": missions["name"],
            "Short name": missions["short_name"],
            "Country": missions["country_name"],
            "Led by": missions["lead"],
            "Lead type": missions["lead_label"],
            "Mission dates": missions["mission_dates"],
            f"{dataset.meta.partner.adjective} participation": missions["participation_dates"],
            "Role": missions["role"],
            "Deployment area": missions["location_name"],
            "Peak personnel (years shown)": missions["id"].map(lambda m: int(peaks[m]) if m in peaks.index else None).astype("Int64"),
            "Confidence": missions["confidence"].astype(str),
            "Sources disagree / note": missions["note"],
            "Sources": _sources(dataset, missions["source_ids"]),
        }
    ).reset_index(drop=True)


def deployments_table(dataset: Dataset, deployments: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Mission": deployments["mission"].map(dataset.mission_names),
            "Year": deployments["year"],
            "Personnel": deployments["personnel"],
            "Confidence": deployments["confidence"].astype(str),
            "Note": deployments["note"],
            "Sources": _sources(dataset, deployments["source_ids"]),
        }
    ).reset_index(drop=True)


def sources_table(dataset: Dataset, sources: pd.DataFrame, with_cited_by: bool = True) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "Title": sources["title"],
            "Publisher": sources["publisher"],
            "Date": sources["date_label"],
            "Kind": sources["kind"].astype(str),
            "URL": sources["url"],
        }
    )
    if with_cited_by:
        table["Cited by"] = sources["id"].map(lambda s: "; ".join(dataset.cited_by.get(s, [])))
    return table.reset_index(drop=True)


def cycles_table(dataset: Dataset, cycles: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Programme": cycles["programme"].map(dataset.programme_names),
            "Cycle": cycles["label"],
            "Dates": [format_range(r.start, r.start_precision, r.end, r.end_precision) for r in cycles.itertuples()],
            "Confidence": cycles["confidence"].astype(str),
            "Note": cycles["note"],
            "Sources": _sources(dataset, cycles["source_ids"]),
        }
    ).reset_index(drop=True)


CONFLICT_COLUMNS = ["Record", "About", "Date", "Confidence", "Note", "Sources"]


def record_kind(kind: str) -> str:
    """The kind of a noted record ('Milestone', and the dataset's 'Programme', 'Programme cycle',
    'Mission', 'Personnel') in the reader's language."""
    kinds = {
        "Milestone": pgettext("kind of record", "Milestone"),
        "Programme": pgettext("kind of record", "Programme"),
        "Programme cycle": pgettext("kind of record", "Programme cycle"),
        "Mission": pgettext("kind of record", "Mission"),
        "Personnel": pgettext("kind of record", "Personnel"),
    }
    return kinds.get(kind, kind)


def conflicts_table(dataset: Dataset, milestones: pd.DataFrame) -> pd.DataFrame:
    """Every record with a note: where sources disagree or a value is approximate. The milestones
    (which follow the filters) come first, built column by column: there may be 100,000; the
    other records do not follow the filters."""
    noted = milestones[milestones["note"] != ""]
    others = dataset.noted_records
    return pd.DataFrame(
        {
            "Record": [record_kind("Milestone")] * len(noted) + [record_kind(kind) for kind in others["kind"].tolist()],
            "About": noted["title"].tolist() + others["about"].tolist(),
            "Date": noted["date_label"].tolist() + others["date"].tolist(),
            "Confidence": noted["confidence"].astype(str).tolist() + others["confidence"].tolist(),
            "Note": noted["note"].tolist() + others["note"].tolist(),
            "Sources": [dataset.citation_text(ids) for ids in noted["source_ids"].tolist() + others["source_ids"].tolist()],
        },
        columns=CONFLICT_COLUMNS,
    )


READABLE_FOLDER = "readable"
# What each readable table holds, for the README (translated where it is written: `_(text)`).
DICTIONARY = {
    "milestones.csv": N_(
        "One row per dated milestone. Date is shown at the precision the sources give (a month or a year where no day is known)."
    ),
    "programmes.csv": N_("Programmes and mechanisms of the partnership, with every alias the press uses."),
    "programme_cycles.csv": N_("Plan cycles of programmes that run in cycles."),
    "missions.csv": N_("Missions the partner contributed to, who led them, and the partner's participation."),
    "deployments.csv": N_("Personnel per mission and year. An empty figure means no source gives one; the note says why."),
    "sources.csv": N_("Every source cited, with the records that cite it."),
}


def readme_text(dataset: Dataset) -> str:
    """The zip's README.md, in the reader's language (its file and folder names stay as they are).
    Paragraphs are translated whole; the English ones keep their line breaks."""
    meta, version = dataset.meta, dataset.version
    data_folder, readable_folder = f"`{package.DATA_FOLDER}/`", f"`{READABLE_FOLDER}/`"
    licences = "; ".join(licence.title for licence in meta.licenses) or _(package.NOT_SPECIFIED["title"])
    lines = [f"# {meta.title}", "", meta.about.strip(), "", f"**{version.text}.**", "", "## " + _("How to cite"), "", meta.citation.strip()]
    lines += [
        _("Name the data version ({version}) and the date you downloaded it. Licence: {licences}.").format(
            version=version.short, licences=licences
        ),
        "",
        "## " + _("What is in this zip"),
        "",
        _(
            "A Frictionless Data Package (v2, https://datapackage.org): `datapackage.json` describes every table in\n"
            "{data_folder} (its columns, types, constraints, primary and foreign keys), the licences, the\n"
            "sources and the version. Those tables hold the data exactly as it is kept: ids, ISO 8601 dates at the\n"
            "precision the sources give (`1994`, `1994-05` or `1994-05-04`) with that precision in its own column,\n"
            "`;`-separated lists of ids, and one link table per list so that every id can be checked. Validate it\n"
            "with `frictionless validate datapackage.json`; compare two downloads with `python -m dashboard.changes\n"
            "OLD.zip NEW.zip` or the dashboard's What changed page."
        ).format(data_folder=data_folder),
        "",
        _(
            "The same data, written for people, is in {readable_folder}: readable dates, names instead of codes,\n"
            "and each row's sources spelled out. Open those in a spreadsheet: cells that a spreadsheet would read as\n"
            "a formula (starting with = + - @) are prefixed there with an apostrophe. The tables under\n"
            "{data_folder} keep every value exactly as written, so open them with a CSV reader rather than\n"
            "by double-clicking them into a spreadsheet."
        ).format(readable_folder=readable_folder, data_folder=data_folder),
        "",
        "## " + _("Tables in {folder}").format(folder=data_folder),
        "",
    ]
    # the resources' descriptions are the data package's own (model/package.py): translated if marked there
    lines += [f"- `{package.resource_path(r.name)}`: {_(r.description)}" for r in package.RESOURCES]
    lines += [
        f"- `{package.resource_path(link.name)}`: "
        + _("{field} of {table}, one row each").format(field=f"`{link.list_field}`", table=f"`{r.name}`")
        for r in package.RESOURCES
        for link in r.links
    ]
    lines += ["", "## " + _("Tables in {folder}").format(folder=readable_folder), ""]
    lines += [f"- `{READABLE_FOLDER}/{name}`: {_(text)}" for name, text in DICTIONARY.items()]
    lines += [
        "",
        _("The {column} column of each table spells out the citations that row rests on.").format(column="`Sources`"),
        "",
        "## " + pgettext("README heading", "Confidence"),
        "",
    ]
    lines += [f"- **{meta.confidence[level].label}** (`{level}`): {meta.confidence[level].description}" for level in meta.confidence]
    lines += [
        "",
        _(
            "Where sources disagree, the note says how. Dates are never padded: '{example}' (`1992-03`) means the\n"
            "sources give only the month."
        ).format(example=format_date(date(1992, 3, 1), "month")),
        "",
    ]
    return "\n".join(lines)


def resource_csv_bytes(fields: list[dict], rows: list[dict[str, str]]) -> bytes:
    """A package resource: UTF-8 without a byte-order mark, the header its field names, each value
    exactly as written (see readme_text: these are for software, the readable copies for people)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    names = [f["name"] for f in fields]
    writer.writerow(names)
    writer.writerows([row[name] for name in names] for row in rows)
    return buffer.getvalue().encode("utf-8")


def package_files(dataset: Dataset) -> dict[str, bytes]:
    """Every file of the data package, by its path in the zip."""
    tables = package.package_tables(dataset)
    described = package.descriptor(dataset)
    files = {"datapackage.json": (json.dumps(described, ensure_ascii=False, indent=2) + "\n").encode("utf-8")}
    files["README.md"] = readme_text(dataset).encode("utf-8")
    for res in described["resources"]:
        files[res["path"]] = resource_csv_bytes(res["schema"]["fields"], tables[res["name"]])
    readable = {
        "milestones.csv": milestones_table(dataset, dataset.milestones),
        "programmes.csv": programmes_table(dataset, dataset.programmes),
        "programme_cycles.csv": cycles_table(dataset, dataset.cycles),
        "missions.csv": missions_table(dataset, dataset.missions, dataset.deployments),
        "deployments.csv": deployments_table(dataset, dataset.deployments),
        "sources.csv": sources_table(dataset, dataset.sources),
    }
    files |= {f"{READABLE_FOLDER}/{name}": csv_bytes(frame) for name, frame in readable.items()}
    return files


def _zip_time(version) -> tuple[int, int, int, int, int, int]:
    """Every entry dated at the release (or 1980, zip's first day): the same data gives the same bytes."""
    if len(version.released) == 10:
        year, month, day = (int(part) for part in version.released.split("-"))
        if year >= 1980:
            return (year, month, day, 0, 0, 0)
    return (1980, 1, 1, 0, 0, 0)


def all_data_zip(dataset: Dataset) -> bytes:
    """The data package: datapackage.json, its tables, the readable copies and a README."""
    when = _zip_time(dataset.version)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in package_files(dataset).items():
            entry = zipfile.ZipInfo(name, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, content)
    return buffer.getvalue()


def all_data_file_name(dataset: Dataset) -> str:
    """`azerbaijan-nato-partnership_data-2026-12-3f9a1c2e.zip`."""
    return f"{package.package_name(dataset)}_{dataset.version.slug}.zip"


def on_screen(frame: pd.DataFrame) -> pd.DataFrame:
    """The table as shown: a missing value reads as an empty cell, never as "None" or "<NA>" (the
    CSV leaves it empty too), and a column with a gap becomes text: numbers and "" in one column
    cannot go to Arrow (Streamlit would log the failure with a traceback on every rerun, then
    turn the column into text itself)."""
    gaps = frame.isna()
    shown = frame.astype(object).where(~gaps, "")
    for column in shown.columns[gaps.any().to_numpy()]:
        shown[column] = shown[column].map(str)
    return shown
