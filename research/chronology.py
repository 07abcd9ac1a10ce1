"""The chronology: events and dated sources day by day, one page of days at a time.

Days, not rows, are paged, so a day never straddles two pages. The days of a page come from one
query over both tables (a UNION of their start dates), then the page's events and sources are
loaded for those days only: the number of queries does not depend on the page's length.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from catalogue.models import Agent, Side, Source, SourceAgent
from core.filters import unknown_id
from core.querysets import count_by, first_in_each
from negotiations.models import Stage
from negotiations.source_links import sources_in_stage
from research.filters import AGENT_ID_ATTRS

# Sources listed under one day; the rest are a link away.
SOURCES_PER_DAY = 10
# Within a day, sources come in the order of the sources list.
SOURCE_ORDER = [name for name in Source._meta.ordering if name != "date_start"]


class ChronologyForm(forms.Form):
    stage = forms.ModelChoiceField(
        label=_("Stage"), queryset=Stage.objects.all(), to_field_name="slug", required=False
    )
    side = forms.ChoiceField(
        label=_("Side"), choices=[("", "---------"), *Side.choices], required=False
    )
    agent = forms.ModelChoiceField(
        label=_("Agent"),
        queryset=Agent.objects.all(),
        required=False,
        widget=forms.TextInput(attrs=AGENT_ID_ATTRS),
        error_messages={"invalid_choice": unknown_id("agent")},
    )


def chronology_filter(events, sources, data: dict, *, public: bool):
    """The events and the dated sources that the readable filters in `data` select."""
    sources = sources.filter(date_start__isnull=False)
    if stage := data.get("stage"):
        events = events.filter(stage=stage)
        sources = sources_in_stage(sources, stage, public=public)
    if side := data.get("side"):
        events, sources = events.on_side(side), sources.on_side(side)
    if agent := data.get("agent"):
        events = events.with_actor(agent)
        sources = sources.filter(pk__in=SourceAgent.objects.filter(agent=agent).values("source"))
    return events, sources


def chronology_page(events, sources, page_number: int, per_page: int):
    """A page of days: (page, [(Day, events of the day, sources of the day), …])."""
    days = (
        events.order_by()
        .values_list("date_start", flat=True)
        .union(sources.order_by().values_list("date_start", flat=True))
        .order_by("date_start")
    )
    paginator = Paginator(days, per_page)
    page = paginator.get_page(page_number)
    shown = list(page.object_list)
    day_events = list(events.filter(date_start__in=shown).for_list().order_by("date_start", "pk"))
    on_days = sources.filter(date_start__in=shown)
    # A busy day of an archive holds hundreds of documents: the chronology shows the first of
    # each day and links to the rest in the sources list (days of events are rarely so full).
    first = first_in_each(on_days, "date_start", SOURCES_PER_DAY, SOURCE_ORDER)
    # A source is shown by its series, number, title and date: nothing else is loaded.
    day_sources = list(
        first.select_related("series")
        .defer("search_text", "note", "summary")
        .order_by(*SOURCE_ORDER)
    )
    source_counts = count_by(on_days, "date_start")
    rows = []
    for day in shown:
        events = [event for event in day_events if event.date_start == day]
        sources = [source for source in day_sources if source.date_start == day]
        heading = Day(day, _finest(events + sources), source_counts.get(day, 0) - len(sources))
        rows.append((heading, events, sources))
    return page, rows


@dataclass(frozen=True)
class Day:
    """A heading of the chronology: a date and how much of it its records know. Records
    dated only to a month or a year start on its first day; their heading says "January
    1923" or "1923", not "1 January 1923", unless a record of that very day is beside them.
    `more_sources`: how many sources of the day are not shown."""

    date: datetime.date
    precision: str
    more_sources: int = 0

    @property
    def sources_query(self) -> str:
        """The sources list's date filter for this heading (day, month or year)."""
        shown = {"year": "%Y", "month": "%Y-%m"}.get(self.precision, "%Y-%m-%d")
        value = self.date.strftime(shown)
        return f"date_from={value}&date_to={value}"


def _finest(records) -> str:
    known = {_precision(record) for record in records}
    return next((p for p in ("day", "month", "year") if p in known), "day")


def _precision(record) -> str:
    if record.date_precision in ("day", "month", "year"):
        return record.date_precision
    # A range ("January–February 1923") that starts on a month's first day.
    return "month" if record.date_start.day == 1 else "day"
