import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalogue.models import Agent, Source, Work
from core.i18n import pick_language
from core.models import (
    PartialDateModel,
    PublishableModel,
    SafeTextModel,
    SearchableModel,
    VersionedModel,
)
from negotiations.locators import LocatorType, locator_label, locator_parse
from negotiations.querysets import (
    ClaimQuerySet,
    ConferenceQuerySet,
    EventQuerySet,
    EvidenceQuerySet,
    PositionQuerySet,
    StageQuerySet,
    StrategyQuerySet,
)


class LocatedModel(models.Model):
    """A link to a source that says where in it: a type (page, document, annex…) and a value."""

    locator_type = models.CharField(
        _("locator type"), max_length=10, choices=LocatorType.choices, blank=True
    )

    class Meta:
        abstract = True

    @property
    def locator_display(self) -> str:
        """The locator as a citation reads it: "p. 798", "doc. 283", "annex 付記一"."""
        return locator_label(self.locator_type, self.locator)

    def clean(self) -> None:
        super().clean()
        if self.locator and not self.locator_type:
            # A locator written as before types existed ("p. 798", "付記一") is read for its
            # type; anything with more in it is kept whole as `other`.
            locator_type, value, rest = locator_parse(self.locator)
            if rest:
                locator_type, value = LocatorType.OTHER, self.locator
            self.locator_type, self.locator = locator_type, value
        if self.locator_type == LocatorType.PAGE and not re.fullmatch(
            r"\d+(\s*[-–,]\s*\d+)*", self.locator
        ):
            raise ValidationError(
                {"locator": _("Enter a page or a page range as numbers: 798 or 802-804.")}
            )


