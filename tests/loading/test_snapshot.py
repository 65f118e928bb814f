"""Reading a version of the data to compare: a package zip from anyone (an upload), refused with one
clear sentence when it is too big, not a zip, a bomb or of another shape; or a data directory."""

import io
import json
import zipfile

import pytest

from dashboard.loading import snapshot as reading
from dashboard.loading.snapshot import SnapshotError, read_snapshot, snapshot_from_dir, snapshot_from_zip
from dashboard.render.export import all_data_zip


def make_zip(files: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def package_files(freedonia):
    with zipfile.ZipFile(io.BytesIO(all_data_zip(freedonia))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def refused(raw: bytes, name: str = "upload.zip") -> str:
    with pytest.raises(SnapshotError) as caught:
        snapshot_from_zip(raw, name)
    return str(caught.value)


def test_a_package_is_read(freedonia, package_files):
    read = snapshot_from_zip(make_zip(package_files), "mine.zip")
    assert read.version == freedonia.version and read.title == freedonia.meta.title and read.origin == "mine.zip"
    assert len(read.tables["milestones"]) == len(freedonia.milestones)


def test_over_the_size_limit():
    assert refused(b"PK" + b"\0" * (25 * 2**20)) == (
        "upload.zip is 25.0 MiB, over the limit of 20 MiB: a data package from this dashboard is far smaller."
    )
    assert "over the limit" in refused(b"\0" * (reading.MAX_UPLOAD_BYTES + 1))


@pytest.mark.parametrize("raw", [b"", b"hello", b"PK\x03\x04 broken", b"id,date\nx,1994\n"])
def test_not_a_zip(raw):
    assert refused(raw, "notes.zip") == "notes.zip is not a zip file (expected the zip that “Download all data” on the Sources page gives)."


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(package_files):
    bomb = make_zip({**package_files, "data/milestones.csv": b"0" * (50 * 2**20)})  # 50 MiB of zeros: about 50 KiB packed
    assert len(bomb) < 200_000
    assert refused(bomb) == (
        "upload.zip would unpack to 50 MiB or more (a table may be at most 40 MiB): it looks like a zip bomb, and nothing was unpacked."
    )


def test_a_highly_compressed_member_is_a_bomb_even_under_the_size_limit(package_files):
    message = refused(make_zip({**package_files, "data/sources.csv": b"0" * (5 * 2**20)}))
    assert message.startswith("upload.zip would unpack to 5 MiB or more") and "zip bomb" in message


def test_a_member_larger_than_its_header_says_stops_at_the_limit(package_files, monkeypatch):
    # Headers can lie: what is read is bounded whatever they claim (here the bound is lowered instead).
    monkeypatch.setattr(reading, "MAX_MEMBER_BYTES", 1000)
    monkeypatch.setattr(reading, "_check_members", lambda members, name: None)
    assert "it looks like a zip bomb" in refused(make_zip(package_files))


def test_too_many_files():
    assert refused(make_zip({f"f{i}.txt": b"" for i in range(201)})) == (
        "upload.zip holds 201 files (a data package holds about 25): it is not a data package."
    )


def test_a_download_from_before_data_packages(package_files):
    old = {"README.md": b"# Data", "milestones.csv": b"Date,Title\n", "sources.csv": b"Title\n"}
    assert refused(make_zip(old)) == (
        "upload.zip was downloaded before downloads became data packages (it has no datapackage.json): "
        "only downloads from data version 2026-12 on can be compared."
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"datapackage.json": None}, "upload.zip is not a data package from this dashboard: it has no datapackage.json."),
        ({"datapackage.json": b"{not json"}, "upload.zip: datapackage.json is not valid JSON (line 1)."),
        ({"datapackage.json": b"[]"}, "upload.zip: datapackage.json lists no resources: a data package of another shape."),
        ({"datapackage.json": json.dumps({"resources": [{"name": "cities", "path": "cities.csv"}]}).encode()}, None),
        (
            {"data/milestones.csv": None},
            "upload.zip is a data package of another shape: its milestones table ('data/milestones.csv') is not in the zip.",
        ),
        (
            {"data/milestones.csv": b"ident,title\nx,y\n"},
            "upload.zip: data/milestones.csv has no id column: a data package of another shape.",
        ),
        (
            {"data/milestones.csv": b"id,title\n\xff\xfe\n"},
            "upload.zip: data/milestones.csv is not UTF-8 text: not a data package from this dashboard.",
        ),
    ],
    ids=["no-descriptor", "bad-json", "no-resources", "other-resources", "missing-table", "no-key-column", "not-utf8"],
)
def test_a_zip_of_another_shape(package_files, change, message):
    files = {**package_files, **{k: v for k, v in change.items() if v is not None}}
    files = {k: v for k, v in files.items() if not (k in change and change[k] is None)}
    found = refused(make_zip(files))
    if message is None:
        message = "upload.zip is a data package of another shape: it has no milestones, programmes, missions, deployments, sources table."
    assert found == message


def test_an_encrypted_member_is_refused(package_files):
    raw = bytearray(make_zip(package_files, zipfile.ZIP_STORED))
    # set the 'encrypted' flag of every entry in the central directory (signature PK\x01\x02, flags at +8)
    at = raw.find(b"PK\x01\x02")
    while at != -1:
        raw[at + 8] |= 0x1
        at = raw.find(b"PK\x01\x02", at + 4)
    assert refused(bytes(raw)) == "upload.zip is encrypted: upload the zip as it was downloaded."


def test_a_directory_that_is_not_data(tmp_path):
    with pytest.raises(SnapshotError, match=r"is not a data directory: dataset.yaml: file is missing"):
        snapshot_from_dir(tmp_path)
    with pytest.raises(SnapshotError, match="is not a directory"):
        snapshot_from_dir(tmp_path / "nowhere")


def test_an_old_directory_is_compared_as_written_with_a_note(data_copy):
    sources = data_copy / "sources.yaml"
    sources.write_text(sources.read_text().replace("kind: official", "kind: seed", 1))
    read = snapshot_from_dir(data_copy)
    assert read.tables["sources"][("F1",)]["kind"] == "seed"
    assert read.notes and "1 problem under today's rules (first: sources.yaml:" in read.notes[0]


def test_read_snapshot_takes_a_zip_file_or_a_directory(tmp_path, freedonia, data_copy):
    path = tmp_path / "package.zip"
    path.write_bytes(all_data_zip(freedonia))
    assert read_snapshot(path).tables == read_snapshot(data_copy).tables
    with pytest.raises(SnapshotError, match="cannot be read"):
        read_snapshot(tmp_path / "missing.zip")
