"""The dataset as a Frictionless Data Package (v2): machine-readable resources with stable column
names (ids, ISO dates at their real precision, `;`-separated id lists), each with a table schema
(types, constraints, primary and foreign keys) generated from the pydantic models of
model/schema.py that validate the data directory, so the two cannot drift apart.

A resource's columns are its model's fields, in order: a nested record is flattened
(`location.lat` → `location_lat`), a list of records becomes a resource of its own
(`programmes.cycles` → `programme_cycles`), and every list of ids also gets a link resource (e.g.
`milestone_sources`), because a foreign key can only check single values.

datapackage.json is a machine-readable standard file: its wording (resource titles and
descriptions, the data version's text) is English in every interface language, so the same data
always gives the same descriptor. A resource's title is also marked for translation (`N_`), for
the readable list of what changed, which shows it as `_(resource.title)`.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import cache

import pandas as pd
from pydantic import BaseModel

from dashboard import i18n
from dashboard.i18n import N_
from dashboard.model import schema
from dashboard.model.dataset import Dataset
from dashboard.model.dates import iso_partial
from dashboard.model.text import ascii_words
from dashboard.model.version import DataVersion

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
LIST_DELIMITER = ";"
DATA_FOLDER = "data"
# No licence in dataset.yaml: the package says so rather than guess one (Open Definition id).
NOT_SPECIFIED = {"name": "notspecified", "title": N_("Licence not specified: ask the compilers of the dataset before reuse")}


@dataclass(frozen=True)
class Link:
    """A link resource for one list of ids: one row per (record, id), with foreign keys both ways."""

    name: str
    list_field: str
    parent_columns: tuple[str, ...]  # the record's primary key, as named in the link resource
    target: str
    target_column: str


@dataclass(frozen=True)
class Resource:
    name: str
    model: type[BaseModel]
    title: str  # English (marked N_): translated where a reader sees it, never in datapackage.json
    description: str
    primary_key: tuple[str, ...]
    foreign_keys: dict[str, str] = field(default_factory=dict)  # column -> resource whose primary key it names
    parent: tuple[str, str] | None = None  # (column, resource): the key of the record this one was split out of
    key: dict | None = None  # a leading field for records kept as a mapping's values (its keys)
    drop: tuple[str, ...] = ()  # model fields that are resources of their own
    links: tuple[Link, ...] = ()


CONFIDENCE_FK = {"confidence": "confidence_levels"}

RESOURCES: tuple[Resource, ...] = (
    Resource("categories", schema.Coded, N_("Milestone categories"), N_("The controlled list of milestone categories."), ("code",)),
    Resource("focus_areas", schema.Coded, N_("Focus areas"), N_("The controlled list of programme focus areas."), ("code",)),
    Resource("lead_types", schema.Coded, N_("Mission leadership"), N_("Who led a mission: the controlled list."), ("code",)),
    Resource(
        "confidence_levels",
        schema.ConfidenceText,
        N_("Confidence levels"),
        N_("What each confidence level means."),
        ("code",),
        key={"name": "code", "type": "string", "constraints": {"required": True, "enum": list(schema.CONFIDENCE_LEVELS)}},
    ),
    Resource("sources", schema.Source, N_("Sources"), N_("Every source cited by a record."), ("id",)),
    Resource(
        "programmes",
        schema.Programme,
        N_("Programmes"),
        N_("Programmes and mechanisms of the partnership, with every alias the press uses."),
        ("code",),
        CONFIDENCE_FK,
        drop=("cycles",),
        links=(
            Link("programme_sources", "source_ids", ("programme",), "sources", "source"),
            Link("programme_focus_areas", "focus_areas", ("programme",), "focus_areas", "focus_area"),
        ),
    ),
    Resource(
        "programme_cycles",
        schema.Cycle,
        N_("Programme cycles"),
        N_("Plan cycles of the programmes that run in cycles."),
        ("programme", "label"),
        CONFIDENCE_FK,
        parent=("programme", "programmes"),
        links=(Link("programme_cycle_sources", "source_ids", ("programme", "label"), "sources", "source"),),
    ),
    Resource(
        "missions",
        schema.Mission,
        N_("Missions"),
        N_("Missions the partner contributed to, who led them, and the partner's participation."),
        ("id",),
        {"lead_type": "lead_types", **CONFIDENCE_FK},
        links=(Link("mission_sources", "source_ids", ("mission",), "sources", "source"),),
    ),
    Resource(
        "milestones",
        schema.Milestone,
        N_("Milestones"),
        N_("One row per dated milestone, the date at the precision the sources give."),
        ("id",),
        {"category": "categories", "mission": "missions", **CONFIDENCE_FK},
        links=(
            Link("milestone_sources", "source_ids", ("milestone",), "sources", "source"),
            Link("milestone_programmes", "programmes", ("milestone",), "programmes", "programme"),
        ),
    ),
    Resource(
        "deployments",
        schema.Deployment,
        N_("Personnel"),
        N_("Personnel per mission and year; an empty figure means no source gives one, and the note says why."),
        ("mission", "year"),
        {"mission": "missions", **CONFIDENCE_FK},
        links=(Link("deployment_sources", "source_ids", ("mission", "year"), "sources", "source"),),
    ),
)
RESOURCE_NAMES = tuple(r.name for r in RESOURCES)


def resource(name: str) -> Resource:
    return next(r for r in RESOURCES if r.name == name)


# --------------------------------------------------------------------------------------------
# Table schemas, generated from the pydantic models
# --------------------------------------------------------------------------------------------


def _field(name: str, prop: dict, required: bool, defs: dict) -> list[dict]:
    """Table Schema field(s) of one JSON-schema property (a nested record gives several)."""
    options = [p for p in prop.get("anyOf", [prop]) if p.get("type") != "null"]
    optional = "anyOf" in prop
    spec = {**options[0], **{k: v for k, v in prop.items() if k in ("title", "description")}}
    if "$ref" in spec:
        nested = defs[spec["$ref"].rsplit("/", 1)[-1]]
        return [
            f
            for sub, sub_prop in nested["properties"].items()
            for f in _field(f"{name}_{sub}", sub_prop, required and sub in nested.get("required", ()), defs)
        ]
    out: dict = {"name": name}
    constraints: dict = {}
    if spec.get("type") == "array":
        out |= {"type": "list", "delimiter": LIST_DELIMITER, "itemType": "string"}
        if spec.get("minItems"):
            constraints["minLength"] = spec["minItems"]
    else:
        out["type"] = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}[spec["type"]]
        for key in ("pattern", "maxLength", "minLength", "minimum", "maximum", "enum"):
            if key in spec:
                constraints[key] = spec[key]
    if "title" in spec:
        out["title"] = spec["title"]
    if "description" in spec:
        out["description"] = spec["description"]
    # A default that is a real value is written into every row that leaves the field out.
    always = required or prop.get("default") not in (None, "", [])
    if (always and not optional) or (out["type"] == "list" and constraints.get("minLength")):
        constraints["required"] = True
    if constraints:
        out["constraints"] = constraints
    return [out]


def _model_fields(model: type[BaseModel], drop=()) -> list[dict]:
    json_schema = model.model_json_schema()
    defs, required = json_schema.get("$defs", {}), set(json_schema.get("required", ()))
    return [f for name, prop in json_schema["properties"].items() if name not in drop for f in _field(name, prop, name in required, defs)]


def _key_field(resource_name: str, column: str) -> dict:
    """A field named `column` that holds a key of another resource (single-column keys only)."""
    target = resource(resource_name)
    key = next(f for f in table_fields(target) if f["name"] == target.primary_key[0])
    return {
        **key,
        "name": column,
        "title": column.replace("_", " ").capitalize(),
        "constraints": {**key.get("constraints", {}), "required": True},
    }


@cache
def _fields(name: str) -> tuple:
    res = resource(name)
    fields = _model_fields(res.model, res.drop)
    if res.parent is not None:
        fields = [_key_field(res.parent[1], res.parent[0]), *fields]
    if res.key is not None:
        fields = [res.key, *fields]
    return tuple(fields)


def table_fields(res: Resource) -> list[dict]:
    return copy.deepcopy(list(_fields(res.name)))  # the cached fields stay as generated


def link_fields(res: Resource, link: Link) -> list[dict]:
    own = {f["name"]: f for f in table_fields(res)}
    lead = [
        {**own[key], "name": column, "title": column.capitalize()} for key, column in zip(res.primary_key, link.parent_columns, strict=True)
    ]
    item = {**_key_field(link.target, link.target_column)}
    return [*lead, item]


def table_schema(res: Resource) -> dict:
    foreign = [
        {"fields": [column], "reference": {"resource": target, "fields": list(resource(target).primary_key)}}
        for column, target in res.foreign_keys.items()
    ]
    if res.parent is not None:
        column, parent = res.parent
        foreign.insert(0, {"fields": [column], "reference": {"resource": parent, "fields": list(resource(parent).primary_key)}})
    described = {"fields": table_fields(res), "primaryKey": list(res.primary_key), "missingValues": [""]}
    return described | ({"foreignKeys": foreign} if foreign else {})


def link_schema(res: Resource, link: Link) -> dict:
    columns = [*link.parent_columns, link.target_column]
    return {
        "fields": link_fields(res, link),
        "primaryKey": columns,
        "foreignKeys": [
            {"fields": list(link.parent_columns), "reference": {"resource": res.name, "fields": list(res.primary_key)}},
            {"fields": [link.target_column], "reference": {"resource": link.target, "fields": list(resource(link.target).primary_key)}},
        ],
        "missingValues": [""],
    }


def resource_path(name: str) -> str:
    return f"{DATA_FOLDER}/{name}.csv"


def _descriptor(name: str, title: str, description: str, table: dict) -> dict:
    return {
        "name": name,
        "type": "table",
        "path": resource_path(name),
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": title,
        "description": description,
        "schema": table,
    }


def resource_descriptors() -> list[dict]:
    described = []
    for res in RESOURCES:
        described.append(_descriptor(res.name, res.title, res.description, table_schema(res)))
        for link in res.links:
            what = f"{res.title}: {link.list_field.replace('_', ' ')}, one row per {res.name.rstrip('s').replace('_', ' ')} and id"
            described.append(
                _descriptor(
                    link.name, what, f"The `{link.list_field}` list of `{res.name}` as rows (for its foreign key).", link_schema(res, link)
                )
            )
    return described


# --------------------------------------------------------------------------------------------
# The package's rows, from the Dataset's tables
# --------------------------------------------------------------------------------------------

# Where a field's value and precision live in the Dataset's frames, when not under its own name.
_COLUMNS = {("missions", "location_name"): "location_name", ("missions", "location_lat"): "lat", ("missions", "location_lon"): "lon"}
_PRECISIONS = {("milestones", "end_date"): "end_precision"}


def cell(value, kind: str) -> str:
    """One value as the package writes it (and as a comparison reads it back): '' for none,
    lists `;`-separated, numbers in a canonical form. Values that are not what the field's
    type expects are kept as written (old data may hold them)."""
    if value is None or (not isinstance(value, (list, tuple, str)) and pd.isna(value)):
        return ""
    if kind == "list":
        items = value.split(LIST_DELIMITER) if isinstance(value, str) else value
        return LIST_DELIMITER.join(str(item).strip() for item in items if str(item).strip())
    if hasattr(value, "isoformat") and not isinstance(value, pd.Timestamp):  # a date YAML read as one
        return value.isoformat()
    text = str(value).strip()
    try:
        if kind == "integer":
            return str(int(text))
        if kind == "number":
            return repr(float(text))
    except ValueError:
        return text
    return text


def _frame_for(dataset: Dataset, name: str) -> pd.DataFrame:
    meta = dataset.meta
    if name in ("categories", "focus_areas", "lead_types"):
        return pd.DataFrame([c.model_dump() for c in getattr(meta, name)], columns=list(schema.Coded.model_fields))
    if name == "confidence_levels":
        return pd.DataFrame(
            [{"code": code, **text.model_dump()} for code, text in meta.confidence.items()], columns=["code", "label", "description"]
        )
    if name == "programme_cycles":
        return dataset.cycles
    return getattr(dataset, name)


def _column(frame: pd.DataFrame, res: Resource, spec: dict) -> list[str]:
    name, kind = spec["name"], spec["type"]
    values = frame[_COLUMNS.get((res.name, name), name)]
    if spec.get("constraints", {}).get("pattern") == schema.PARTIAL_DATE_PATTERN:
        precisions = frame[_PRECISIONS.get((res.name, name), f"{name}_precision")]
        return [iso_partial(v, p) if isinstance(p, str) else "" for v, p in zip(values, precisions, strict=True)]
    return [cell(v, kind) for v in values]


def package_tables(dataset: Dataset) -> dict[str, list[dict[str, str]]]:
    """Every resource's rows (main resources and link resources), as the CSV files hold them."""
    tables: dict[str, list[dict[str, str]]] = {}
    for res in RESOURCES:
        frame = _frame_for(dataset, res.name)
        fields = table_fields(res)
        columns = {spec["name"]: _column(frame, res, spec) for spec in fields}
        rows = [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)] if len(frame) else []
        tables[res.name] = rows
        for link in res.links:
            tables[link.name] = [
                {**dict(zip(link.parent_columns, (row[k] for k in res.primary_key), strict=True)), link.target_column: item}
                for row in rows
                for item in dict.fromkeys(row[link.list_field].split(LIST_DELIMITER) if row[link.list_field] else [])
            ]
    return tables


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_words(text).lower()).strip("-")[:60] or "dataset"


