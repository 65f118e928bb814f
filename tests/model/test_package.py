"""The data package's table schemas come from the pydantic models that validate data/."""

import pytest

from dashboard.model import package, schema


def fields(name):
    return {f["name"]: f for f in package.table_fields(package.resource(name))}


def test_every_model_field_is_a_column_in_the_models_order():
    assert list(fields("milestones")) == list(schema.Milestone.model_fields)
    assert list(fields("deployments")) == list(schema.Deployment.model_fields)
    assert list(fields("sources")) == list(schema.Source.model_fields)
    assert list(fields("programmes")) == [n for n in schema.Programme.model_fields if n != "cycles"]
    assert list(fields("programme_cycles")) == ["programme", *schema.Cycle.model_fields]
    missions = list(fields("missions"))
    assert missions[missions.index("location_name") : missions.index("location_name") + 3] == [
        "location_name",
        "location_lat",
        "location_lon",
    ]


def test_a_field_added_to_a_model_appears_in_the_package(monkeypatch):
    from pydantic import create_model

    extended = create_model("Extended", __base__=schema.Source, archived=(schema.OptionalPartialDate, None))
    monkeypatch.setattr(
        package,
        "RESOURCES",
        tuple(r if r.name != "sources" else package.Resource("sources", extended, "S", "S", ("id",)) for r in package.RESOURCES),
    )
    package._fields.cache_clear()
    try:
        assert fields("sources")["archived"]["constraints"]["pattern"] == schema.PARTIAL_DATE_PATTERN
    finally:
        package._fields.cache_clear()


@pytest.mark.parametrize(
    ("resource", "name", "expected"),
    [
        ("milestones", "id", {"type": "string", "constraints": {"pattern": schema.ID_PATTERN, "maxLength": 100, "required": True}}),
        ("milestones", "date", {"type": "string", "constraints": {"pattern": schema.PARTIAL_DATE_PATTERN, "required": True}}),
        ("milestones", "end_date", {"type": "string", "constraints": {"pattern": schema.PARTIAL_DATE_PATTERN}}),
        ("milestones", "date_precision", {"type": "string", "constraints": {"enum": ["day", "month", "year"], "required": True}}),
        (
            "milestones",
            "source_ids",
            {"type": "list", "delimiter": ";", "itemType": "string", "constraints": {"minLength": 1, "required": True}},
        ),
        ("milestones", "programmes", {"type": "list", "delimiter": ";", "itemType": "string"}),
        ("deployments", "year", {"type": "integer", "constraints": {"minimum": 1800, "maximum": 2200, "required": True}}),
        ("deployments", "personnel", {"type": "integer", "constraints": {"minimum": 0}}),
        ("missions", "location_lat", {"type": "number", "constraints": {"minimum": -90, "maximum": 90, "required": True}}),
        ("missions", "country", {"type": "string", "constraints": {"pattern": schema.COUNTRY_PATTERN, "required": True}}),
        # a default that is a value is written into every row, so the column is never empty
        ("programmes", "confidence", {"type": "string", "constraints": {"enum": list(schema.CONFIDENCE_LEVELS), "required": True}}),
        ("programmes", "colour", {"type": "string", "constraints": {"pattern": schema.COLOUR_PATTERN, "required": True}}),
    ],
)
def test_types_and_constraints_follow_the_model(resource, name, expected):
    found = fields(resource)[name]
    assert {k: v for k, v in found.items() if k in ("type", "delimiter", "itemType", "constraints")} == expected


def test_keys():
    milestones = package.table_schema(package.resource("milestones"))
    assert milestones["primaryKey"] == ["id"]
    assert {fk["fields"][0]: fk["reference"] for fk in milestones["foreignKeys"]} == {
        "category": {"resource": "categories", "fields": ["code"]},
        "mission": {"resource": "missions", "fields": ["id"]},
        "confidence": {"resource": "confidence_levels", "fields": ["code"]},
    }
    assert package.table_schema(package.resource("deployments"))["primaryKey"] == ["mission", "year"]
    cycles = package.table_schema(package.resource("programme_cycles"))
    assert cycles["foreignKeys"][0] == {"fields": ["programme"], "reference": {"resource": "programmes", "fields": ["code"]}}


def test_every_list_of_ids_has_a_link_resource_with_keys_both_ways():
    res = package.resource("deployments")
    (link,) = res.links
    described = package.link_schema(res, link)
    assert [f["name"] for f in described["fields"]] == ["mission", "year", "source"]
    assert described["primaryKey"] == ["mission", "year", "source"]
    assert described["foreignKeys"] == [
        {"fields": ["mission", "year"], "reference": {"resource": "deployments", "fields": ["mission", "year"]}},
        {"fields": ["source"], "reference": {"resource": "sources", "fields": ["id"]}},
    ]


def test_rows_hold_ids_iso_dates_their_precision_and_id_lists(freedonia):
    tables = package.package_tables(freedonia)
    visit = next(r for r in tables["milestones"] if r["id"] == "chief-visits")
    assert (visit["date"], visit["date_precision"], visit["end_date"]) == ("2004-11-04", "day", "2004-11-05")
    assert visit["programmes"] == "FORUM;PLAN" and visit["source_ids"] == "F1"
    assert {"milestone": "chief-visits", "programme": "PLAN"} in tables["milestone_programmes"]
    assert [r["year"] for r in tables["deployments"] if r["mission"] == "SYL"][:2] == ["2000", "2001"]
    assert all(set(row) == set(fields(name)) for name in package.RESOURCE_NAMES for row in tables[name])


def test_the_descriptor_carries_the_version_licence_and_sources(freedonia):
    described = package.descriptor(freedonia)
    assert described["$schema"] == package.PROFILE
    assert described["version"] == "1" and described["dataVersion"]["digest"] == freedonia.version.digest
    assert described["licenses"] == [package.NOT_SPECIFIED]  # the fixture names no licence: the package says so
    assert {"title": "League Press Office, “Freedonia joins the Forum”, 2 June 1995", "path": "http://league.example/f1"} in described[
        "sources"
    ]
    names = [r["name"] for r in described["resources"]]
    assert len(names) == len(set(names)) == len(package.RESOURCES) + sum(len(r.links) for r in package.RESOURCES)


def test_a_list_item_cannot_hold_the_delimiter(data_copy):
    from dashboard.loading import validate_dir

    programmes = data_copy / "programmes.yaml"
    text = programmes.read_text()
    assert "aliases: [Forum of the North, NF]" in text
    programmes.write_text(text.replace("aliases: [Forum of the North, NF]", "aliases: [Forum of the North, 'One; two']"))
    assert [p.message for p in validate_dir(data_copy)] == [
        "'One; two' holds ';', which separates list items (expected one item per entry)"
    ]
