"""Plain-text sentences about the current view: text alternatives for charts, speaker notes.

Every sentence is worded in the current language (`dashboard.i18n`): one whole sentence per
message, counts through `ngettext`, numbers grouped as the language groups them.
"""

from __future__ import annotations

import pandas as pd

from dashboard import i18n
from dashboard.i18n import _, ngettext, pgettext
from dashboard.model import personnel
from dashboard.model.dataset import Dataset
from dashboard.model.dates import format_date, parse_partial_date
from dashboard.model.filters import Filters
from dashboard.model.text import in_sentence


def _precision(text: str) -> str:
    return parse_partial_date(text)[1]


def _number(value) -> str:
    return i18n.format_number(value)


def join_list(items: list[str]) -> str:
    """'a, b and c' as the current language writes a list ('a, b и c', 'a, b və c')."""
    from babel.lists import format_list  # imported on first use: Babel's data is large

    items = list(items)
    return format_list(items, locale=i18n.babel_locale()) if items else ""


def _list(items: list[str], limit: int = 6) -> str:
    items = list(items)
    if len(items) > limit:
        more = len(items) - limit
        return ngettext("{items} and {count} more", "{items} and {count} more", more).format(
            items=", ".join(items[:limit]), count=_number(more)
        )
    return join_list(items)


def key_figures(
    dataset: Dataset,
    filters: Filters | None = None,
    programmes: pd.DataFrame | None = None,
    missions: pd.DataFrame | None = None,
    deployments: pd.DataFrame | None = None,
    today: pd.Timestamp | None = None,
) -> dict[str, tuple[str, str]]:
    """The overview's headline numbers, for the view: the chosen years and the programmes,
    missions and deployments in view (the whole dataset when none are given). Keyed by their
    label, in the current language."""
    today = today or pd.Timestamp.now()
    first_day = parse_partial_date(dataset.meta.partnership_start)[0]
    years = today.year - first_day.year - ((today.month, today.day) < (first_day.month, first_day.day))
    start = format_date(pd.Timestamp(first_day), _precision(dataset.meta.partnership_start))
    chosen = filters.chosen_years() if filters is not None else None
    programmes = dataset.programmes if programmes is None else programmes
    missions = dataset.missions if missions is None else missions
    deployments = dataset.deployments if deployments is None else deployments
    if chosen is None:
        span = (_("Years of partnership"), (_number(years), _("since {date}").format(date=start)))
    else:
        low, high = filters.years(dataset)
        detail = ngettext(
            "{first}–{last} of {count} year since {date}",
            "{first}–{last} of {count} years since {date}",
            years,
        ).format(first=low, last=high, count=_number(years), date=start)
        span = (_("Years in view"), (_number(high - low + 1), detail))
    top = personnel.largest(deployments)
    if top:
        peak = (_number(top.personnel), f"{dataset.mission_names.get(top.mission, top.mission)}, {top.year}")
    elif chosen is not None:
        peak = ("–", _("no published figure in these years"))
    else:
        peak = ("–", _("no published figure"))
    active = int((programmes["status"] == "active").sum())
    names = ", ".join(missions["short_name"]) or _("none in these years")
    return {
        span[0]: span[1],
        _("Programmes and mechanisms"): (
            _number(len(programmes)),
            ngettext("{count} active", "{count} active", active).format(count=_number(active)),
        ),
        _("Missions"): (_number(len(missions)), names),
        _("Peak personnel"): peak,
    }


def _counted(count: int, label: str) -> str:
    """'2 visits'-like: a count of rows and a (data's) label, in the language's order."""
    return pgettext("a count of milestones or rows, then the label of their category or confidence", "{count} {label}").format(
        count=_number(count), label=in_sentence(label, i18n.current())
    )


def milestones_sentence(dataset: Dataset, filters: Filters, milestones: pd.DataFrame) -> str:
    low, high = filters.years(dataset)
    if milestones.empty:
        if low == high:
            return _("No milestones in {year} match these filters.").format(year=low)
        return _("No milestones between {first} and {last} match these filters.").format(first=low, last=high)
    first, last = milestones.iloc[0], milestones.iloc[-1]
    by_category = milestones["category"].astype(str).map(dataset.category_labels).value_counts()
    top = _list([_counted(count, label) for label, count in by_category.items()], limit=4)
    words = dict(count=_number(len(milestones)), year=low, first=low, last=high, categories=top)
    if len(milestones) == 1:
        words |= dict(title=first["title"], date=first["date_label"])
        if low == high:
            return _("1 milestone in {year} ({categories}): {title} ({date}).").format(**words)
        return _("1 milestone between {first} and {last} ({categories}): {title} ({date}).").format(**words)
    words |= dict(first_title=first["title"], first_date=first["date_label"], last_title=last["title"], last_date=last["date_label"])
    if low == high:
        return ngettext(
            "{count} milestone in {year} ({categories}), from {first_title} ({first_date}) to {last_title} ({last_date}).",
            "{count} milestones in {year} ({categories}), from {first_title} ({first_date}) to {last_title} ({last_date}).",
            len(milestones),
        ).format(**words)
    return ngettext(
        "{count} milestone between {first} and {last} ({categories}), from {first_title} ({first_date}) to {last_title} ({last_date}).",
        "{count} milestones between {first} and {last} ({categories}), from {first_title} ({first_date}) to {last_title} ({last_date}).",
        len(milestones),
    ).format(**words)


