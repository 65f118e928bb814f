"""Briefing decks: YAML files under `briefings/` in the data directory, validated like the rest;
and the same validation for a deck that arrives another way (an upload, or a link that carries
the session's deck), with its YAML and link forms written back out.

Decks are only ever read here: an upload or a link is checked in memory and never written to
disk. What is said about an upload or a link is worded in the current language (this module's own
messages; the record checks shared with the data directory stay English); what is said about a
deck in the data directory stays English, for the data's maintainers.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from dashboard import i18n
from dashboard.i18n import N_, _, ngettext
from dashboard.loading.files import decode_text, parse_yaml, read_yaml
from dashboard.loading.problems import Problem
from dashboard.loading.records import References, validate_record
from dashboard.model import schema

DECKS_DIR = "briefings"
# An uploaded deck: the real decks are 2-3 KiB; 256 KiB leaves room for hundreds of slides.
MAX_DECK_BYTES = 256 * 1024
# A deck carried in a link (zlib-compressed JSON, base64url): links past a few KiB break in
# mail clients and chat tools, and 8 KiB holds about fifty slides.
MAX_LINK_CHARS = 8 * 1024
NOT_A_MAPPING = N_("is not a set of key: value pairs (expected id, title and slides)")


@dataclass(frozen=True)
class KnownIds:
    """What a deck may name: the ids the dataset defines."""

    programmes: set
    missions: set
    categories: set
    milestones: set

    @classmethod
    def of(cls, dataset) -> KnownIds:
        return cls(
            programmes=set(dataset.programmes["code"]),
            missions=set(dataset.missions["id"]),
            categories={c.code for c in dataset.meta.categories},
            milestones=set(dataset.milestone_ids),
        )


def _check_references(deck: schema.Deck, name: str, lines: dict, known: KnownIds, problems: list[Problem]) -> None:
    refs = References(problems)
    for index, slide in enumerate(deck.slides):
        line = lines.get(("slides", index), 1)
        f, at = slide.filters, f"slides.{index}"
        refs.check(name, line, f"{at}.filters.programmes", f.programmes, known.programmes, "programme code", "programmes.yaml")
        refs.check(name, line, f"{at}.filters.missions", f.missions, known.missions, "mission id", "missions.yaml")
        refs.check(name, line, f"{at}.filters.categories", f.categories, known.categories, "category", "dataset.yaml categories")
        chosen = [slide.milestone] if slide.milestone else []
        refs.check(name, line, f"{at}.milestone", chosen, known.milestones, "milestone id", "milestones.csv")


def _deck(raw, name: str, lines: dict, known: KnownIds | None, problems: list[Problem], reader: bool = False) -> schema.Deck | None:
    """A validated deck from parsed YAML or JSON, or None with the problems recorded (worded for
    the reader, in the current language, when `reader`: an upload or a link)."""
    if not isinstance(raw, dict):
        problems.append(Problem(name, 1, "", _(NOT_A_MAPPING) if reader else NOT_A_MAPPING))
        return None
    found: list[Problem] = []
    deck = validate_record(schema.Deck, raw, name, 1, lines, (), found)
    if deck is not None and known is not None:
        _check_references(deck, name, lines, known, found)
    problems.extend(found)
    return deck if not found else None


def load_decks(data_dir: Path, known: KnownIds, problems: list[Problem]) -> tuple[schema.Deck, ...]:
    """Every deck in data_dir/briefings/*.yaml (the folder is optional), problems collected.
    A field of `known` is None when the file defining those ids could not be read."""
    folder = data_dir / DECKS_DIR
    if not folder.is_dir():
        return ()
    decks, seen = [], {}
    for path in sorted(folder.glob("*.yaml")):
        name = f"{DECKS_DIR}/{path.name}"
        raw, lines = read_yaml(data_dir, name, problems)
        if raw is None:
            continue
        deck = _deck(raw, name, lines, known, problems)
        if deck is None:
            continue
        if deck.id in seen:
            problems.append(
                Problem(name, lines.get(("id",), 1), "id", f"deck id {deck.id!r} is also used by {seen[deck.id]} (expected each once)")
            )
            continue
        seen[deck.id] = name
        decks.append(deck)
    return tuple(decks)


def deck_from_upload(raw: bytes, name: str, dataset) -> tuple[schema.Deck | None, list[Problem]]:
    """An uploaded deck YAML, checked like data/briefings/*.yaml against `dataset`."""
    problems: list[Problem] = []
    text = decode_text(raw, name, problems, limit=MAX_DECK_BYTES)
    if text is None:
        return None, problems
    parsed, lines = parse_yaml(text, name, problems)
    if parsed is None:
        return None, problems
    return _deck(parsed, name, lines, KnownIds.of(dataset), problems, reader=True), problems


def _plain(deck: schema.Deck) -> dict:
    """The deck as plain data, defaults left out, in the order of the YAML files."""
    return deck.model_dump(mode="json", exclude_defaults=True)


def deck_yaml(deck: schema.Deck) -> str:
    """The deck as a YAML file that validates like data/briefings/*.yaml."""
    return yaml.safe_dump(_plain(deck), allow_unicode=True, sort_keys=False, width=100)


def deck_link(deck: schema.Deck) -> str:
    """The deck as a URL-safe token (compressed JSON), for a link that carries it."""
    data = json.dumps(_plain(deck), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(data, 9)).decode("ascii").rstrip("=")


def deck_from_link(token: str, dataset, name: str | None = None) -> tuple[schema.Deck | None, list[Problem]]:
    """The deck a link carries, checked like any other, or None with the problems (`name`: 'the
    link', in the current language, unless given)."""
    problems: list[Problem] = []
    name = _("the link") if name is None else name
    if len(token) > MAX_LINK_CHARS:
        message = ngettext(
            "carries a deck of {count} character (expected at most {limit})",
            "carries a deck of {count} characters (expected at most {limit})",
            len(token),
        ).format(count=i18n.format_number(len(token)), limit=i18n.format_number(MAX_LINK_CHARS))
        problems.append(Problem(name, None, "", message))
        return None, problems
    try:
        packed = base64.urlsafe_b64decode(token.strip() + "=" * (-len(token.strip()) % 4))
        # A bound on the inflated size, so a small token cannot expand into a huge one.
        inflater = zlib.decompressobj()
        data = inflater.decompress(packed, MAX_DECK_BYTES)
        if inflater.unconsumed_tail:
            raise ValueError("too large")
        raw = json.loads(data.decode("utf-8"))
    except (ValueError, binascii.Error, zlib.error, UnicodeDecodeError):
        problems.append(Problem(name, None, "", _("does not carry a readable deck (the link may have been cut short)")))
        return None, problems
    return _deck(raw, name, {}, KnownIds.of(dataset), problems, reader=True), problems
