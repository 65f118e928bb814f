"""The view in the URL: query parameters <-> Filters, with a notice for everything dropped.

`/timeline?years=2000&years=2010&programme=PfP&programme=DEEP&q=Kabul` opened cold must
reproduce the view, and nothing a user types into the address bar may raise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dashboard import i18n
from dashboard.i18n import _, ngettext
from dashboard.model.dataset import Dataset
from dashboard.model.filters import Filters
from dashboard.model.registry import Page
from dashboard.model.schema import CONFIDENCE_LEVELS

YEARS, PROGRAMME, CATEGORY, MISSION, CONFIDENCE, QUERY = "years", "programme", "category", "mission", "confidence", "q"
FILTER_PARAMS = (YEARS, PROGRAMME, CATEGORY, MISSION, CONFIDENCE, QUERY)
MAX_QUERY_LENGTH = 200


def _canonical(values: Sequence[str], known: Sequence[str], unknown: str, notices: list[str]) -> tuple[str, ...]:
    """Keep known codes (matched case-insensitively, order of `known`); report the rest, each in
    the words of `unknown` ('Ignored unknown programme “{value}” in the link.', translated)."""
    by_fold = {code.casefold(): code for code in known}
    chosen = []
    for value in values:
        code = by_fold.get(value.strip().casefold())
        if code is None:
            notices.append(unknown.format(value=value[:40]))
        elif code not in chosen:
            chosen.append(code)
    return tuple(code for code in known if code in chosen)


def _unknown_programme() -> str:
    return _("Ignored unknown programme “{value}” in the link.")


def _years(values: Sequence[str], bounds: tuple[int, int], notices: list[str]) -> tuple[int | None, int | None]:
    low, high = bounds
    if not values:
        return None, None
    numbers = []
    for value in values[:2]:
        try:
            numbers.append(int(value.strip()))
        except ValueError:
            notices.append(_("Ignored the year “{value}” in the link: it is not a year.").format(value=value[:20]))
    if len(values) > 2:
        notices.append(_("Ignored extra years in the link: a range takes two."))
    if not numbers:
        return None, None
    start, end = (numbers[0], numbers[-1]) if len(numbers) == 2 else (numbers[0], numbers[0])
    if start > end:
        start, end = end, start
        notices.append(_("The years in the link were in reverse order; they have been swapped."))
    clamped = max(low, min(start, high)), max(low, min(end, high))
    if clamped != (start, end):
        notices.append(_("Years in the link were limited to the data's range, {first}–{last}.").format(first=low, last=high))
    start, end = clamped
    return (start if start != low else None), (end if end != high else None)


def parse_query_params(params: Mapping[str, Sequence[str]], dataset: Dataset, extra: Sequence[str] = ()) -> tuple[Filters, list[str]]:
    """Filters from query parameters (each value a list of strings) plus notices for what was dropped.

    `extra` names parameters other parts of the app own (e.g. a selected milestone): they pass
    silently. Any other unknown parameter is reported.
    """
    notices: list[str] = []
    for key in params:
        if key not in FILTER_PARAMS and key not in extra:
            notices.append(_("Ignored unknown setting “{name}” in the link.").format(name=key[:40]))
    get = lambda key: [str(v) for v in params.get(key, [])]  # noqa: E731
    year_from, year_to = _years(get(YEARS), dataset.year_bounds, notices)
    query = " ".join(get(QUERY)).strip()
    if len(query) > MAX_QUERY_LENGTH:
        query = query[:MAX_QUERY_LENGTH]
        notices.append(
            ngettext(
                "The search text in the link was cut to {count} character.",
                "The search text in the link was cut to {count} characters.",
                MAX_QUERY_LENGTH,
            ).format(count=i18n.format_number(MAX_QUERY_LENGTH))
        )
    filters = Filters(
        year_from=year_from,
        year_to=year_to,
        programmes=_canonical(get(PROGRAMME), dataset.programmes["code"].tolist(), _unknown_programme(), notices),
        categories=_canonical(
            get(CATEGORY), [c.code for c in dataset.meta.categories], _("Ignored unknown category “{value}” in the link."), notices
        ),
        missions=_canonical(get(MISSION), dataset.missions["id"].tolist(), _("Ignored unknown mission “{value}” in the link."), notices),
        confidence=_canonical(
            get(CONFIDENCE), list(CONFIDENCE_LEVELS), _("Ignored unknown confidence level “{value}” in the link."), notices
        ),
        query=query,
    )
    return filters, notices


def to_query_params(filters: Filters, dataset: Dataset) -> dict[str, list[str]]:
    """The shortest query that reproduces `filters`: defaults are left out."""
    params: dict[str, list[str]] = {}
    low, high = dataset.year_bounds
    year_from, year_to = filters.years(dataset)
    if (year_from, year_to) != (low, high):
        params[YEARS] = [str(year_from), str(year_to)]
    for key, values in (
        (PROGRAMME, filters.programmes),
        (CATEGORY, filters.categories),
        (MISSION, filters.missions),
        (CONFIDENCE, filters.confidence),
    ):
        if values:
            params[key] = list(values)
    if filters.query:
        params[QUERY] = [filters.query]
    return params


def describe_filters(filters: Filters, dataset: Dataset) -> str:
    """'2000–2010 · Partnership for Peace, DEEP · “Kabul”' for captions and briefing slides."""
    low, high = filters.years(dataset)
    parts = [f"{low}–{high}" if low != high else str(low)]
    names = dataset.programme_names
    if filters.programmes:
        parts.append(", ".join(names.get(code, code) for code in filters.programmes))
    if filters.categories:
        parts.append(", ".join(dataset.category_labels.get(code, code) for code in filters.categories))
    if filters.missions:
        parts.append(", ".join(dataset.mission_names.get(code, code) for code in filters.missions))
    if filters.confidence:
        parts.append(", ".join(dataset.meta.confidence[level].label for level in filters.confidence))
    if filters.query:
        parts.append(f"“{filters.query}”")
    return " · ".join(parts)


# --------------------------------------------------------------------------------------------
# Parameters owned by one page (model/registry.py says which page owns which)
# --------------------------------------------------------------------------------------------

LANES = ("category", "programme")
TABS = ("Chart", "Table")
MAX_COMPARED = 4


@dataclass(frozen=True)
class ViewState:
    """What a page shows besides the shared filters. None/empty means the page's default."""

    lanes: str = LANES[0]
    tab: str = TABS[0]
    milestone: str | None = None
    compare: tuple[str, ...] | None = None
    deck: str | None = None
    slide: int = 1
    present: bool = False  # the audience screen: the slide and nothing else
    presenter: bool = False  # the presenter's screen: notes, the next slide and a timer