def confidence_sentence(dataset: Dataset, milestones: pd.DataFrame) -> str:
    counts = milestones["confidence"].value_counts()
    parts = [
        _counted(int(counts.get(level, 0)), dataset.meta.confidence[level].label)
        for level in dataset.meta.confidence
        if counts.get(level, 0)
    ]
    flagged = int((milestones["note"].str.len() > 0).sum())
    text = _("Confidence: {levels}.").format(levels=_list(parts)) if parts else ""
    if flagged:
        text += " " + ngettext(
            "{count} row carries a note where sources disagree or a value is approximate.",
            "{count} rows carry a note where sources disagree or a value is approximate.",
            flagged,
        ).format(count=_number(flagged))
    return text.strip()


def missions_sentence(dataset: Dataset, missions: pd.DataFrame, deployments: pd.DataFrame) -> str:
    if missions.empty:
        return _("No missions in these years.")
    names = [f"{m.short_name} ({m.country_name}, {m.lead_label})" for m in missions.itertuples()]
    sentence = ngettext(
        "{count} mission with {partner} personnel: {missions}.",
        "{count} missions with {partner} personnel: {missions}.",
        len(missions),
    ).format(count=_number(len(missions)), partner=dataset.meta.partner.adjective, missions=_list(names))
    top = personnel.largest(deployments)
    if top:
        sentence += " " + _("The largest contingent in these years was {personnel} in {mission} ({year}).").format(
            personnel=_number(top.personnel), mission=dataset.mission_names.get(top.mission), year=top.year
        )
    gaps = int(deployments["personnel"].isna().sum())
    if gaps:
        sentence += " " + ngettext(
            "{count} mission-year has no published figure and is shown as a gap.",
            "{count} mission-years have no published figure and are shown as gaps.",
            gaps,
        ).format(count=_number(gaps))
    return sentence


def programmes_sentence(dataset: Dataset, programmes: pd.DataFrame) -> str:
    if programmes.empty:
        return _("No programmes match these filters.")
    active = programmes[programmes["status"] == "active"]
    sentence = ngettext("{count} programme shown: {codes}.", "{count} programmes shown: {codes}.", len(programmes)).format(
        count=_number(len(programmes)), codes=_list(programmes["code"].tolist(), limit=10)
    )
    if len(active):
        sentence += " " + ngettext("{count} still active.", "{count} still active.", len(active)).format(count=_number(len(active)))
    first = programmes.iloc[0]
    return sentence + " " + _("The earliest is {name} ({dates}).").format(name=first["name"], dates=first["dates_label"])


def matrix_sentence(dataset: Dataset, programmes: pd.DataFrame) -> str:
    if programmes.empty:
        return _("No programmes to compare.")
    counts = pd.Series([area for areas in programmes["focus_areas"] for area in areas]).value_counts()
    labels = dataset.focus_area_labels
    top = _list([f"{in_sentence(labels.get(code, code), i18n.current())} ({_number(count)})" for code, count in counts.head(3).items()])
    # Two counts in one sentence: the focus areas are counted apart, in the words that fit after
    # "across" ("3 программы в 3 областях": translators word that message for this place).
    areas = ngettext("{count} focus area", "{count} focus areas", len(counts)).format(count=_number(len(counts)))
    return ngettext(
        "{count} programme across {areas}; the most shared are {top}.",
        "{count} programmes across {areas}; the most shared are {top}.",
        len(programmes),
    ).format(count=_number(len(programmes)), areas=areas, top=top)


def view_summary(dataset: Dataset, filters: Filters, milestones, programmes, missions, deployments) -> str:
    """A paragraph for the overview and for screen readers."""
    parts = [milestones_sentence(dataset, filters, milestones)]
    if not programmes.empty:
        parts.append(programmes_sentence(dataset, programmes))
    parts.append(missions_sentence(dataset, missions, deployments))
    confidence = confidence_sentence(dataset, milestones) if not milestones.empty else ""
    if confidence:
        parts.append(confidence)
    return " ".join(parts)
