"""The What changed page (AppTest): an upload is compared with the data shown; each bad upload
gets its message; the uploader is emptied and nothing is written anywhere."""

import io
import tempfile
import zipfile

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.data import DATA_DIR_ENV, load_dataset
from dashboard.loading import data_version
from dashboard.render.export import all_data_zip
from tests.conftest import FREEDONIA, REAL_DATA

APP = str(REAL_DATA.parent / "dashboard" / "app.py")
ZIP = "application/zip"


def page(monkeypatch, data_dir=FREEDONIA):
    monkeypatch.setenv(DATA_DIR_ENV, str(data_dir))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("views/changes.py")
    at.run()
    assert not at.exception, at.exception
    return at


def upload(at, name, raw):
    at.file_uploader[0].set_value((name, raw, ZIP)).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture(scope="module")
def before(tmp_path_factory):
    """The fixture's package as downloaded before a milestone was re-dated and another removed."""
    return all_data_zip(load_dataset(FREEDONIA))


def test_an_upload_is_compared_with_the_data_shown(monkeypatch, data_copy, before):
    csv = data_copy / "milestones.csv"
    lines = csv.read_text().splitlines(keepends=True)
    csv.write_text("".join(line.replace("2003-08-15,day", "2003-09,month") for line in lines if not line.startswith("info-centre,")))
    at = upload(page(monkeypatch, data_copy), "before.zip", before)
    assert at.subheader[0].value.startswith("What changed from data version 1 · ")
    assert "- Milestones: 0 added, 1 removed, 1 changed" in at.markdown[1].value
    shown = "\n".join(m.value for m in at.markdown)
    assert "- Information centre opens (2006)" in shown
    assert "- Company deploys to Osterlich (September 2003)\n    - date: 2003-08-15 → 2003-09\n    - date precision: day → month" in shown
    assert at.get("download_button") and not at.error
    # the upload is gone: a fresh, empty uploader; only the worded result stays in the session
    assert at.file_uploader[0].value is None and at.file_uploader[0].key == "changes_upload_1"


def test_the_same_data_has_nothing_to_report(monkeypatch, before):
    at = upload(page(monkeypatch), "before.zip", before)
    assert [s.value for s in at.success] == ["Nothing changed: the two versions hold the same records."]


def zip_of(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("notes.zip", b"just text", "notes.zip is not a zip file (expected the zip that “Download all data” on the Sources page gives)."),
        (
            "big.zip",
            b"\0" * (21 * 2**20),
            "big.zip is 21 MiB, over the limit of 20 MiB: a data package from this dashboard is far smaller.",
        ),
        (
            "bomb.zip",
            zip_of({"datapackage.json": b"{}", "data/milestones.csv": b"0" * (60 * 2**20)}),
            "bomb.zip would unpack to 60 MiB or more (a table may be at most 40 MiB): it looks like a zip bomb, and nothing was unpacked.",
        ),
        (
            "photos.zip",
            zip_of({"holiday.jpg": b"\xff\xd8"}),
            "photos.zip is not a data package from this dashboard: it has no datapackage.json.",
        ),
        (
            "other.zip",
            zip_of({"datapackage.json": b'{"resources": [{"name": "cities", "path": "cities.csv"}]}', "cities.csv": b"id\n"}),
            "other.zip is a data package of another shape: it has no milestones, programmes, missions, deployments, sources table.",
        ),
    ],
    ids=["not-a-zip", "over-the-limit", "zip-bomb", "no-package", "another-shape"],
)
def test_each_bad_upload_gets_its_message_and_nothing_is_kept(monkeypatch, tmp_path, name, raw, message):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    before = data_version(FREEDONIA)
    at = upload(page(monkeypatch), name, raw)
    assert [e.value for e in at.error] == [f"{message}\n\nNothing was kept."]
    assert at.file_uploader[0].value is None
    assert list(tmp_path.iterdir()) == []  # nothing written where the app runs, nor to its temporary folder
    assert data_version(FREEDONIA) == before
    upload(at, "notes.zip", b"again")  # the next upload replaces the message
    assert len(at.error) == 1 and at.error[0].value.startswith("notes.zip is not a zip file")
