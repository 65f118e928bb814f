"""Loading: read a data directory, validate every record, return a typed `Dataset`.

Pure pandas (no Streamlit): shared by the app, `python -m dashboard.validate` and the benchmarks.
Every problem found is reported as a `Problem` naming the file, the line and the column;
loading collects them all before raising `DataError`.
"""

from __future__ import annotations

import os
from pathlib import Path

from dashboard import i18n
from dashboard.loading.decks import DECKS_DIR, KnownIds, load_decks
from dashboard.loading.files import read_yaml
from dashboard.loading.frames import deployments_frame, milestones_frame, missions_frame, programmes_frames, sources_frame
from dashboard.loading.problems import DataError, Problem
from dashboard.loading.records import (
    DATA_FILES,
    DATASET_FILE,
    DEPLOYMENTS_FILE,
    MILESTONES_FILE,
    MISSIONS_FILE,
    PROGRAMMES_FILE,
    SOURCES_FILE,
    cross_check,
    csv_records,
    validate_record,
    yaml_records,
)
from dashboard.loading.translations import read_translations, translation_files
from dashboard.model import schema, translations
from dashboard.model.dataset import Dataset
from dashboard.model.text import fold
from dashboard.model.version import DataVersion, content_digest

__all__ = [
    "DATA_DIR_ENV",
    "DATA_FILES",
    "DEFAULT_DATA_DIR",
    "DataError",
    "Dataset",
    "Problem",
    "data_dir_from_env",
    "data_version",
    "load_dataset",
    "source_files",
    "validate_dir",
]

DATA_DIR_ENV = "DASHBOARD_DATA_DIR"
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"


def data_dir_from_env() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


def source_files(data_dir: Path) -> list[Path]:
    """Every file `load_dataset` reads (present or not): the app's cache is keyed on them, so an
    edit to any of them, a briefing deck included, shows after a reload."""
    decks = data_dir / DECKS_DIR
    return [data_dir / name for name in DATA_FILES] + (sorted(decks.glob("*.yaml")) if decks.is_dir() else []) + translation_files(data_dir)


def data_version(data_dir: Path, meta: schema.DatasetMeta | None = None) -> DataVersion:
    """The version of a data directory: the digest of every file `source_files` lists that exists
    (its path inside the directory and its bytes), and the release in dataset.yaml."""
    files = []
    for path in source_files(data_dir):
        try:
            files.append((path.relative_to(data_dir).as_posix(), path.read_bytes()))
        except OSError:  # a missing file is no content; the loader reports it
            continue
    release = meta.release if meta is not None else None
    return DataVersion(content_digest(files), release.label if release else "", release.date if release else "")


def validate_dir(data_dir: Path | str) -> list[Problem]:
    """Every problem of a data directory; empty when it is valid."""
    try:
        load_dataset(data_dir)
    except DataError as exc:
        return exc.problems
    return []


def load_dataset(data_dir: Path | str | None = None) -> Dataset:
    """Read, validate and type a data directory; raise DataError listing every problem.

    The dataset is worded in English (its dates included) whatever the language of the run that
    loads it: it is the base every other language is made from (`Dataset.in_language`), shared by
    all sessions, and the first reader of a process may read Azerbaijani or Russian."""
    with i18n.language(i18n.DEFAULT):
        return _load_dataset(data_dir)


