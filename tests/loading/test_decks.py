import pytest

from dashboard.data import load_dataset, validate_dir
from dashboard.model.filters import Filters
from dashboard.model.slides import slide_filters


def deck_problems(data_copy, text):
    (data_copy / "briefings" / "bad.yaml").write_text(text)
    return [str(p) for p in validate_dir(data_copy)]


def test_fixture_deck_loads(freedonia):
    assert [(d.id, len(d.slides)) for d in freedonia.decks] == [("tour", 3)]
    assert slide_filters(freedonia.decks[0].slides[1]) == Filters(year_from=2000, year_to=2004)


def test_decks_are_optional(data_copy):
    import shutil

    shutil.rmtree(data_copy / "briefings")
    assert load_dataset(data_copy).decks == ()


def test_unknown_view_is_reported(data_copy):
    found = deck_problems(data_copy, "id: bad\ntitle: Bad\nslides:\n  - title: One\n    view: pie\n")
    assert found == [
        "briefings/bad.yaml:5: slides.0.view: 'pie' is not allowed (expected 'timeline', 'map', 'personnel', "
        "'programme_matrix', 'programme_spans', 'year_strip' or 'milestone')"
    ]


def test_unknown_programme_and_milestone_are_reported(data_copy):
    text = (
        "id: bad\ntitle: Bad\nslides:\n  - title: One\n    view: timeline\n    filters: {programmes: [TRIAN]}\n"
        "  - title: Two\n    view: milestone\n    milestone: nope\n"
    )
    found = deck_problems(data_copy, text)
    assert (
        "briefings/bad.yaml:4: slides.0.filters.programmes: 'TRIAN' is not a known "
        "programme code; did you mean 'TRAIN'? (expected an id defined in programmes.yaml)" in found
    )
    assert (
        "briefings/bad.yaml:7: slides.1.milestone: 'nope' is not a known milestone id (expected an id defined in milestones.csv)" in found
    )


def test_milestone_slide_needs_a_milestone(data_copy):
    found = deck_problems(data_copy, "id: bad\ntitle: Bad\nslides:\n  - title: One\n    view: milestone\n")
    assert found == ["briefings/bad.yaml:4: slides.0: a 'milestone' slide needs a milestone id (expected milestone: <id>)"]


def test_duplicate_deck_id(data_copy):
    found = deck_problems(data_copy, "id: tour\ntitle: Again\nslides:\n  - title: One\n    view: timeline\n")
    assert found == ["briefings/tour.yaml:1: id: deck id 'tour' is also used by briefings/bad.yaml (expected each once)"]


def test_backwards_years(data_copy):
    found = deck_problems(
        data_copy, "id: bad\ntitle: Bad\nslides:\n  - title: One\n    view: timeline\n    filters: {years: [2004, 2000]}\n"
    )
    assert found == ["briefings/bad.yaml:6: slides.0.filters: years 2004–2000 run backwards (expected [first, last])"]


# --------------------------------------------------------------------------------------------
# A deck that arrives another way: an upload, or a link; checked in memory, never written
# --------------------------------------------------------------------------------------------


def upload(freedonia, text, name="mine.yaml"):
    from dashboard.loading.decks import deck_from_upload

    deck, problems = deck_from_upload(text if isinstance(text, bytes) else text.encode("utf-8"), name, freedonia)
    return deck, [str(p) for p in problems]


def test_an_uploaded_deck_round_trips_through_its_yaml(freedonia):
    from dashboard.loading.decks import deck_yaml

    original = freedonia.decks[0]
    deck, problems = upload(freedonia, deck_yaml(original))
    assert problems == [] and deck == original


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: x\ntitle: X\nslides:\n  - title: One\n    view: pie\n", "mine.yaml:5: slides.0.view: 'pie' is not allowed"),
        (
            "id: x\ntitle: X\nslides:\n  - title: One\n    view: timeline\n    filters: {programmes: [TRIAN]}\n",
            "mine.yaml:4: slides.0.filters.programmes: 'TRIAN' is not a known programme code; did you mean 'TRAIN'?",
        ),
        ("id: x\ntitle: [unclosed\n", "mine.yaml:3: is not valid YAML"),
        (
            "!!python/object/apply:os.system ['echo hi']\n",
            "mine.yaml:1: YAML tag tag:yaml.org,2002:python/object/apply:os.system is not allowed",
        ),
        ("- just\n- a list\n", "mine.yaml:1: is not a set of key: value pairs"),
        (b"id: x\ntitle: \xff\n", "mine.yaml:2: byte 0xff is not UTF-8"),
    ],
)
def test_a_bad_upload_gets_a_message_naming_the_line(freedonia, text, expected):
    deck, problems = upload(freedonia, text)
    assert deck is None
    assert any(p.startswith(expected) for p in problems), problems


def test_a_huge_upload_is_refused_before_it_is_parsed(freedonia):
    deck, problems = upload(freedonia, b"#" * (10 * 2**20))
    assert deck is None and problems == ["mine.yaml: is 10.0 MiB (expected at most 256 KiB)"]


def test_a_deck_travels_in_a_link_and_comes_back_the_same(freedonia):
    from dashboard.loading.decks import deck_from_link, deck_link

    original = freedonia.decks[0]
    token = deck_link(original)
    assert token.isascii() and "/" not in token and "+" not in token and len(token) < 600
    assert deck_from_link(token, freedonia) == (original, [])


@pytest.mark.parametrize("token", ["", "not a deck", "eJzLSM3JyVcozy/KSQEAGgQEXQ", "A" * 9000])
def test_a_broken_link_deck_is_refused_with_a_reason(freedonia, token):
    from dashboard.loading.decks import deck_from_link

    deck, problems = deck_from_link(token, freedonia)
    assert deck is None and len(problems) == 1 and problems[0].file == "the link"


def test_a_small_link_cannot_inflate_into_a_huge_deck(freedonia):
    import base64
    import zlib

    from dashboard.loading.decks import deck_from_link

    bomb = base64.urlsafe_b64encode(zlib.compress(b"[" + b"0," * 2_000_000 + b"0]", 9)).decode().rstrip("=")
    assert len(bomb) < 8192
    deck, problems = deck_from_link(bomb, freedonia)
    assert deck is None and "readable deck" in problems[0].message
