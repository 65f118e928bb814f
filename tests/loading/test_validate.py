"""One test per validation rule, each on a broken copy of the Freedonia fixture."""

import os

import pytest

from dashboard.data import load_dataset, validate_dir
from dashboard.validate import main


def edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def problems(data_dir):
    return [str(p) for p in validate_dir(data_dir)]


def test_fixture_is_valid(data_copy):
    assert problems(data_copy) == []


def test_missing_file(data_copy):
    (data_copy / "sources.yaml").unlink()
    # one cause, one message: references into the missing file are not reported again
    assert problems(data_copy) == ["sources.yaml: file is missing (expected it in the data directory)"]


def test_missing_column(data_copy):
    path = data_copy / "milestones.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(line.rsplit(",", 1)[0] for line in lines[:1]) + "\n")  # header without `note`
    edit(
        path,
        "title,summary,category,programmes,mission,people,place,source_ids,confidence",
        "title,summary,programmes,mission,people,place,source_ids,confidence",
    )
    assert problems(data_copy)[0] == "milestones.csv:1: category: column is missing from the header"


def test_duplicated_header_column(data_copy):
    edit(data_copy / "deployments.csv", "mission,year,personnel", "mission,year,year")
    assert "deployments.csv:1: year: column appears more than once in the header (expected each column once)" in problems(data_copy)


def test_unparseable_date(data_copy):
    edit(data_copy / "milestones.csv", "1995-06,month", "June 1995,month")
    assert problems(data_copy) == ["milestones.csv:2: date: 'June 1995' is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"]


def test_impossible_date(data_copy):
    edit(data_copy / "milestones.csv", "2003-08-15,day", "2003-02-30,day")
    assert problems(data_copy) == ["milestones.csv:5: date: '2003-02-30' is not a real day (expected 01 to 28)"]


def test_precision_must_match_the_date(data_copy):
    edit(data_copy / "milestones.csv", "1995-06,month", "1995-06,day")
    assert problems(data_copy) == [
        "milestones.csv:2: date_precision is 'day' but date '1995-06' is written to the month (expected them to agree)"
    ]


def test_end_before_start_in_csv(data_copy):
    edit(data_copy / "milestones.csv", "2004-11-04,day,2004-11-05", "2004-11-04,day,2004-11-03")
    assert problems(data_copy) == [
        "milestones.csv:6: the milestone ends (2004-11-03) before it starts (2004-11-04) (expected an end on or after the start)"
    ]


def test_end_before_start_in_yaml_names_the_entry_line(data_copy):
    edit(data_copy / "missions.yaml", 'participation_end: "2004-05-31"', 'participation_end: "1999-05-31"')
    assert problems(data_copy) == [
        "missions.yaml:1: the participation ends (1999-05-31) before it starts (2000-02) (expected an end on or after the start)"
    ]


def test_duplicate_ids(data_copy):
    edit(data_copy / "milestones.csv", "osr-deploys,", "syl-deploys,")
    assert problems(data_copy) == ["milestones.csv:5: id: id 'syl-deploys' is used twice (first on line 4; expected each once)"]


def test_duplicate_mission_year_in_deployments(data_copy):
    edit(data_copy / "deployments.csv", "OSR,2004", "OSR,2003")
    assert problems(data_copy) == [
        "deployments.csv:6: year: mission and year ('OSR', 2003) is used twice (first on line 5; expected each once)"
    ]


def test_unknown_programme_suggests_the_closest(data_copy):
    edit(data_copy / "milestones.csv", ",accession,TRAIN,", ",accession,TRIAN,")
    assert problems(data_copy) == [
        "milestones.csv:3: programmes: 'TRIAN' is not a known programme code; "
        "did you mean 'TRAIN'? (expected an id defined in programmes.yaml)"
    ]


def test_unknown_mission(data_copy):
    edit(data_copy / "deployments.csv", "OSR,2004", "XYZ,2004")
    assert problems(data_copy) == ["deployments.csv:6: mission: 'XYZ' is not a known mission id (expected an id defined in missions.yaml)"]


def test_unknown_source(data_copy):
    edit(data_copy / "programmes.yaml", "source_ids: [F1]", "source_ids: [F11]")
    assert problems(data_copy) == [
        "programmes.yaml:1: source_ids: 'F11' is not a known source id; did you mean 'F1'? (expected an id defined in sources.yaml)"
    ]


def test_negative_personnel(data_copy):
    edit(data_copy / "deployments.csv", "SYL,2000,30", "SYL,2000,-30")
    assert problems(data_copy) == ["deployments.csv:2: personnel: '-30' is out of range (input should be greater than or equal to 0)"]


@pytest.mark.parametrize("figure", ["about 90", "12.5"])
def test_non_integer_personnel(data_copy, figure):
    edit(data_copy / "deployments.csv", "SYL,2000,30", f"SYL,2000,{figure}")
    assert problems(data_copy) == [f"deployments.csv:2: personnel: '{figure}' is not a whole number (expected digits only, e.g. 94)"]


def test_empty_personnel_needs_a_note(data_copy):
    edit(data_copy / "deployments.csv", "No figure found for this year.", "")
    assert problems(data_copy) == ["deployments.csv:3: personnel is empty and note does not say why (expected a note explaining the gap)"]


def test_row_without_sources(data_copy):
    edit(data_copy / "milestones.csv", "Marxville,F1,confirmed", "Marxville,,confirmed")
    assert problems(data_copy) == ["milestones.csv:2: source_ids: is empty (expected at least one)"]


