from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from catalogue.identifiers import (
    IdentifierType,
    identifier_link,
    identifier_normalise,
    identifier_same_as,
    is_digitised,
)
from catalogue.identifiers import types_for as identifier_types_for
from catalogue.querysets import AgentQuerySet, SourceAgentQuerySet, SourceQuerySet, WorkQuerySet
from core.dates import format_partial_date
from core.derived import SELF, Refresher
from core.i18n import language_name
from core.models import (
    PartialDateModel,
    PublishableModel,
    SafeTextModel,
    SearchableModel,
    VersionedModel,
)
from core.text import spelling_variants


class Language(SafeTextModel):
    """An ISO 639-1 language a source is written in; a table so that it filters and facets."""

    # Letters, digits and hyphens only: a source stores its codes between spaces
    # (Source.language_codes).
    code = models.CharField(
        _("code"),
        max_length=8,
        primary_key=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9-]+$", _("Enter an ISO 639-1 code: letters, digits and hyphens.")
            )
        ],
    )
    name = models.CharField(_("name"), max_length=50)
    name_ja = models.CharField(_("name (Japanese)"), max_length=50, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return language_name(self.code, self.name, self.name_ja)


class Side(models.TextChoices):
    """The party to the talks an agent belonged to, or a document speaks for."""

    JAPAN = "japan", _("Japan")
    SOVIET = "soviet", _("Soviet")
    UNITED_STATES = "united-states", _("United States")
    BRITAIN = "britain", _("Britain")
    CHINA = "china", _("China")
    OTHER = "other", _("other")


class Repository(VersionedModel):
    """A holding institution or publisher: 外務省外交史料館, МИД СССР, Office of the Historian."""

    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    name = models.CharField(_("name (original)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    name_romanized = models.CharField(_("name (romanised)"), max_length=255, blank=True)
    url = models.URLField(_("URL"), blank=True)
    side = models.CharField(
        _("side"),
        max_length=16,
        choices=Side.choices,
        blank=True,
        help_text=_("The side its documents speak for when their authors are not recorded."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("repository")
        verbose_name_plural = _("repositories")

    def __str__(self) -> str:
        return self.name


class Series(VersionedModel):
    """A collection inside a repository: a record group, a published volume, a newspaper."""

    class Kind(models.TextChoices):
        RECORD_GROUP = "record_group", _("archival record group")
        PUBLISHED_SERIES = "published_series", _("published documentary series")
        VOLUME = "volume", _("published volume")
        NEWSPAPER = "newspaper", _("newspaper or periodical")
        COLLECTION = "collection", _("documentary collection")

    repository = models.ForeignKey(
        Repository, on_delete=models.PROTECT, related_name="series", verbose_name=_("repository")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent series"),
    )
    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title (original)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    title_romanized = models.CharField(_("title (romanised)"), max_length=255, blank=True)
    abbreviation = models.CharField(
        _("abbreviation"), max_length=50, blank=True, help_text=_("As cited: 外文, ДВП, FRUS.")
    )
    year = models.PositiveSmallIntegerField(_("year covered"), null=True, blank=True)
    published = models.CharField(_("publication details"), max_length=255, blank=True)
    # The printed volume's own data, as a reference manager records a book: kept apart from
    # `year` (the year its documents cover) so that a document is never dated by its volume.
    volume = models.CharField(
        _("volume"), max_length=50, blank=True, help_text=_("As numbered: 大正13年第1冊, VII, II.")
    )
    editor = models.CharField(
        _("editor"), max_length=255, blank=True, help_text=_("Person or body: 外務省, Jane Degras.")
    )
    publisher = models.CharField(_("publisher"), max_length=255, blank=True)
    place = models.CharField(_("place of publication"), max_length=100, blank=True)
    publication_year = models.PositiveSmallIntegerField(
        _("year of publication"),
        null=True,
        blank=True,
        help_text=_("Of the printed volume; leave empty where it is not verified."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        ancestor, seen = self.parent, {self.pk}
        while ancestor is not None:
            if ancestor.pk in seen:
                raise ValidationError({"parent": _("A series cannot be its own ancestor.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    def descendant_ids(self) -> list[int]:
        """This series and every series below it (trees here are a few levels deep)."""
        ids, frontier = [self.pk], [self.pk]
        while frontier:
            frontier = list(
                Series.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            )
            ids.extend(frontier)
        return ids


class Agent(SearchableModel, VersionedModel):
    """A person, organisation or government; its names live in AgentName rows."""

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        ORGANISATION = "organisation", _("organisation")
        GOVERNMENT = "government", _("government")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    note = models.TextField(
        _("note"), blank=True, help_text=_("Offices held in 1918–1925, life dates.")
    )
    side = models.CharField(_("side"), max_length=16, choices=Side.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = AgentQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("agent")
        verbose_name_plural = _("agents")

    def __str__(self) -> str:
        return self.preferred_name()

    def get_absolute_url(self) -> str:
        return reverse("research:agent-detail", args=[self.slug])

    def preferred_name(self, language: str = "") -> str:
        """The preferred name in `language`, else any preferred name, else the slug.

        Reads the prefetched `names` where they are loaded, so lists stay at fixed queries.
        """
        names = list(self.names.all()) if self.pk else []
        for wanted in (language, None):
            for name in names:
                if name.preferred and (wanted is None or name.language == wanted):
                    return name.value
        return names[0].value if names else self.slug

    search_depends_on = {"catalogue.AgentName": "names"}

    def search_parts(self) -> list[str]:
        names = self.names.all() if self.pk else []
        # Every name with the spellings readers use for it: Yosizawa, Ioffe, Karahan.
        return [
            self.slug,
            *(part for name in names for part in (name.value, *spelling_variants(name.value))),
        ]


class AgentName(SafeTextModel):
    """One name of an agent in one language and script: ヨッフェ / Иоффе / Joffe."""

    class Script(models.TextChoices):
        JAPANESE = "Jpan", _("Japanese (kanji/kana)")
        CYRILLIC = "Cyrl", _("Cyrillic")
        LATIN = "Latn", _("Latin")
        CHINESE = "Hani", _("Chinese (Han)")

    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="names")
    value = models.CharField(_("name"), max_length=255)
    language = models.CharField(_("language"), max_length=8, help_text=_("ja, ru, en, zh…"))
    script = models.CharField(_("script"), max_length=4, choices=Script.choices)
    transliteration = models.CharField(
        _("transliteration scheme"),
        max_length=40,
        blank=True,
        help_text=_("For romanised names: Hepburn, Library of Congress, customary English…"),
    )
    preferred = models.BooleanField(_("preferred in this language"), default=False)
    # Names are edited inline on the agent: their history is the agent's history.
    history = HistoricalRecords()

    class Meta:
        ordering = ["agent", "-preferred", "language", "value"]
        verbose_name = _("agent name")
        verbose_name_plural = _("agent names")
        constraints = [
            models.UniqueConstraint(
                fields=["agent", "language"],
                condition=Q(preferred=True),
                name="agentname_one_preferred_per_language",
            ),
            models.UniqueConstraint(
                fields=["agent", "value", "language"], name="agentname_unique_value"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} ({self.language})"


class Work(SearchableModel, VersionedModel):
    """Secondary literature in which claims are made (Lensen 1970, 小林 1985, Ozawa 1987)."""

    class Kind(models.TextChoices):
        BOOK = "book", _("book")
        ARTICLE = "article", _("journal article")
        CHAPTER = "chapter", _("book chapter")
        THESIS = "thesis", _("thesis")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    authors = models.CharField(_("authors"), max_length=255, help_text=_("As cited: 小澤治子"))
    authors_romanized = models.CharField(_("authors (romanised)"), max_length=255, blank=True)
    title = models.CharField(_("title (original)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    title_romanized = models.CharField(_("title (romanised)"), max_length=500, blank=True)
    container_title = models.CharField(
        _("journal or book"),
        max_length=500,
        blank=True,
        help_text=_("法學研究, or the edited book"),
    )
    volume = models.CharField(_("volume / issue"), max_length=50, blank=True)
    pages = models.CharField(_("pages"), max_length=50, blank=True)
    publisher = models.CharField(_("publisher"), max_length=255, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="works")
    url = models.URLField(_("URL"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = WorkQuerySet.as_manager()

    class Meta:
        ordering = ["authors", "year"]
        verbose_name = _("work")
        verbose_name_plural = _("works")

    def __str__(self) -> str:
        return f"{self.authors} {self.year}, {self.title}"

    def search_parts(self) -> list[str]:
        return [
            self.authors,
            self.authors_romanized,
            self.title,
            self.title_en,
            self.title_romanized,
            self.container_title,
            str(self.year),
        ]


@dataclass(frozen=True)
class RelatedSource:
    """A source as another source's page lists it: the relation read from that page's end."""

    relation: "SourceRelation | None"  # None: the same text, reached through another edition
    source: "Source"
    label: str
    side: str

    @property
    def same_text(self) -> bool:
        return self.relation is None or self.relation.same_text

    @property
    def type(self) -> str | None:
        """The relation's type; None for an edition reached through another."""
        return self.relation.type if self.relation else None

    @property
    def note(self) -> str:
        return self.relation.note if self.relation else ""

    def get_side_display(self) -> str:
        return Side(self.side).label if self.side in Side.values else ""


class Source(SearchableModel, PartialDateModel, PublishableModel):
    """One citable primary source: a numbered document, an archival file, a newspaper issue."""

    class Kind(models.TextChoices):
        TELEGRAM = "telegram", _("telegram")
        NOTE = "note", _("diplomatic note")
        MEMORANDUM = "memorandum", _("memorandum")
        MINUTES = "minutes", _("minutes of a meeting")
        INSTRUCTION = "instruction", _("instruction")
        REPORT = "report", _("report")
        LETTER = "letter", _("letter")
        TREATY = "treaty", _("treaty or agreement")
        REGULATION = "regulation", _("regulation or decree")
        STATEMENT = "statement", _("statement or declaration")
        ARTICLE = "article", _("newspaper or journal article")
        FILE = "file", _("archival file")
        OTHER = "other", _("other")

    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, related_name="sources", verbose_name=_("series")
    )
    number = models.CharField(
        _("number"),
        max_length=64,
        blank=True,
        help_text=_("Document number (464) or archival classification (2.5.1.106-4-7)."),
    )
    pages = models.CharField(_("pages"), max_length=64, blank=True, help_text=_("798 or 802–804"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title (original)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    title_romanized = models.CharField(_("title (romanised)"), max_length=500, blank=True)
    languages = models.ManyToManyField(
        Language, related_name="sources", verbose_name=_("languages")
    )
    agents = models.ManyToManyField(
        Agent, through="SourceAgent", related_name="sources", verbose_name=_("agents")
    )
    summary = models.TextField(_("summary"), blank=True)
    external_id = models.CharField(
        _("external identifier"), max_length=128, blank=True, help_text=_("frus1924v02/d585")
    )
    url = models.URLField(_("URL"), max_length=500, blank=True)
    note = models.TextField(_("archivist's note"), blank=True)
    # Derived, kept by core.derived (catalogue.apps): the side the source speaks for, stored so
    # that the side filter and facet read a column instead of a subquery per source.
    side = models.CharField(
        _("side"), max_length=16, choices=Side.choices, blank=True, editable=False
    )
    # Derived the same way: the codes of the source's languages, sorted, between spaces
    # (language_codes_key). The language filter and facet read this column with the other
    # facet columns from one index (source_facets) instead of joining the language links.
    language_codes = models.CharField(
        _("language codes"), max_length=255, blank=True, editable=False
    )
    history = HistoricalRecords(excluded_fields=["search_text", "side", "language_codes"])

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["date_start", "series__order", "series__slug", "number", "pk"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            *PartialDateModel.date_constraints("source"),
            models.UniqueConstraint(
                fields=["series", "number", "pages"],
                condition=~Q(number="", pages=""),
                name="source_unique_series_number_pages",
                violation_error_message=_(
                    "A source with this series, number and pages already exists."
                ),
            ),
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="source_unique_external_id",
                violation_error_message=_("A source with this external identifier already exists."),
            ),
        ]
        indexes = [
            # The orderings lists offer (`ordering=date`, `ordering=title`, pk last), walked in
            # index order so a first page reads a page of rows, not the table.
            models.Index(fields=["date_start", "date_end", "id"], name="source_date_order"),
            models.Index(fields=["title", "id"], name="source_title_order"),
            # OAI-PMH pages by (updated_at, pk) over published sources: a keyset that costs the
            # same at any depth.
            models.Index(
                fields=["updated_at", "id"],
                condition=Q(status="published"),
                name="source_published_updated",
            ),
            # Facets group the visible sources by series, kind, side and languages, and semi-join
            # their ids with the stage and strategy links: all read from this index alone.
            models.Index(
                fields=["status", "series", "kind", "side", "language_codes", "id"],
                name="source_facets",
            ),
            # A date range over the visible sources (`date_from`/`date_to`) with the facet
            # columns and ids: the facets group and semi-join the sources of a range from the
            # index alone instead of the table. The number and creation time after the id make
            # the list's page in date order (its sort keys and the records' stamps) an index-only
            # walk: page 2,000 by OFFSET reads 97,000 entries, not 97,000 rows. They are trailing
            # keys, as the id is, rather than INCLUDE, which SQLite lacks (every command there
            # warned of it).
            models.Index(
                fields=[
                    "status",
                    "date_start",
                    "date_end",
                    "series",
                    "kind",
                    "side",
                    "language_codes",
                    "id",
                    "number",
                    "created_at",
                ],
                name="source_status_dates",
            ),
            # The few sources the public does not see: facets over everything visible count
            # "every link but those of these sources" (research.facets).
            models.Index(fields=["id"], condition=~Q(status="published"), name="source_hidden"),
        ]

    def __str__(self) -> str:
        ref = " ".join(part for part in (self.number, self.pages) if part)
        return f"{self.series.abbreviation or self.series.title} {ref}: {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("research:source-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        # A new source has no authors yet: it speaks for its repository until core.derived
        # refreshes it from the agents saved with it.
        if self._state.adding and not self.side and self.series_id:
            self.side = self.series.repository.side
        super().save(*args, **kwargs)

    def validate_constraints(self, exclude=None):
        # Show the duplicate-document error on the number field, where the archivist looks.
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            if not hasattr(error, "error_dict") or NON_FIELD_ERRORS not in error.error_dict:
                raise
            errors = error.error_dict
            errors.setdefault("number", []).extend(errors.pop(NON_FIELD_ERRORS))
            raise ValidationError(errors) from error

    def identifier_list(self) -> list:
        """Its identifiers (the prefetched `identifiers`), with the FRUS document that
        `external_id` names, the FRUS import's key, unless a row repeats it."""
        rows = list(self.identifiers.all()) if self.pk else []
        if self.external_id and not any(row.value == self.external_id for row in rows):
            try:
                value = identifier_normalise(IdentifierType.FRUS, self.external_id)
            except ValidationError:
                return rows
            rows.append(SourceIdentifier(source=self, type=IdentifierType.FRUS, value=value))
        return rows

    def digitised_url(self) -> str:
        """Where the original can be read: the first identifier that opens the document, else
        the URL recorded on the source."""
        return next((row.link for row in self.identifier_list() if row.digitised), self.url)

    def editions(self) -> list["RelatedSource"]:
        """The same text elsewhere: other editions, translations, drafts, excerpts, along the
        whole chain. Set by catalogue.querysets.source_relations_attach()."""
        related = getattr(self, "related_sources", None)
        return related.editions if related else []

    def other_side_reports(self) -> list["RelatedSource"]:
        """Reports of the same meeting or event from another side (source_relations_attach)."""
        related = getattr(self, "related_sources", None)
        return related.reports if related else []

    # 100,000 sources: a search's count and first page read the postings alone (catalogue/0019).
    gram_postings = True
    search_depends_on = {
        "catalogue.Series": "series",
        "catalogue.Agent": "agents",
        "catalogue.AgentName": "agents__names",
        "catalogue.SourceIdentifier": "identifiers",
    }

    def search_parts(self) -> list[str]:
        parts = [self.number, self.pages, self.title, self.title_en, self.title_romanized]
        parts += [self.summary, self.date_original, self.external_id]
        # A row not yet written has no identifiers or agent links to look up, even when a bulk
        # writer gave it its primary key: asking would cost a query per new source.
        stored = self.pk is not None and not self._state.adding
        # A JACAR code or NDL pid pasted into the search box finds its source.
        parts += [row.value for row in self.identifiers.all()] if stored else []
        parts += [self.series.title, self.series.title_en, self.series.abbreviation]
        # A bulk writer may hand a new source its agents (as prefetch_related leaves them) so
        # that its text is complete when it is first written.
        agents = getattr(self, "_prefetched_objects_cache", {}).get("agents")
        if agents is None:
            agents = self.agents.all() if stored else []
        for agent in agents:
            parts += agent.search_parts()
        return parts


class SourceAgent(SafeTextModel):
    """An agent's part in a source: who wrote it, to whom, who is its subject."""

    class Role(models.TextChoices):
        AUTHOR = "author", _("author / sender")
        RECIPIENT = "recipient", _("recipient")
        MENTIONED = "mentioned", _("mentioned")

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="source_agents")
    agent = models.ForeignKey(Agent, on_delete=models.PROTECT, related_name="source_agents")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SourceAgentQuerySet.as_manager()

    class Meta:
        ordering = ["source", "role", "order", "pk"]
        verbose_name = _("agent of a source")
        verbose_name_plural = _("agents of sources")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "agent", "role"], name="sourceagent_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agent} ({self.get_role_display()})"


class SourceDate(PartialDateModel, SafeTextModel):
    """One of a document's dates besides its main one: when it was written, sent, received or
    published ("[Received October 16, 9:40 a.m.]", 5月15日発 / 5月16日着).

    A row per date rather than columns on the source: a telegram in parts has several received
    dates, each date keeps its own wording, time and place, and a document with none costs
    nothing. The source's own date stays the one it is ordered and filtered by.
    """

    class Role(models.TextChoices):
        # In context: "published" of a record (公開) is not "published" of a document (公表).
        WRITTEN = "written", pgettext_lazy("date of a source", "written")
        SENT = "sent", pgettext_lazy("date of a source", "sent")
        RECEIVED = "received", pgettext_lazy("date of a source", "received")
        PUBLISHED = "published", pgettext_lazy("date of a source", "published")

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="dates", verbose_name=_("source")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    time = models.TimeField(
        _("time"),
        null=True,
        blank=True,
        help_text=_("Local clock time where the document says it, e.g. 21:00 for “9 p.m.”."),
    )
    note = models.CharField(
        _("note"),
        max_length=255,
        blank=True,
        help_text=_("Where or how: “at Washington”, “second part”, “by wireless”."),
    )
    # Edited inline on the source: its history is the source's history.
    history = HistoricalRecords()

    class Meta:
        # Chronological; a date without a time before the same date with one, on every backend.
        ordering = ["source", "date_start", F("time").asc(nulls_first=True), "pk"]
        verbose_name = _("date of a source")
        verbose_name_plural = _("dates of a source")
        constraints = [
            *PartialDateModel.date_constraints("sourcedate"),
            models.CheckConstraint(
                condition=Q(date_start__isnull=False), name="sourcedate_date_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.display()}"

    def clean(self) -> None:
        super().clean()
        if self.date_start is None:
            raise ValidationError({"date_start": _("Give the date.")})

    def display(self, language: str = "") -> str:
        """The date and, where known, the time, in `language` (else the active one):
        "16 October 1924, 9:40 a.m.", "1924年10月16日 9:40"."""
        language = language or translation.get_language() or "en"
        text = format_partial_date(
            self.date_start, self.date_end, self.date_precision, self.date_approximate, language
        )
        if self.time is None:
            return text
        with translation.override(language):
            clock = formats.time_format(self.time, "TIME_FORMAT")
        return f"{text} {clock}" if language.startswith("ja") else f"{text}, {clock}"


class Identifier(VersionedModel):
    """An identifier of a record in another system (type + value), checked against its scheme
    (catalogue.identifiers) and linked to the page that opens the original."""

    Type = IdentifierType
    kind = ""  # "source" or "agent": which types apply

    type = models.CharField(_("type"), max_length=16, choices=IdentifierType.choices)
    value = models.CharField(_("value"), max_length=500)
    note = models.CharField(
        _("note"), max_length=255, blank=True, help_text=_("Which part of the record it names.")
    )

    class Meta:
        abstract = True
        ordering = ["type", "value", "pk"]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.value}"

    def clean(self) -> None:
        super().clean()
        if self.type and self.type not in identifier_types_for(self.kind):
            raise ValidationError(
                {"type": _("This type of identifier does not apply to this kind of record.")}
            )
        if self.type:
            try:
                self.value = identifier_normalise(self.type, self.value)
            except ValidationError as error:
                raise ValidationError({"value": error.messages}) from error

    @property
    def link(self) -> str:
        """The page that opens the original (or the authority record), "" where none is known."""
        return identifier_link(self.type, self.value)

    @property
    def same_as(self) -> str:
        return identifier_same_as(self.type, self.value)

    @property
    def digitised(self) -> bool:
        """Whether `link` opens the document itself."""
        return is_digitised(self.type) and bool(self.link)


class SourceIdentifier(Identifier):
    """JACAR reference code, NDL pid, FRUS document, 外文 volume and page… of one source."""

    kind = "source"
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="identifiers")
    history = HistoricalRecords()

    class Meta(Identifier.Meta):
        verbose_name = _("identifier of a source")
        verbose_name_plural = _("identifiers of sources")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "type", "value"],
                name="sourceidentifier_unique",
                violation_error_message=_("This source already has this identifier."),
            )
        ]


class AgentIdentifier(Identifier):
    """Wikidata item, VIAF cluster, NDL name authority of one agent."""

    kind = "agent"
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="identifiers")
    history = HistoricalRecords()

    class Meta(Identifier.Meta):
        verbose_name = _("identifier of an agent")
        verbose_name_plural = _("identifiers of agents")
        constraints = [
            models.UniqueConstraint(
                fields=["agent", "type", "value"],
                name="agentidentifier_unique",
                violation_error_message=_("This agent already has this identifier."),
            )
        ]


class SourceRelation(VersionedModel):
    """Two sources that are the same text (an edition, a translation, a draft, an excerpt of
    the other), or two reports of one meeting or event from different sides.

    One row per pair, read from both ends: `source` is a translation (draft, excerpt) of
    `related`; edition and other-side reports are symmetric."""

    class Type(models.TextChoices):
        EDITION = "edition", _("same text, another edition")
        TRANSLATION = "translation", _("translation of")
        DRAFT = "draft", _("draft of")
        EXCERPT = "excerpt", _("excerpt of")
        OTHER_SIDE = "other_side", _("the other side's report of the same meeting")

    SAME_TEXT = (Type.EDITION, Type.TRANSLATION, Type.DRAFT, Type.EXCERPT)
    SYMMETRIC = (Type.EDITION, Type.OTHER_SIDE)
    # How the relation reads from `related`'s end.
    INVERSE = {
        Type.EDITION: _("same text, another edition"),
        Type.TRANSLATION: _("translated in"),
        Type.DRAFT: _("final text of"),
        Type.EXCERPT: _("full text of"),
        Type.OTHER_SIDE: _("the other side's report of the same meeting"),
    }

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="relations_from", verbose_name=_("source")
    )
    related = models.ForeignKey(
        Source,
        on_delete=models.CASCADE,
        related_name="relations_to",
        verbose_name=_("related source"),
    )
    type = models.CharField(_("relation"), max_length=16, choices=Type.choices)
    note = models.TextField(_("note"), blank=True, help_text=_("Where the paper says so, cite it."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["source", "type", "related", "pk"]
        verbose_name = _("relation between sources")
        verbose_name_plural = _("relations between sources")
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=F("related")),
                name="sourcerelation_not_self",
                violation_error_message=_("A source cannot be related to itself."),
            ),
            # One relation per pair, whichever end it was entered from.
            models.UniqueConstraint(
                Least("source", "related"),
                Greatest("source", "related"),
                name="sourcerelation_one_per_pair",
                violation_error_message=_("These two sources are already related."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.type} {self.related_id}"

    def clean(self) -> None:
        super().clean()
        if self.source_id and self.source_id == self.related_id:
            raise ValidationError({"related": _("A source cannot be related to itself.")})

    def validate_constraints(self, exclude=None):
        # The pair rule is about the related source: say so beside it.
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            if not hasattr(error, "error_dict") or NON_FIELD_ERRORS not in error.error_dict:
                raise
            errors = error.error_dict
            errors.setdefault("related", []).extend(errors.pop(NON_FIELD_ERRORS))
            raise ValidationError(errors) from error

    @property
    def same_text(self) -> bool:
        return self.type in self.SAME_TEXT

    def label_from(self, source_id: int) -> str:
        """The relation as read from the end `source_id`."""
        if source_id == self.source_id:
            return self.get_type_display()
        return str(self.INVERSE[self.type])


def source_side_refreshers() -> list[Refresher]:
    """`Source.side` and `Source.language_codes` as derived data: the rows each is read from, so
    that core.derived refreshes them from every write path (registered in the app's ready())."""
    return [
        Refresher(
            name="language_codes",
            target=Source,
            # A source's language links are part of the source: whoever sets them passes it.
            depends_on={"catalogue.Source": SELF},
            refresh=lambda sources: sources.refresh_language_codes(),
        ),
        Refresher(
            name="side",
            target=Source,
            depends_on={
                "catalogue.Source": SELF,
                "catalogue.SourceAgent": "source_agents",
                "catalogue.Agent": "agents",
                "catalogue.Series": "series",
                "catalogue.Repository": "series__repository",
            },
            refresh=lambda sources: sources.refresh_side(),
        ),
    ]