def package_name(dataset: Dataset) -> str:
    return _slug(dataset.meta.title)


def descriptor(dataset: Dataset) -> dict:
    """datapackage.json: the dataset, its version, licences, sources and every resource. Its own
    wording is English whatever the interface's language (the dataset's texts are as given)."""
    with i18n.language(i18n.DEFAULT):
        return _descriptor_of(dataset)


def _descriptor_of(dataset: Dataset) -> dict:
    meta, version = dataset.meta, dataset.version
    licences = [{k: v for k, v in licence.model_dump().items() if v} for licence in meta.licenses] or [NOT_SPECIFIED]
    sources = [
        {"title": citation.text(with_url=False)} | ({"path": citation.url} if citation.url else {})
        for citation in dataset.citations.values()
    ]
    described = {
        "$schema": PROFILE,
        "name": package_name(dataset),
        "title": meta.title,
        "description": meta.about,
        "version": version.label or version.digest,
        "keywords": [meta.organisation, meta.partner.name],
        "licenses": licences,
        "sources": sources,
        # Custom properties (allowed by the profile): the full version and how to cite it.
        "dataVersion": version_descriptor(version),
        "citation": meta.citation,
        "resources": resource_descriptors(),
    }
    if len(version.released) == 10:
        described["created"] = f"{version.released}T00:00:00Z"
    return described


def version_descriptor(version: DataVersion) -> dict:
    return {"label": version.label, "released": version.released, "digest": version.digest, "text": version.text}
