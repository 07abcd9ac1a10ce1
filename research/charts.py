"""Geometry for the server-rendered SVG charts: the stage timeline and the positions chart.

Pure functions of dates and values, so the pages need no JavaScript and the layout is tested
without a browser.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

WIDTH = 960
LEFT, RIGHT = 40, 20


@dataclass
class Scale:
    """Maps days between `start` and `end` onto x pixels between `left` and `right`."""

    start: datetime.date
    end: datetime.date
    left: float = LEFT
    right: float = WIDTH - RIGHT

    def x(self, day: datetime.date) -> float:
        span = max((self.end - self.start).days, 1)
        offset = min(max((day - self.start).days, 0), span)
        return round(self.left + (self.right - self.left) * offset / span, 1)

    def year_ticks(self) -> list[tuple[float, int]]:
        return [
            (self.x(datetime.date(year, 1, 1)), year)
            for year in range(self.start.year + 1, self.end.year + 1)
        ]


@dataclass
class Band:
    obj: object
    x: float
    width: float
    row: int


@dataclass
class Mark:
    obj: object
    x: float
    y: float


@dataclass
class Timeline:
    scale: Scale
    bands: list[Band]
    marks: list[Mark]
    height: int
    ticks: list[tuple[float, int]] = field(default_factory=list)
    earlier: int = 0  # events before the axis starts, listed on the page but not plotted
    conferences: list[Band] = field(default_factory=list)


BAND_TOP, BAND_HEIGHT, LANE_HEIGHT = 44, 34, 12


def timeline(stages, events, *, start: datetime.date | None = None) -> Timeline:
    """Stages as bands on one axis and events as dots in lanes below, without overlaps.

    The long Tokyo preparatory stage (1918–1923) would squeeze the rest: the axis starts at
    `start` (default: the second stage's start less a year) and earlier dates sit at the edge.
    """
    stages = [s for s in stages if s.date_start]
    if not stages:
        return Timeline(Scale(datetime.date(1923, 1, 1), datetime.date(1925, 12, 31)), [], [], 0)
    first = min(s.date_start for s in stages)
    if start is None:
        later = sorted(s.date_start for s in stages)
        start = datetime.date(later[1].year - 1, 1, 1) if len(later) > 1 else first
    scale = Scale(max(start, first), max(s.date_end for s in stages))
    bands = [
        Band(s, scale.x(s.date_start), max(scale.x(s.date_end) - scale.x(s.date_start), 2), 0)
        for s in stages
    ]
    spans: dict[int, list[Band]] = {}
    for band in bands:
        spans.setdefault(band.obj.conference_id, []).append(band)
    conferences = [
        Band(group[0].obj.conference, group[0].x, group[-1].x + group[-1].width - group[0].x, 0)
        for group in spans.values()
    ]
    lanes: list[float] = []
    marks = []
    dated = sorted((e for e in events if e.date_start), key=lambda e: e.date_start)
    earlier = sum(1 for e in dated if e.date_start < scale.start)
    for event in dated[earlier:]:
        x = scale.x(event.date_start)
        lane = next((i for i, last in enumerate(lanes) if x - last >= 8), len(lanes))
        if lane == len(lanes):
            lanes.append(x)
        lanes[lane] = x
        marks.append(Mark(event, x, BAND_TOP + BAND_HEIGHT + 14 + lane * LANE_HEIGHT))
    height = BAND_TOP + BAND_HEIGHT + 24 + max(len(lanes), 1) * LANE_HEIGHT
    return Timeline(scale, bands, marks, height, scale.year_ticks(), earlier, conferences)


@dataclass
class Point:
    obj: object
    x: float
    y_low: float
    y_high: float

    @property
    def y(self) -> float:
        return round((self.y_low + self.y_high) / 2, 1)


@dataclass
class Series:
    party: object
    points: list[Point]

    @property
    def path(self) -> str:
        return " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(self.points))


@dataclass
class Chart:
    series: list[Series]
    scale: Scale
    height: int
    value_ticks: list[tuple[float, int]]
    month_ticks: list[tuple[float, str]]


CHART_TOP, CHART_BOTTOM = 20, 260


def midpoint(record) -> datetime.date:
    """Where a partial date is plotted: "October 1924" sits mid-month, not on the 1st."""
    return record.date_start + (record.date_end - record.date_start) / 2


def positions_chart(positions, *, maximum: int = 70) -> Chart:
    """One line per party through its stated values over time; ranges become vertical bars."""
    dated = [p for p in positions if p.date_start]
    start = min((p.date_start for p in dated), default=datetime.date(1924, 9, 1))
    end = max((p.date_end for p in dated), default=datetime.date(1925, 1, 31))
    start = start.replace(day=1)
    end = (end.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    scale = Scale(start, end, left=60)

    def y(value: Decimal) -> float:
        span = CHART_BOTTOM - CHART_TOP
        return round(CHART_BOTTOM - span * float(value) / maximum, 1)

    by_party: dict[int, Series] = {}
    for position in sorted(dated, key=lambda p: (midpoint(p), p.pk)):
        series = by_party.setdefault(position.party_id, Series(position.party, []))
        series.points.append(
            Point(
                position,
                scale.x(midpoint(position)),
                y(position.value_low),
                y(position.value_high),
            )
        )
    months, day = [], start
    while day <= end:
        months.append((scale.x(day), day.strftime("%Y-%m")))
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    ticks = [(y(Decimal(v)), v) for v in range(0, maximum + 1, 10)]
    return Chart(list(by_party.values()), scale, CHART_BOTTOM + 40, ticks, months)
