from datetime import date

from dashboard.model.cite import ViewCitation
from dashboard.model.version import DataVersion

URL = "http://127.0.0.1:8501/timeline?years=2000&years=2010&programme=PfP&q=50%25+%7Bx%7D"
VERSION = DataVersion("3f9a1c2e", "2026-12", "2026-12-02")


def citation(**changes):
    values = dict(
        dataset_title="Azerbaijan–NATO partnership",
        view="Timeline, 2000–2010 · Partnership for Peace",
        url=URL,
        version=VERSION,
        accessed=date(2026, 12, 3),
    )
    return ViewCitation(**{**values, **changes})


def test_the_reference_carries_the_view_its_address_the_version_and_the_access_date():
    assert citation().reference() == (
        "Azerbaijan–NATO partnership: Timeline, 2000–2010 · Partnership for Peace (Version 2026-12, content 3f9a1c2e) "
        f"[Data set]. (2026). Retrieved 3 December 2026, from {URL}"
    )


def test_bibtex_entry():
    assert citation().bibtex() == (
        "@misc{azerbaijan-nato-partnership-2026-timeline,\n"
        "  title = {{Azerbaijan–NATO partnership: Timeline, 2000–2010 · Partnership for Peace}},\n"
        "  year = {2026},\n"
        "  version = {2026-12 · 3f9a1c2e},\n"
        "  howpublished = {Data set},\n"
        f"  url = {{{URL}}},\n"
        "  urldate = {2026-12-03},\n"
        "  note = {Data version 2026-12, released 2 December 2026, content 3f9a1c2e. Accessed 2026-12-03.}\n"
        "}\n"
    )


def test_bibtex_escapes_latex_and_keeps_braces_balanced():
    entry = citation(view="Search “50% & #1_{x}” $\\", url="http://x/?q={a}").bibtex()
    assert r"50\% \& \#1\_\{x\}” \$\textbackslash{}" in entry
    assert "url = {http://x/?q=%7Ba%7D}" in entry
    body = entry.replace("\\{", "").replace("\\}", "")
    assert body.count("{") == body.count("}")


def test_ris_record():
    assert citation().ris() == (
        "TY  - DATA\n"
        "TI  - Azerbaijan–NATO partnership: Timeline, 2000–2010 · Partnership for Peace\n"
        "PY  - 2026\n"
        "DA  - 2026/12/02\n"
        "ET  - 2026-12 · 3f9a1c2e\n"
        f"UR  - {URL}\n"
        "Y2  - 2026/12/03\n"
        "N1  - Data version 2026-12, released 2 December 2026, content 3f9a1c2e. Accessed 2026-12-03.\n"
        "ER  - \n"
    )


def test_a_line_break_in_the_data_cannot_start_a_new_ris_tag():
    ris = citation(dataset_title="Title\nER  - \nTY  - JOUR").ris()
    assert ris.count("\nER  - ") == 1 and ris.startswith("TY  - DATA\nTI  - Title ER - TY - JOUR")


def test_data_without_a_release_is_cited_by_its_content_and_the_access_year():
    plain = citation(version=DataVersion("3f9a1c2e"))
    assert "(Content 3f9a1c2e) [Data set]. (2026)." in plain.reference()
    assert "DA  -" not in plain.ris()


def test_the_key_is_plain_ascii():
    assert citation(dataset_title="Ölkə – NATO", view="Xəritə").key == "olk-nato-2026-x-rit"
