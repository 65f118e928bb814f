from dashboard.model.version import DataVersion, content_digest


def test_digest_is_of_names_and_contents_not_their_order():
    files = [("a.csv", b"x"), ("b.yaml", b"y")]
    assert content_digest(files) == content_digest(list(reversed(files)))
    assert content_digest(files) != content_digest([("a.csv", b"x"), ("b.yaml", b"y ")])
    assert content_digest(files) != content_digest([("a.csv", b"x"), ("c.yaml", b"y")])
    # a boundary moved between a name and a content is a different set of files
    assert content_digest([("ab", b"c")]) != content_digest([("a", b"bc")])


def test_version_wording():
    version = DataVersion("3f9a1c2e", "2026-12", "2026-12-02")
    assert version.short == "2026-12 · 3f9a1c2e"
    assert version.slug == "data-2026-12-3f9a1c2e"
    assert version.text == "Data version 2026-12, released 2 December 2026, content 3f9a1c2e"
    assert DataVersion("3f9a1c2e", "Spring release/2027", "2027").slug == "data-Spring-release-2027-3f9a1c2e"
    assert DataVersion("3f9a1c2e").text == "Data version 3f9a1c2e (no release label)"
    assert DataVersion("3f9a1c2e").slug == "data-3f9a1c2e"
