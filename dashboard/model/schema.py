"""Record schemas of the data directory, one pydantic model per record kind.

Pydantic checks each record on its own (types, required fields, formats, fixed vocabularies);
checks that need the whole dataset (ids that must exist, duplicates, controlled lists from
dataset.yaml) live in `dashboard.data`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from dashboard.model.dates import PRECISIONS, parse_partial_date
from dashboard.model.registry import SLIDE_KINDS

CONFIDENCE_LEVELS = ("confirmed", "approximate", "unconfirmed")
SOURCE_KINDS = ("official", "press", "reference")
PROGRAMME_STATUSES = ("active", "ended", "superseded", "unknown")

DATE_PRECISIONS = PRECISIONS
# Each vocabulary is listed once; the Literal types are made from these tuples.
Confidence = Literal[CONFIDENCE_LEVELS]
# Patterns of the formats below, also written into the data package's table schemas.
ID_PATTERN = r"[A-Za-z0-9_-]+"
PARTIAL_DATE_PATTERN = r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"
COLOUR_PATTERN = r"#[0-9A-Fa-f]{6}"
COUNTRY_PATTERN = r"[A-Z]{3}"
_ID = re.compile(ID_PATTERN)
_COLOUR = re.compile(COLOUR_PATTERN)
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")
MAX_ID_CHARS = 100
SHOWN_VALUE_CHARS = 80


def shown(value) -> str:
    """repr() of a value for a message, cut so one absurd cell cannot flood a page or a terminal."""
    text = repr(value)
    return text if len(text) <= SHOWN_VALUE_CHARS else text[: SHOWN_VALUE_CHARS - 4] + "…" + text[-1]


def _check_id(value: str) -> str:
    if not _ID.fullmatch(value):
        raise ValueError(
            f"{shown(value)} has characters other than A-Z, a-z, 0-9, '-' and '_' "
            "(expected a plain ASCII id; look-alike letters from other alphabets are not allowed)"
        )
    if len(value) > MAX_ID_CHARS:
        raise ValueError(f"{shown(value)} is {len(value)} characters long (expected a short id, at most {MAX_ID_CHARS})")
    return value


def _check_partial_date(value: str) -> str:
    # `\d` in the date pattern would also take digits of other scripts, such as '１９９４'.
    if not value.isascii() or len(value) > 40:
        raise ValueError(f"{shown(value)} is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    parse_partial_date(value)
    return value


def _check_colour(value: str) -> str:
    if not _COLOUR.fullmatch(value):
        raise ValueError(f"{shown(value)} is not a colour (expected #rrggbb, e.g. #0072B2)")
    return value


def _check_iso3(value: str) -> str:
    if not re.fullmatch(COUNTRY_PATTERN, value):
        raise ValueError(
            f"{shown(value)} is not a country code (expected ISO 3166 alpha-3: three capital letters, e.g. AZE; Kosovo is XKX)"
        )
    return value


def _whole_number(value):
    """Digits with an optional sign: int() alone would also take '3_4', ' 3 4' or '٣٤'."""
    if isinstance(value, str) and not _WHOLE_NUMBER.fullmatch(value.strip()):
        raise PydanticCustomError("int_parsing", "Input should be a valid integer")
    return value


def _empty_to_none(value):
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _split_list(value):
    """CSV cells hold `;`-separated lists; YAML holds real lists. Both become a list of str."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


