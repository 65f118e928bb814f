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
