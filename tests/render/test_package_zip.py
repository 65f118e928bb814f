"""'Download all data' is a Frictionless Data Package that the frictionless library finds valid."""

import csv
import io
import zipfile

import pytest

from dashboard.data import load_dataset
from dashboard.render.export import all_data_zip
from tests.conftest import FIXTURES, REAL_DATA


@pytest.fixture
def validate():
    """frictionless.validate, with csv's process-wide field size limit put back after each call:
    frictionless raises it when its CSV parser is imported, and the loader's 128 KiB cell guard
    (tests/loading/test_faults.py) relies on csv's default."""
    limit = csv.field_size_limit()

    def checked(path):
        from frictionless import validate as frictionless_validate

        try:
            return frictionless_validate(path)
        finally:
            csv.field_size_limit(limit)

    return checked


@pytest.mark.parametrize("data_dir", [REAL_DATA, FIXTURES / "freedonia", FIXTURES / "hostile"], ids=["real", "fixture", "hostile"])
def test_the_zip_is_a_valid_data_package(data_dir, tmp_path, validate):
    path = tmp_path / "package.zip"
    path.write_bytes(all_data_zip(load_dataset(data_dir)))
    report = validate(str(path))
    assert report.valid, report.flatten(["type", "note", "rowNumber"])[:10]
    assert len(report.tasks) == 17 and all(task.stats["rows"] is not None for task in report.tasks)


def rewritten(package: bytes, name: str, old: str, new: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.namelist():
            content = source.read(entry)
            if entry == name:
                assert old.encode() in content
                content = content.replace(old.encode(), new.encode(), 1)
            target.writestr(entry, content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "old", "new", "error"),
    [
        ("data/milestone_sources.csv", "F1", "F99", "foreign-key"),  # a source no one defined
        ("data/milestones.csv", "2003-08-15", "2003-8-15", "constraint-error"),  # not an ISO partial date
        ("data/deployments.csv", "SYL,2000,30", "SYL,2001,30", "primary-key"),  # the same mission and year twice
    ],
)
def test_the_validation_has_teeth(freedonia, tmp_path, validate, name, old, new, error):
    path = tmp_path / "broken.zip"
    path.write_bytes(rewritten(all_data_zip(freedonia), name, old, new))
    report = validate(str(path))
    assert not report.valid and error in {row[0] for row in report.flatten(["type"])}
