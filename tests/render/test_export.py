import io
import zipfile

import pandas as pd
import pyarrow as pa
import pytest

from dashboard.model.filters import Filters, filter_milestones
from dashboard.render.export import (
    all_data_file_name,
    all_data_zip,
    conflicts_table,
    csv_bytes,
    extract_file_name,
    milestones_table,
    neutralise,
    on_screen,
    readme_text,
)


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")'])
def test_formula_cells_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Kabul", "1994", "", "a=b", 42])
def test_ordinary_cells_are_left_alone(cell):
    assert neutralise(cell) == cell


def test_csv_bytes_exact():
    frame = pd.DataFrame({"Date": ["May 1994", "2006"], "Title": ["=cmd|' /C calc'!A0", "Plain, with comma"]})
    assert csv_bytes(frame) == ("\ufeffDate,Title\nMay 1994,'=cmd|' /C calc'!A0\n2006,\"Plain, with comma\"\n".encode())


def test_milestone_extract_is_exactly_the_filtered_rows(freedonia):
    rows = filter_milestones(freedonia, Filters(year_from=2003, year_to=2004))
    table = milestones_table(freedonia, rows)
    assert table["ID"].tolist() == ["osr-deploys", "chief-visits"]
    assert table["Date"].tolist() == ["15 August 2003", "4–5 November 2004"]
    # beside the readable date, forms a spreadsheet can sort, at the sources' precision
    assert table["Date (ISO)"].tolist() == ["2003-08-15", "2004-11-04"]
    assert table["Date precision"].tolist() == ["day", "day"]
    assert table["End date (ISO)"].tolist() == ["", "2004-11-05"]
    assert table.loc[1, "Programmes"] == "Northern Forum; Planning Process"
    assert table.loc[0, "Mission"] == "OSR"
    assert table.loc[0, "Sources"] == ("Sylvania Gazette, “Sylvania Gazette report”, 2003; Reference Works, “Encyclopaedia of Freedonia”")
    assert table.loc[1, "Sources"] == "League Press Office, “Freedonia joins the Forum”, 2 June 1995. http://league.example/f1"


def test_milestone_csv_for_the_fixture_is_exact(freedonia):
    rows = filter_milestones(freedonia, Filters(query="information"))
    text = csv_bytes(milestones_table(freedonia, rows)).decode("utf-8-sig")
    assert text == (
        "Date,Date (ISO),Date precision,End date (ISO),Title,Category,Programmes,Mission,People,Place,Summary,Confidence,"
        "Sources disagree / note,Sources,ID\n"
        "2006,2006,year,,Information centre opens,Visit,,,,Marxville,A seed article says a League information centre opened.,"
        'unconfirmed,No public source confirms this.,"Marxville Daily, “Thirty years on”, 26 November 2025",info-centre\n'
    )


@pytest.mark.parametrize(
    ("kind", "filters", "name"),
    [
        ("milestones", Filters(), "milestones_1995-2006"),
        ("milestones", Filters(year_from=2000, year_to=2003, programmes=("TRAIN", "PLAN")), "milestones_2000-2003_TRAIN-PLAN"),
        ("missions", Filters(year_from=2003, year_to=2003, query="Bridge town!"), "missions_2003_q-Bridge-town"),
        ("milestones", Filters(query="../../etc"), "milestones_1995-2006_q-etc"),
    ],
)
def test_file_names_state_the_filter_and_the_data_version(freedonia, kind, filters, name):
    assert extract_file_name(kind, filters, freedonia) == f"{name}_data-1-{freedonia.version.digest}.csv"


def test_zip_holds_the_package_the_readable_tables_and_a_readme(freedonia):
    archive = zipfile.ZipFile(io.BytesIO(all_data_zip(freedonia)))
    readable = ["milestones.csv", "programmes.csv", "programme_cycles.csv", "missions.csv", "deployments.csv", "sources.csv"]
    assert {n for n in archive.namelist() if not n.startswith("data/")} == {"datapackage.json", "README.md"} | {
        f"readable/{name}" for name in readable
    }
    milestones = pd.read_csv(io.BytesIO(archive.read("readable/milestones.csv")), encoding="utf-8-sig")
    assert len(milestones) == len(freedonia.milestones)
    readme = archive.read("README.md").decode()
    assert "Freedonia test dataset, version 1." in readme and "Unconfirmed" in readme
    assert f"Data version 1, released January 2026, content {freedonia.version.digest}" in readme
    sources = pd.read_csv(io.BytesIO(archive.read("readable/sources.csv")), encoding="utf-8-sig")
    assert "ID" not in sources.columns  # readers never see internal source ids
    assert sources.set_index("Title").loc["Freedonia joins the Forum", "Cited by"] == (
        "milestone: Freedonia joins the Forum (June 1995); milestone: League chief visits Marxville (4–5 November 2004); "
        "programme: Northern Forum"
    )


def test_the_same_data_gives_the_same_zip(freedonia):
    assert all_data_zip(freedonia) == all_data_zip(freedonia)
    assert all_data_file_name(freedonia) == f"freedonia-and-the-northern-league_data-1-{freedonia.version.digest}.zip"


def test_readme_names_every_file(freedonia):
    text = readme_text(freedonia)
    names = [n for n in zipfile.ZipFile(io.BytesIO(all_data_zip(freedonia))).namelist() if n.endswith(".csv")]
    assert len(names) == 23
    for name in names:
        assert f"`{name}`" in text


def test_conflicts_collect_every_noted_record(freedonia):
    table = conflicts_table(freedonia, freedonia.milestones)
    assert table["Record"].value_counts().to_dict() == {"Milestone": 2, "Personnel": 3, "Programme": 1, "Mission": 1}


def test_a_table_on_screen_shows_gaps_as_empty_cells_and_goes_to_arrow_as_it_is():
    """The missions page's personnel column has years with no figure: shown as "" (never "None"
    or "<NA>"), and the frame converts to Arrow without Streamlit's logged fallback."""
    frame = pd.DataFrame(
        {
            "Mission": ["KFOR", "ISAF", "ISAF"],
            "Year": [2003, 2004, 2005],
            "Personnel": pd.array([150, None, 22], dtype="Int64"),
            "Note": ["", None, "x"],
        }
    )
    shown = on_screen(frame)
    assert shown["Personnel"].tolist() == ["150", "", "22"]
    assert shown["Note"].tolist() == ["", "", "x"]
    assert shown["Year"].tolist() == [2003, 2004, 2005]  # a column without gaps keeps its numbers
    pa.Table.from_pandas(shown)  # raised ArrowInvalid on a mix of numbers and "" before