def _load_dataset(data_dir: Path | str | None) -> Dataset:
    data_dir = Path(data_dir) if data_dir is not None else data_dir_from_env()
    problems: list[Problem] = []
    if not data_dir.is_dir():
        raise DataError([Problem(str(data_dir), None, "", "data directory does not exist")])
    raw_meta, meta_lines = read_yaml(data_dir, DATASET_FILE, problems)
    meta = None
    if raw_meta is not None:
        if isinstance(raw_meta, dict):
            meta = validate_record(schema.DatasetMeta, raw_meta, DATASET_FILE, 1, meta_lines, (), problems)
        else:
            problems.append(Problem(DATASET_FILE, 1, "", "is not a set of key: value pairs"))
    sources, known_sources = yaml_records(data_dir, SOURCES_FILE, schema.Source, "id", problems)
    programmes, known_programmes = yaml_records(data_dir, PROGRAMMES_FILE, schema.Programme, "code", problems)
    missions, known_missions = yaml_records(data_dir, MISSIONS_FILE, schema.Mission, "id", problems)
    known = {SOURCES_FILE: known_sources, PROGRAMMES_FILE: known_programmes, MISSIONS_FILE: known_missions}
    required_milestone = {n for n, f in schema.Milestone.model_fields.items() if f.is_required()}
    required_deployment = {n for n, f in schema.Deployment.model_fields.items() if f.is_required()}
    milestones, known_milestones = csv_records(data_dir, MILESTONES_FILE, schema.Milestone, required_milestone, problems, key="id")
    deployments, _ = csv_records(data_dir, DEPLOYMENTS_FILE, schema.Deployment, required_deployment, problems)
    cross_check(meta, milestones, programmes, missions, deployments, sources, known, problems)
    decks = load_decks(
        data_dir,
        KnownIds(known_programmes, known_missions, {c.code for c in meta.categories} if meta else None, known_milestones),
        problems,
    )
    for name, records in ((MILESTONES_FILE, milestones), (SOURCES_FILE, sources), (PROGRAMMES_FILE, programmes), (MISSIONS_FILE, missions)):
        if not records and not any(p.file == name for p in problems):
            problems.append(Problem(name, None, "", "has no entries (expected at least one)"))
    if problems:
        raise DataError(problems)
    programmes_frame, cycles_frame = programmes_frames(programmes, meta)
    deployments_table = deployments_frame(deployments, meta)
    milestones_table = milestones_frame(milestones, meta, programmes, missions)
    missions_table = missions_frame(missions, meta, deployments_table)
    texts = dict(translations.texts(meta, milestones_table, programmes_frame, cycles_frame, missions_table, decks))
    tables, _ = read_translations(data_dir, texts, problems)
    if problems:
        raise DataError(problems)
    searchable_in_every_language(milestones_table, programmes_frame, missions_table, tables)
    return Dataset(
        meta=meta,
        milestones=milestones_table,
        programmes=programmes_frame,
        cycles=cycles_frame,
        missions=missions_table,
        deployments=deployments_table,
        sources=sources_frame(sources),
        data_dir=data_dir,
        decks=decks,
        # Hashed after validation, from the files as they are now: an edit made while loading
        # changes the files' modification times too, so the app loads (and hashes) them again.
        version=data_version(data_dir, meta),
        translations=tables,
    )


def searchable_in_every_language(milestones, programmes, missions, tables) -> None:
    """Adds each record's translated texts to its search text (in place), so that a search finds
    it whatever the interface's language: 'Партнёрство ради мира' finds the PfP milestones in
    English too. A milestone also answers to the translated names of its programmes."""
    if not any(tables.values()):
        return
    by_record: dict[str, list[str]] = {}
    for table in tables.values():
        for context, text in table.items():
            kind, _, rest = context.partition(":")
            key = rest.rpartition(":")[0]
            by_record.setdefault(f"{kind}:{key}", []).append(text)
    programme_words = {code: fold(" ".join(by_record.get(f"programme:{code}", []))) for code in programmes["code"]}
    milestones["search_text"] = [
        " ".join(filter(None, [text, fold(" ".join(by_record.get(f"milestone:{key}", []))), *(programme_words.get(c, "") for c in codes)]))
        for text, key, codes in zip(milestones["search_text"], milestones["id"], milestones["programmes"], strict=True)
    ]
    programmes["search_text"] = [
        f"{text} {programme_words[code]}" for text, code in zip(programmes["search_text"], programmes["code"], strict=True)
    ]
    missions["search_text"] = [
        f"{text} {fold(' '.join(by_record.get(f'mission:{key}', [])))}"
        for text, key in zip(missions["search_text"], missions["id"], strict=True)
    ]