def _one(params: Mapping[str, Sequence[str]], key: str) -> str | None:
    values = [str(v) for v in params.get(key, [])]
    return values[0] if values else None


def parse_view(
    page: Page,
    params: Mapping[str, Sequence[str]],
    dataset: Dataset,
    deck_slides: Mapping[str, int] | None = None,
) -> tuple[ViewState, list[str]]:
    """The page-owned parameters of `page` from a query string, and notices for what was
    dropped. `deck_slides` maps each deck id to its number of slides (the briefing page's
    decks, the session's own included). Parameters other pages own are ignored here."""
    notices: list[str] = []
    state: dict = {}
    owned = set(page.params)
    if "lanes" in owned and (value := _one(params, "lanes")) is not None:
        if value in LANES:
            state["lanes"] = value
        else:
            notices.append(
                _("Ignored the lanes “{value}” in the link (expected {first} or {second}).").format(
                    value=value[:40], first=LANES[0], second=LANES[1]
                )
            )
    if "view" in owned and (value := _one(params, "view")) is not None:
        # The tab's code, whatever the interface language ('Table' in every language; any case).
        by_fold = {tab.casefold(): tab for tab in TABS}
        state["tab"] = by_fold.get(value.strip().casefold(), TABS[0])
    if "milestone" in owned and (value := _one(params, "milestone")) is not None:
        if value in dataset.milestone_ids:
            state["milestone"] = value
        else:
            notices.append(_("Ignored unknown milestone “{value}” in the link.").format(value=value[:40]))
    if "compare" in owned and "compare" in params:
        codes = dataset.programmes["code"].tolist()
        chosen = _canonical([str(v) for v in params["compare"]], codes, _unknown_programme(), notices)
        if len(chosen) > MAX_COMPARED:
            notices.append(
                ngettext(
                    "The link compares {count} programme; the first {shown} are shown.",
                    "The link compares {count} programmes; the first {shown} are shown.",
                    len(chosen),
                ).format(count=i18n.format_number(len(chosen)), shown=MAX_COMPARED)
            )
        state["compare"] = chosen[:MAX_COMPARED]
    if "deck" in owned and deck_slides:
        value = _one(params, "deck")
        if value is not None and value not in deck_slides:
            notices.append(_("Ignored unknown deck “{value}” in the link.").format(value=value[:40]))
        deck = value if value in deck_slides else next(iter(deck_slides))
        state["deck"] = deck
        raw = _one(params, "slide")
        if raw is not None:
            try:
                position = int(raw.strip())
            except ValueError:
                position = 1
                notices.append(_("Ignored the slide “{value}” in the link: it is not a number.").format(value=raw[:20]))
            count = deck_slides[deck]
            if not 1 <= position <= count:
                notices.append(
                    _("The link asked for slide {position}; this deck has slides 1 to {count}.").format(position=position, count=count)
                )
            state["slide"] = min(max(position, 1), count)
    for name in ("present", "presenter"):
        if name in owned and (value := _one(params, name)) is not None:
            if value.strip().lower() in ("1", "true", "yes"):
                state[name] = True
            elif value.strip().lower() not in ("0", "false", "no", ""):
                notices.append(_("Ignored the presenting setting “{value}” in the link (expected 1 or 0).").format(value=value[:20]))
    return ViewState(**state), notices


def view_params(page: Page, view: ViewState) -> dict[str, list[str]]:
    """The shortest query for the page-owned parameters of `page`: defaults are left out."""
    params: dict[str, list[str]] = {}
    owned = set(page.params)
    if "lanes" in owned and view.lanes != LANES[0]:
        params["lanes"] = [view.lanes]
    if "view" in owned and view.tab != TABS[0]:
        params["view"] = [view.tab]
    if "milestone" in owned and view.milestone:
        params["milestone"] = [view.milestone]
    if "compare" in owned and view.compare is not None:
        params["compare"] = list(view.compare)
    if "deck" in owned and view.deck:
        params["deck"] = [view.deck]
        params["slide"] = [str(view.slide)]
    if "present" in owned and view.present:
        params["present"] = ["1"]
    if "presenter" in owned and view.presenter:
        params["presenter"] = ["1"]
    return params