def _text(value):
    """YAML may read `2005` or `2005-03-01` as a number or a date; a text field takes them as written."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


# `json_schema_extra` only describes a format (for the data package's table schemas, generated
# from these models); the validators above do the checking and word the messages.
Id = Annotated[str, AfterValidator(_check_id), Field(json_schema_extra={"pattern": ID_PATTERN, "maxLength": MAX_ID_CHARS})]
Text = Annotated[str, BeforeValidator(_text), Field(min_length=1)]
OptionalText = Annotated[str, BeforeValidator(lambda v: "" if v is None else _text(v))]
PartialDate = Annotated[
    str,
    BeforeValidator(_text),
    AfterValidator(_check_partial_date),
    Field(
        json_schema_extra={"pattern": PARTIAL_DATE_PATTERN, "description": "ISO 8601 at its real precision (YYYY, YYYY-MM or YYYY-MM-DD)"}
    ),
]
OptionalPartialDate = Annotated[PartialDate | None, BeforeValidator(_empty_to_none)]
IdList = Annotated[list[Id], BeforeValidator(_split_list)]
SourceIds = Annotated[list[Id], BeforeValidator(_split_list), Field(min_length=1)]


def _one_item(value: str) -> str:
    if ";" in value:
        raise ValueError(f"{shown(value)} holds ';', which separates list items (expected one item per entry)")
    return value


# An item of a text list holds no ';': the data package writes lists `;`-separated, as CSV cells are.
TextList = Annotated[list[Annotated[str, BeforeValidator(_text), AfterValidator(_one_item)]], BeforeValidator(_split_list)]
Colour = Annotated[str, AfterValidator(_check_colour), Field(json_schema_extra={"pattern": COLOUR_PATTERN})]
CountryCode = Annotated[str, AfterValidator(_check_iso3), Field(json_schema_extra={"pattern": COUNTRY_PATTERN})]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def _check_order(start: str | None, end: str | None, what: str) -> None:
    if start and end:
        start_day, _ = parse_partial_date(start)
        end_day, _ = parse_partial_date(end)
        if end_day < start_day:
            raise ValueError(f"{what} ends ({end}) before it starts ({start}) (expected an end on or after the start)")


class Milestone(Record):
    id: Id
    date: PartialDate
    date_precision: Literal[DATE_PRECISIONS]
    end_date: OptionalPartialDate = None
    title: Text
    summary: Text
    category: Id
    programmes: IdList = []
    mission: Annotated[Id | None, BeforeValidator(_empty_to_none)] = None
    people: TextList = []
    place: OptionalText = ""
    source_ids: SourceIds
    confidence: Confidence
    note: OptionalText = ""

    @model_validator(mode="after")
    def _precision_matches_date(self):
        _, written = parse_partial_date(self.date)
        if written != self.date_precision:
            raise ValueError(
                f"date_precision is {self.date_precision!r} but date {self.date!r} is written to the {written} (expected them to agree)"
            )
        _check_order(self.date, self.end_date, "the milestone")
        return self


class Deployment(Record):
    mission: Id
    year: Annotated[int, Field(ge=1800, le=2200), BeforeValidator(_whole_number)]
    personnel: Annotated[Annotated[int, Field(ge=0), BeforeValidator(_whole_number)] | None, BeforeValidator(_empty_to_none)] = None
    confidence: Confidence
    source_ids: SourceIds
    note: OptionalText = ""

    @model_validator(mode="after")
    def _gap_is_explained(self):
        if self.personnel is None and not self.note:
            raise ValueError("personnel is empty and note does not say why (expected a note explaining the gap)")
        return self


class Source(Record):
    id: Id
    title: Text
    publisher: Text
    date: OptionalPartialDate = None
    url: OptionalText = ""
    kind: Literal[SOURCE_KINDS]


class Cycle(Record):
    label: Text
    start: PartialDate
    end: OptionalPartialDate = None
    source_ids: SourceIds
    confidence: Confidence = "confirmed"
    note: OptionalText = ""

    @model_validator(mode="after")
    def _ordered(self):
        _check_order(self.start, self.end, f"cycle {self.label!r}")
        return self


class Programme(Record):
    code: Id
    name: Text
    aliases: TextList = []
    type: Text
    start: PartialDate
    end: OptionalPartialDate = None
    status: Literal[PROGRAMME_STATUSES]
    focus_areas: Annotated[list[Id], Field(min_length=1)]
    description: Text
    colour: Colour
    source_ids: SourceIds
    confidence: Confidence = "confirmed"
    note: OptionalText = ""
    cycles: list[Cycle] = []

    @model_validator(mode="after")
    def _ordered(self):
        _check_order(self.start, self.end, "the programme")
        return self


class Location(Record):
    name: Text
    lat: Latitude
    lon: Longitude


class Mission(Record):
    id: Id
    name: Text
    short_name: Text
    country: CountryCode
    country_name: Text
    lead_type: Id
    lead: Text
    mission_start: PartialDate
    mission_end: OptionalPartialDate = None
    participation_start: PartialDate
    participation_end: OptionalPartialDate = None
    role: Text
    location: Location
    source_ids: SourceIds
    confidence: Confidence = "confirmed"
    note: OptionalText = ""

    @model_validator(mode="after")
    def _ordered(self):
        _check_order(self.mission_start, self.mission_end, "the mission")
        _check_order(self.participation_start, self.participation_end, "the participation")
        return self


class Coded(Record):
    code: Id
    label: Text
    description: OptionalText = ""
    colour: Colour | None = None


class ConfidenceText(Record):
    label: Text
    description: Text


class Partner(Record):
    name: Text
    adjective: Text
    iso3: CountryCode
    capital: Text
    lat: Latitude
    lon: Longitude


class Release(Record):
    """The release of the data: a label (e.g. '2026-12') and the date it was published."""

    label: Text
    date: PartialDate


class Licence(Record):
    """A licence of the dataset, as a data package names it: an Open Definition id (`name`, e.g.
    'CC-BY-4.0') and/or a link (`path`), and a title for people."""

    name: Annotated[str, BeforeValidator(lambda v: "" if v is None else v), Field(pattern=r"^([A-Za-z0-9.+_-]+)?$")] = ""
    path: OptionalText = ""
    title: Text

    @model_validator(mode="after")
    def _named_or_linked(self):
        if not self.name and not self.path:
            raise ValueError("a licence needs a name (e.g. CC-BY-4.0) or a path (a link to its text)")
        return self


class DatasetMeta(Record):
    title: Text
    subtitle: OptionalText = ""
    organisation: Text
    partner: Partner
    partnership_start: PartialDate
    about: Text
    citation: Text
    release: Release | None = None
    licenses: list[Licence] = []
    categories: Annotated[list[Coded], Field(min_length=1)]
    focus_areas: Annotated[list[Coded], Field(min_length=1)]
    lead_types: Annotated[list[Coded], Field(min_length=1)]
    confidence: dict[Confidence, ConfidenceText]

    @model_validator(mode="after")
    def _every_confidence_described(self):
        missing = [level for level in CONFIDENCE_LEVELS if level not in self.confidence]
        if missing:
            raise ValueError(f"confidence has no text for {', '.join(missing)} (expected all of {', '.join(CONFIDENCE_LEVELS)})")
        return self


SLIDE_VIEWS = tuple(SLIDE_KINDS)


class SlideFilters(Record):
    years: Annotated[list[Annotated[int, Field(ge=1800, le=2200)]], Field(min_length=2, max_length=2)] | None = None
    programmes: IdList = []
    categories: IdList = []
    missions: IdList = []
    confidence: list[Confidence] = []
    q: OptionalText = ""

    @model_validator(mode="after")
    def _ordered(self):
        if self.years and self.years[0] > self.years[1]:
            raise ValueError(f"years {self.years[0]}–{self.years[1]} run backwards (expected [first, last])")
        return self


class Slide(Record):
    title: Text
    view: Literal[SLIDE_VIEWS]
    filters: SlideFilters = SlideFilters()
    milestone: Annotated[Id | None, BeforeValidator(_empty_to_none)] = None
    notes: OptionalText = ""

    @model_validator(mode="after")
    def _milestone_view_names_one(self):
        if self.view == "milestone" and not self.milestone:
            raise ValueError("a 'milestone' slide needs a milestone id (expected milestone: <id>)")
        return self


class Deck(Record):
    id: Id
    title: Text
    subtitle: OptionalText = ""
    slides: Annotated[list[Slide], Field(min_length=1)]