def test_unknown_category(data_copy):
    edit(data_copy / "milestones.csv", "dam.,mission,", "dam.,deployment,")
    assert problems(data_copy) == [
        "milestones.csv:5: category: 'deployment' is not a known category (expected an id defined in dataset.yaml categories)"
    ]


def test_unknown_confidence(data_copy):
    edit(data_copy / "milestones.csv", "F1,confirmed,", "F1,sure,")
    assert problems(data_copy) == [
        "milestones.csv:2: confidence: 'sure' is not allowed (expected 'confirmed', 'approximate' or 'unconfirmed')"
    ]


def test_malformed_yaml_names_the_line(data_copy):
    edit(data_copy / "missions.yaml", "  short_name: SSF", "  short_name: [SSF")
    found = problems(data_copy)
    assert found[0].startswith("missions.yaml:4: is not valid YAML")


def test_yaml_that_builds_python_objects_is_refused(data_copy):
    edit(data_copy / "sources.yaml", "kind: reference}", "kind: !!python/object/apply:os.system [echo hacked]}")
    assert problems(data_copy)[0] == (
        "sources.yaml:3: YAML tag tag:yaml.org,2002:python/object/apply:os.system is not allowed (expected plain YAML with no tags)"
    )


def test_yaml_alias_bomb_is_refused_quickly(data_copy):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in "bcdefghi":
        prev = chr(ord(n) - 1)
        lines.append(f"{n}: &{n} [" + ",".join([f"*{prev}"] * 9) + "]")
    (data_copy / "dataset.yaml").write_text("\n".join(lines) + "\n")
    assert problems(data_copy)[0] == "dataset.yaml:2: YAML alias *a is not allowed (expected plain values; write them out)"


def test_look_alike_letters_in_ids_are_refused(data_copy):
    edit(data_copy / "milestones.csv", "forum-joined,", "fоrum-joined,")  # Cyrillic "о"
    assert problems(data_copy)[0].startswith("milestones.csv:2: id: 'fоrum-joined' has characters other than A-Z")


def test_non_utf8_file(data_copy):
    path = data_copy / "milestones.csv"
    path.write_bytes(path.read_bytes().replace(b"Marxville,F1", "Marxville\xe9,F1".encode("latin-1")))
    assert problems(data_copy)[0] == "milestones.csv:2: byte 0xe9 is not UTF-8 (expected a UTF-8 text file)"


def test_empty_file(data_copy):
    (data_copy / "deployments.csv").write_text("")
    assert "deployments.csv: file is empty" in problems(data_copy)


def test_symlink_outside_the_data_directory(data_copy, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text((data_copy / "sources.yaml").read_text())
    (data_copy / "sources.yaml").unlink()
    os.symlink(outside, data_copy / "sources.yaml")
    assert "sources.yaml: is a link to a file outside the data directory (expected a file inside it)" in problems(data_copy)


def test_unknown_yaml_key_is_reported(data_copy):
    edit(data_copy / "programmes.yaml", '  colour: "#0072B2"', '  color: "#0072B2"')
    found = problems(data_copy)
    assert "programmes.yaml:9: color: is not a known field (check the spelling against docs/DATA.md)" in found
    assert "programmes.yaml:1: colour: is missing (expected a value)" in found


def test_bad_colour(data_copy):
    edit(data_copy / "programmes.yaml", '"#E69F00"', "orange")
    assert problems(data_copy) == ["programmes.yaml:20: colour: 'orange' is not a colour (expected #rrggbb, e.g. #0072B2)"]


def test_every_problem_is_listed_not_just_the_first(data_copy):
    edit(data_copy / "milestones.csv", "F1,confirmed,", "F1,sure,")
    edit(data_copy / "deployments.csv", "SYL,2000,30", "SYL,2000,-30")
    edit(data_copy / "missions.yaml", "lead_type: coalition", "lead_type: alliance")
    assert [p.split(":")[0] for p in problems(data_copy)] == ["deployments.csv", "milestones.csv", "missions.yaml"]


def test_harmless_variants_pass(data_copy):
    for path in [*data_copy.glob("*.*"), *data_copy.glob("briefings/*.yaml")]:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".csv":  # spaces around cells
            text = "\n".join(",".join(f" {cell} " if '"' not in cell else cell for cell in line.split(",")) for line in text.splitlines())
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8") + b"\r\n")
    assert problems(data_copy) == []
    assert load_dataset(data_copy).milestones["id"].iloc[0] == "forum-joined"


def test_cli_exits_0_on_a_valid_directory(capsys):
    from tests.conftest import FREEDONIA

    assert main([str(FREEDONIA)]) == 0
    assert "valid (6 milestones, 3 programmes, 2 missions, 5 deployments, 4 sources)" in capsys.readouterr().out


def test_cli_exits_1_and_prints_every_problem(data_copy, capsys):
    edit(data_copy / "milestones.csv", "F1,confirmed,", "F1,sure,")
    edit(data_copy / "deployments.csv", "SYL,2000,30", "SYL,2000,-30")
    assert main([str(data_copy)]) == 1
    out = capsys.readouterr()
    assert out.out.splitlines() == [
        "deployments.csv:2: personnel: '-30' is out of range (input should be greater than or equal to 0)",
        "milestones.csv:2: confidence: 'sure' is not allowed (expected 'confirmed', 'approximate' or 'unconfirmed')",
    ]
    assert "2 problems found" in out.err
