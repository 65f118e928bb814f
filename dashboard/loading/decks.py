"""Briefing decks: YAML files under `briefings/` in the data directory, validated like the rest."""

from __future__ import annotations

from pathlib import Path

from dashboard.loading.files import read_yaml
from dashboard.loading.problems import Problem
from dashboard.loading.records import References, validate_record
from dashboard.model import schema

DECKS_DIR = "briefings"


def load_decks(
    data_dir: Path, programme_codes, mission_ids, category_codes, milestone_ids, problems: list[Problem]
) -> tuple[schema.Deck, ...]:
    """Every deck in data_dir/briefings/*.yaml (the folder is optional), problems collected."""
    folder = data_dir / DECKS_DIR
    if not folder.is_dir():
        return ()
    decks, refs, seen = [], References(problems), {}
    for path in sorted(folder.glob("*.yaml")):
        name = f"{DECKS_DIR}/{path.name}"
        raw, lines = read_yaml(data_dir, name, problems)
        if raw is None:
            continue
        if not isinstance(raw, dict):
            problems.append(Problem(name, 1, "", "is not a set of key: value pairs (expected id, title and slides)"))
            continue
        deck = validate_record(schema.Deck, raw, name, 1, lines, (), problems)
        if deck is None:
            continue
        for index, slide in enumerate(deck.slides):
            line = lines.get(("slides", index), 1)
            f = slide.filters
            refs.check(name, line, f"slides.{index}.filters.programmes", f.programmes, programme_codes, "programme code", "programmes.yaml")
            refs.check(name, line, f"slides.{index}.filters.missions", f.missions, mission_ids, "mission id", "missions.yaml")
            refs.check(
                name, line, f"slides.{index}.filters.categories", f.categories, category_codes, "category", "dataset.yaml categories"
            )
            refs.check(
                name,
                line,
                f"slides.{index}.milestone",
                [slide.milestone] if slide.milestone else [],
                milestone_ids,
                "milestone id",
                "milestones.csv",
            )
        if deck.id in seen:
            problems.append(
                Problem(name, lines.get(("id",), 1), "id", f"deck id {deck.id!r} is also used by {seen[deck.id]} (expected each once)")
            )
            continue
        seen[deck.id] = name
        decks.append(deck)
    return tuple(decks)
