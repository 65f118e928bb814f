"""CITATION.cff cites the dataset and the software, and names the release data/dataset.yaml names."""

import yaml

from tests.conftest import REAL_DATA

ROOT = REAL_DATA.parent


def test_citation_cff_names_the_current_release():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    meta = yaml.safe_load((REAL_DATA / "dataset.yaml").read_text(encoding="utf-8"))
    release = meta["release"]
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "software"
    assert all(cff[key] for key in ("message", "title", "authors"))
    dataset = cff["preferred-citation"]
    assert dataset["type"] == "data" and dataset["title"] == meta["title"] and dataset["authors"]
    for entry in (cff, dataset):
        assert entry["version"] == str(release["label"])
        assert entry["date-released"] == str(release["date"])
