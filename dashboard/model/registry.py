"""The app's registries, each declared once: the pages and the slide kinds.

Everything else (navigation, URL parameters each page owns, the deck schema's list of views,
the 'add this view to a briefing' button, the figure each slide kind draws) reads these.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.i18n import N_


@dataclass(frozen=True)
class SlideKind:
    """`label` is English, marked for translation: show it as `_(kind.label)`."""

    code: str
    label: str


SLIDE_KINDS: dict[str, SlideKind] = {
    kind.code: kind
    for kind in (
        SlideKind("timeline", N_("Timeline")),
        SlideKind("map", N_("Mission map")),
        SlideKind("personnel", N_("Personnel by year")),
        SlideKind("programme_matrix", N_("Programme focus areas")),
        SlideKind("programme_spans", N_("Programme spans")),
        SlideKind("year_strip", N_("Milestones per year")),
        SlideKind("milestone", N_("Milestone")),
    )
}


@dataclass(frozen=True)
class Page:
    """One page: its script under dashboard/views/, its title, its URL path ('' for the home
    page), the query parameters it owns besides the shared filters, whether it is a presenter
    page (no filters or navigation on screen), and the slide kind it adds to a briefing. `title`
    is English, marked for translation: show it as `_(page.title)`."""

    script: str
    title: str
    url_path: str
    params: tuple[str, ...] = ()
    presenter: bool = False
    slide_kind: str | None = None


PAGES: tuple[Page, ...] = (
    Page("overview.py", N_("Overview"), "", slide_kind="year_strip"),
    Page("timeline.py", N_("Timeline"), "timeline", params=("lanes", "view", "milestone"), slide_kind="timeline"),
    Page("missions.py", N_("Missions"), "missions", slide_kind="map"),
    Page("programmes.py", N_("Programmes"), "programmes", params=("compare",), slide_kind="programme_matrix"),
    Page("sources.py", N_("Sources"), "sources"),
    Page("changes.py", N_("What changed"), "changes"),
    Page("briefing.py", N_("Briefing"), "briefing", params=("deck", "slide", "present", "presenter"), presenter=True),
)
# The session's own deck travels in every link while it exists (`d`, a compressed deck): it then
# survives a reload and can be shared as a link.
SESSION_DECK_PARAM = "d"
# The interface's language (`?lang=az`) travels in every link too, like the filters.
LANGUAGE_PARAM = "lang"
PAGE_PARAMS: tuple[str, ...] = (*dict.fromkeys(p for page in PAGES for p in page.params), SESSION_DECK_PARAM, LANGUAGE_PARAM)


def page(url_path: str) -> Page:
    return next(p for p in PAGES if p.url_path == url_path)
