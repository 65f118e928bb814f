import pandas as pd
import pytest

from dashboard.data import DATA_DIR_ENV, DataError, load_dataset
from tests.conftest import FREEDONIA


def test_tables_are_typed(freedonia):
    m = freedonia.milestones
    assert str(m["date"].dtype) == "datetime64[us]"
    assert isinstance(m["confidence"].dtype, pd.CategoricalDtype) and m["confidence"].cat.ordered
    assert list(m["category"].cat.categories) == ["accession", "mission", "visit"]
    assert m["year"].dtype == "int64"
    assert str(freedonia.deployments["personnel"].dtype) == "Int64"
    assert freedonia.deployments["personnel"].isna().sum() == 1


def test_lists_become_tuples(freedonia):
    row = freedonia.milestones.set_index("id").loc["chief-visits"]
    assert row["programmes"] == ("FORUM", "PLAN")
    assert row["source_ids"] == ("F1",)


def test_date_labels_use_real_precision(freedonia):
    labels = dict(zip(freedonia.milestones["id"], freedonia.milestones["date_label"], strict=False))
    assert labels == {
        "forum-joined": "June 1995",
        "training-starts": "2001",
        "syl-deploys": "10 February 2000",
        "osr-deploys": "15 August 2003",
        "chief-visits": "4–5 November 2004",
        "info-centre": "2006",
    }


def test_programme_spans_run_to_the_end_of_their_period(freedonia):
    plan = freedonia.programmes.set_index("code").loc["PLAN"]
    assert plan["span_end"] == pd.Timestamp("2015-12-31")
    assert plan["dates_label"] == "March 2004 – 2015"
    assert freedonia.programmes.set_index("code").loc["FORUM", "dates_label"] == "since June 1995"


def test_mission_peak_personnel_comes_from_deployments(freedonia):
    peaks = dict(zip(freedonia.missions["id"], freedonia.missions["peak_personnel"], strict=False))
    assert peaks == {"SYL": 34, "OSR": 151}


def test_cycles_are_their_own_table(freedonia):
    assert freedonia.cycles["label"].tolist() == ["Cycle 1", "Cycle 2"]
    assert set(freedonia.cycles["programme"]) == {"TRAIN"}


def test_year_bounds_cover_milestones_and_deployments(freedonia):
    assert freedonia.year_bounds == (1995, 2006)


def test_environment_variable_chooses_the_data_directory(monkeypatch):
    monkeypatch.setenv(DATA_DIR_ENV, str(FREEDONIA))
    assert load_dataset().meta.partner.name == "Freedonia"


def test_missing_directory_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        load_dataset(tmp_path / "nowhere")


def test_loading_does_not_write_to_the_data_directory(data_copy):
    before = {p: p.stat().st_mtime_ns for p in data_copy.iterdir()}
    load_dataset(data_copy)
    assert {p: p.stat().st_mtime_ns for p in data_copy.iterdir()} == before


def test_fictional_partner_needs_no_code_change(freedonia):
    """Nothing about the real partner is hard-coded: a made-up one loads and reads as itself."""
    assert freedonia.meta.partner.name == "Freedonia"
    assert freedonia.meta.organisation == "Northern League"
    assert freedonia.programme_colours == {"FORUM": "#0072B2", "TRAIN": "#E69F00", "PLAN": "#009E73"}
    assert freedonia.lead_types["coalition"].label == "Coalition"


def test_milestones_are_kept_in_date_order_whatever_the_file_order(data_copy):
    # Filtering relies on it and never sorts (dashboard.filters.filter_milestones).
    path = data_copy / "milestones.csv"
    header, *rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(rows) > 2
    path.write_text(header + "".join(reversed(rows)), encoding="utf-8")
    shuffled = load_dataset(data_copy).milestones
    ordered = shuffled.sort_values(["date", "id"], ignore_index=True)
    assert shuffled["id"].tolist() == ordered["id"].tolist()
    assert shuffled.index.tolist() == list(range(len(shuffled)))