class Conference(PartialDateModel, VersionedModel):
    """One of the four rounds of talks: Dairen, Changchun, Tokyo preliminary, Peking."""

    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    name = models.CharField(_("name (Japanese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    place = models.CharField(_("place"), max_length=100, blank=True)
    parties = models.CharField(
        _("parties"), max_length=255, blank=True, help_text=_("Japan – Far Eastern Republic, …")
    )
    description = models.TextField(_("description (Japanese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        ordering = ["order"]
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        constraints = PartialDateModel.date_constraints("conference")

    def __str__(self) -> str:
        return pick_language(self.name, self.name_en)


class Stage(PartialDateModel, VersionedModel):
    """A phase of a conference in the paper's periodisation (preparatory / negotiation / final)."""

    class Phase(models.TextChoices):
        PREPARATORY = "preparatory", _("preparatory")
        NEGOTIATION = "negotiation", _("negotiation")
        FINAL = "final", _("final")

    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="stages")
    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    phase = models.CharField(_("phase"), max_length=12, choices=Phase.choices)
    name = models.CharField(_("name (Japanese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    description = models.TextField(_("description (Japanese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = StageQuerySet.as_manager()

    class Meta:
        ordering = ["order"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [
            *PartialDateModel.date_constraints("stage"),
            models.UniqueConstraint(fields=["conference", "phase"], name="stage_unique_phase"),
        ]

    def __str__(self) -> str:
        return pick_language(self.name, self.name_en)

    def get_absolute_url(self) -> str:
        return f"{reverse('research:stage-list')}#{self.slug}"

    def covers(self, start, end) -> bool:
        """Whether the day range start…end lies inside this stage's range."""
        if self.date_start is None or start is None:
            return True
        return self.date_start <= start and end <= self.date_end


class Strategy(VersionedModel):
    """A Soviet negotiating strategy the paper names, with the stages it assigns it to."""

    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    name = models.CharField(_("name (Japanese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    definition = models.TextField(_("definition (Japanese)"))
    definition_en = models.TextField(_("definition (English)"))
    stages = models.ManyToManyField(Stage, related_name="strategies", blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = StrategyQuerySet.as_manager()

    class Meta:
        ordering = ["order"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")

    def __str__(self) -> str:
        return pick_language(self.name, self.name_en)


class Event(SearchableModel, PartialDateModel, PublishableModel):
    """Something that happened on a (partial) date, in a stage, with actors and sources."""

    title = models.CharField(_("title (Japanese)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    stage = models.ForeignKey(
        Stage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("Leave empty for background events outside the periodisation."),
    )
    actors = models.ManyToManyField(Agent, related_name="events", blank=True)
    sources = models.ManyToManyField(
        Source, through="EventSource", related_name="events", blank=True
    )
    history = HistoricalRecords(excluded_fields=["search_text"])

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["date_start", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = PartialDateModel.date_constraints("event")

    def __str__(self) -> str:
        return f"{self.date_original or self.date_start}: {self.title_en}"

    def get_absolute_url(self) -> str:
        return reverse("research:event-detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.date_start is None:
            raise ValidationError({"date_start": _("An event needs a date, even a partial one.")})
        if self.stage_id and not self.stage.covers(self.date_start, self.date_end):
            raise ValidationError(
                {
                    "stage": _("The event's date (%(date)s) lies outside the stage %(stage)s.")
                    % {"date": self.date_display, "stage": self.stage.name_en}
                }
            )

    search_depends_on = {"catalogue.Agent": "actors", "catalogue.AgentName": "actors__names"}

    def search_parts(self) -> list[str]:
        parts = [self.title, self.title_en, self.description, self.date_original]
        if self.pk:
            for agent in self.actors.all():
                parts += agent.search_parts()
        return parts


class EventSource(LocatedModel, SafeTextModel):
    """A source that documents an event, with where in it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="event_sources")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="event_sources")
    locator = models.CharField(
        _("locator"), max_length=100, blank=True, help_text=_("The value: 798, 283, 付記一.")
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    # Links are edited inline on events and sources: their history is theirs.
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("source of an event")
        verbose_name_plural = _("sources of events")
        constraints = [
            models.UniqueConstraint(fields=["event", "source"], name="eventsource_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.event}"


class Claim(SearchableModel, PublishableModel):
    """An assertion made in a Work at a page, about stages, strategies and events."""

    work = models.ForeignKey(Work, on_delete=models.PROTECT, related_name="claims")
    pages = models.CharField(_("pages in the work"), max_length=50, blank=True)
    text = models.TextField(_("claim (original)"))
    text_en = models.TextField(_("claim (English)"), blank=True)
    stages = models.ManyToManyField(Stage, related_name="claims", blank=True)
    strategies = models.ManyToManyField(Strategy, related_name="claims", blank=True)
    events = models.ManyToManyField(Event, related_name="claims", blank=True)
    sources = models.ManyToManyField(Source, through="Evidence", related_name="claims", blank=True)
    history = HistoricalRecords(excluded_fields=["search_text"])

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["work", "pk"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")

    def __str__(self) -> str:
        text = self.text_en or self.text
        return text if len(text) <= 80 else f"{text[:79]}…"

    def get_absolute_url(self) -> str:
        return reverse("research:claim-detail", args=[self.pk])

    # A claim is found by the names of the people whose documents back it (any spelling).
    search_depends_on = {
        "catalogue.Work": "work",
        "negotiations.Stage": "stages",
        "negotiations.Strategy": "strategies",
        "catalogue.Source": "sources",
        "catalogue.Agent": "sources__agents",
        "catalogue.AgentName": "sources__agents__names",
    }

    def search_parts(self) -> list[str]:
        parts = [self.text, self.text_en, self.pages]
        if self.work_id:
            parts += self.work.search_parts()
        if self.pk:
            for named in (*self.stages.all(), *self.strategies.all()):
                parts += [named.name, named.name_en]
            agents = {agent.pk: agent for s in self.sources.all() for agent in s.agents.all()}
            for agent in agents.values():
                parts += agent.search_parts()
        return parts


class Evidence(LocatedModel, VersionedModel):
    """A source offered for a claim, down to the document number or page."""

    class Relation(models.TextChoices):
        SUPPORTS = "supports", _("supports")
        CONTRADICTS = "contradicts", _("contradicts")
        QUALIFIES = "qualifies", _("qualifies")
        CONTEXT = "context", _("context")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="evidence")
    relation = models.CharField(
        _("relation"), max_length=12, choices=Relation.choices, default=Relation.SUPPORTS
    )
    locator = models.CharField(
        _("locator"), max_length=100, blank=True, help_text=_("The value: 798, 283, 付記一.")
    )
    footnote = models.CharField(
        _("footnote in the work"), max_length=50, blank=True, help_text=_("II-2 n.27")
    )
    quotation = models.TextField(_("quotation"), blank=True)
    quotation_translation = models.TextField(_("translation of the quotation"), blank=True)
    note = models.TextField(_("note"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "order", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "source", "locator"], name="evidence_unique_locator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_relation_display()} claim {self.claim_id}"


class WorkCitation(VersionedModel):
    """Secondary literature a claim's footnote cites, beside or instead of primary sources.

    Evidence points at documents; a footnote such as "Lensen 1970, p. 104" points at another
    historian's work, and a reader weighing the claim needs both.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="work_citations")
    work = models.ForeignKey(Work, on_delete=models.PROTECT, related_name="claim_citations")
    pages = models.CharField(_("pages in the cited work"), max_length=50, blank=True)
    footnote = models.CharField(
        _("footnote in the claim's work"), max_length=50, blank=True, help_text=_("II-1 n.19")
    )
    note = models.TextField(_("note"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "order", "pk"]
        verbose_name = _("citation of secondary literature")
        verbose_name_plural = _("citations of secondary literature")
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "work", "pages"], name="workcitation_unique_pages"
            )
        ]

    def __str__(self) -> str:
        pages = f", {self.pages}" if self.pages else ""
        return f"{self.work.authors} {self.work.year}{pages}"


class Position(PartialDateModel, VersionedModel):
    """A party's stated position on an issue at a date: the North Sakhalin oil share."""

    issue = models.SlugField(
        _("issue"), max_length=64, help_text=_("north-sakhalin-oil-share"), db_index=True
    )
    party = models.ForeignKey(Agent, on_delete=models.PROTECT, related_name="positions")
    stage = models.ForeignKey(
        Stage, on_delete=models.PROTECT, null=True, blank=True, related_name="positions"
    )
    value_low = models.DecimalField(_("value (low)"), max_digits=6, decimal_places=2)
    value_high = models.DecimalField(_("value (high)"), max_digits=6, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=10, default="%")
    statement = models.TextField(_("statement (Japanese)"), blank=True)
    statement_en = models.TextField(_("statement (English)"), blank=True)
    agreed = models.BooleanField(_("agreed by both sides"), default=False)
    sources = models.ManyToManyField(Source, through="PositionSource", related_name="positions")
    history = HistoricalRecords()

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["issue", "date_start", "pk"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            *PartialDateModel.date_constraints("position"),
            models.CheckConstraint(
                condition=models.Q(value_high__gte=models.F("value_low")),
                name="position_values_ordered",
            ),
        ]

    def __str__(self) -> str:
        value = (
            f"{self.value_low:g}"
            if self.value_low == self.value_high
            else (f"{self.value_low:g}–{self.value_high:g}")
        )
        return f"{self.party}: {value}{self.unit} ({self.date_display})"

    def clean(self) -> None:
        super().clean()
        if (
            self.value_low is not None
            and self.value_high is not None
            and self.value_high < self.value_low
        ):
            raise ValidationError({"value_high": _("The high value is below the low value.")})
        if self.stage_id and not self.stage.covers(self.date_start, self.date_end):
            raise ValidationError({"stage": _("The position's date lies outside its stage.")})


class PositionSource(SafeTextModel):
    """The evidence for a stated position."""

    position = models.ForeignKey(
        Position, on_delete=models.CASCADE, related_name="position_sources"
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="position_sources")
    locator = models.CharField(_("locator"), max_length=100, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("source of a position")
        verbose_name_plural = _("sources of positions")
        constraints = [
            models.UniqueConstraint(fields=["position", "source"], name="positionsource_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.position}"


class SourceStage(models.Model):
    """Derived, never edited: the source supports the stage (the rule is in source_links).

    `public` when a published claim or event makes the link, so the public's `?stage=` and
    facets read the same table as the archivists' with one more condition. Rebuilt by
    source_stage_links_refresh() from every write path that changes claims, evidence, events,
    their sources or strategies.
    """

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="stage_links")
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="source_links")
    public = models.BooleanField(default=False)
    # The source's date_start, kept with the link: see source_links.ordered_by_link_date().
    date_start = models.DateField(null=True, editable=False)

    class Meta:
        verbose_name = _("stage a source supports")
        verbose_name_plural = _("stages sources support")
        constraints = [
            models.UniqueConstraint(fields=["source", "stage"], name="sourcestage_unique")
        ]
        # The filter reads a stage's sources in date order (public is checked in the index);
        # the facets group by stage over a set of sources (the unique index serves that).
        indexes = [
            models.Index(
                fields=["stage", "date_start", "public", "source"], name="sourcestage_by_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.stage_id}"


class SourceStrategy(models.Model):
    """Derived, never edited: the source supports the strategy; see SourceStage."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="strategy_links")
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="source_links")
    public = models.BooleanField(default=False)
    date_start = models.DateField(null=True, editable=False)

    class Meta:
        verbose_name = _("strategy a source supports")
        verbose_name_plural = _("strategies sources support")
        constraints = [
            models.UniqueConstraint(fields=["source", "strategy"], name="sourcestrategy_unique")
        ]
        indexes = [
            models.Index(
                fields=["strategy", "date_start", "public", "source"],
                name="sourcestrategy_by_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.strategy_id}"
