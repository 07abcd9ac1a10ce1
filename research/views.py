"""The researchers' pages: sources with facets and exports, source and claim pages with their
evidence chains, the stage timeline, the oil-share chart and the home page."""

from collections import Counter
from itertools import groupby

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from catalogue import citations
from catalogue.citation_record import citation_record
from catalogue.filters import AgentFilter, SourceAgentFilter
from catalogue.models import Agent, Series, Side, Source, SourceAgent
from catalogue.querysets import source_relations, source_relations_attach
from catalogue.resources import SourceResource
from core.permissions import is_public
from core.querysets import count_by, first_in_each
from negotiations.filters import ClaimFilter
from negotiations.models import Claim, Event, Position, Stage
from negotiations.source_links import sources_for_page, stage_counts, supported_stages
from research import linked_data
from research.charts import midpoint, positions_chart, timeline
from research.chronology import ChronologyForm, chronology_filter, chronology_page
from research.exports import EXPORT_LIMIT
from research.facets import facet_counts, source_facets
from research.filters import SourceFilter
from research.listing import (
    CleanQueryMixin,
    LenientFilterView,
    filter_chips,
    placeholder_labels,
    without_empty,
)
from research.page_metadata import claim_page_metadata, source_page_metadata


class LinkedDataMixin:
    """A detail page that answers `Accept: application/ld+json` with its record as JSON-LD."""

    def linked_data_node(self, base_url: str) -> dict:
        raise NotImplementedError

    def render_to_response(self, context, **response_kwargs):
        if linked_data.accepts_jsonld(self.request):
            base_url = self.request.build_absolute_uri("/")
            response = HttpResponse(
                linked_data.dumps(linked_data.document(self.linked_data_node(base_url))),
                content_type=f"{linked_data.MEDIA_TYPE}; charset=utf-8",
            )
        else:
            response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, ["Accept"])
        return response


class SourceListView(LenientFilterView):
    """Search and facets over the sources, with the filter state in the URL."""

    filterset_class = SourceFilter
    template_name = "research/source_list.html"
    context_object_name = "sources"
    nav = "sources"
    # One control per filter: series, repository, kind, side, language, stage and strategy are
    # the facets (links with result counts, beside the form); the form has what one types.
    form_fields = ("q", "date_from", "date_to", "agent", "number", "ordering")

    def get_queryset(self):
        # The list shows titles, series, dates and agents: the long texts stay unread.
        sources = Source.objects.visible_to(self.request.user).for_list()
        return sources.defer("search_text", "note", "summary")

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        # The filterset read what it could (strict = False): the facets reuse its values, and
        # their grouping of the filtered sources counted the list exactly, so the list needs
        # no count query of its own (nor an estimate past 10,000 rows).
        self.counts = facet_counts(self.request, self.filterset, self.applied_query())
        paginator.count = self.counts["total"]
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["facets"] = source_facets(context["applied_query"], self.counts)
        context["export_limit"] = EXPORT_LIMIT
        # Descriptive titles can repeat (several records of one series of talks): those rows
        # show their document number in the link, so that links and rows differ.
        titles = Counter(source.title for source in context["sources"])
        context["repeated_titles"] = {title for title, n in titles.items() if n > 1}
        return context


class SourceDetailView(LinkedDataMixin, DetailView):
    """Everything known about one source: citation, events, claims, stages, links out."""

    template_name = "research/source_detail.html"
    context_object_name = "source"

    def get_queryset(self):
        public = is_public(self.request)
        return sources_for_page(Source.objects.visible_to(self.request.user), public=public)

    def get_object(self, queryset=None):
        source = super().get_object(queryset)
        source_relations_attach([source], public=is_public(self.request))
        return source

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        source = self.object
        base_url = self.request.build_absolute_uri("/")
        context.update(
            nav="sources",
            page_metadata=source_page_metadata(source, citation_record(source, base_url), base_url),
            citation=citations.citation_en(source),
            citation_ja=citations.citation_ja(source),
            stages=supported_stages(source),
        )
        return context

    def linked_data_node(self, base_url: str) -> dict:
        return linked_data.source_node(self.object, base_url)


def source_export_csv(request):
    """The filtered list as CSV, in the columns the admin's CSV import reads back."""
    filterset = SourceFilter(
        request.GET, queryset=Source.objects.visible_to(request.user), request=request
    )
    queryset = filterset.qs if filterset.is_valid() else Source.objects.none()
    # Loaded here as one list (the resource would page a queryset in chunks of 100).
    rows = list(SourceResource.for_export(queryset)[:EXPORT_LIMIT])
    dataset = SourceResource().export(rows)
    response = HttpResponse(dataset.csv, content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = content_disposition_header(True, f"kosho-sources-{stamp}.csv")
    return response


# Events listed (and plotted) per stage on the stages page.
EVENTS_PER_STAGE = 30


class StageListView(ListView):
    """The periodisation as a timeline, with strategies and supporting sources per stage."""

    template_name = "research/stage_list.html"
    context_object_name = "stages"

    def get_queryset(self):
        return Stage.objects.for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stages = list(context["stages"])
        public = is_public(self.request)
        visible = Event.objects.visible_to(self.request.user)
        # An overview: the first events of each stage, and how many there are in all (the
        # chronology lists every one); a catalogue of thousands of events stays one page.
        first = first_in_each(visible, "stage", EVENTS_PER_STAGE, ("date_start", "pk"))
        events = list(first.order_by("date_start", "pk"))
        event_counts = count_by(visible, "stage")
        # Every visible source: counted as every link but those of the few hidden sources.
        counts = stage_counts(hidden=Source.objects.hidden_from(self.request.user), public=public)
        for stage in stages:
            stage.source_count = counts.get(stage.pk, 0)
            stage.event_list = [e for e in events if e.stage_id == stage.pk]
            stage.more_events = event_counts.get(stage.pk, 0) - len(stage.event_list)
        background = [e for e in events if e.stage_id is None]
        context.update(
            nav="stages",
            stages=stages,
            timeline=timeline(stages, events),
            background=background,
            more_background=event_counts.get(None, 0) - len(background),
        )
        return context


class PositionListView(TemplateView):
    """The North Sakhalin oil-share exchange as a chart over time, one line per party."""

    template_name = "research/position_list.html"
    issue = "north-sakhalin-oil-share"

    def get_context_data(self, **kwargs):
        positions = sorted(
            Position.objects.filter(issue=self.issue).for_detail(public=is_public(self.request)),
            key=lambda p: (midpoint(p), p.pk),
        )
        return super().get_context_data(
            nav="positions", positions=positions, chart=positions_chart(positions), **kwargs
        )


class ClaimListView(LenientFilterView):
    """The claims, filtered by stage, strategy, dates and words."""

    filterset_class = ClaimFilter
    template_name = "research/claim_list.html"
    context_object_name = "claims"
    nav = "claims"
    form_fields = ("q", "stage", "strategy", "date_from", "date_to", "work", "ordering")

    def get_queryset(self):
        return Claim.objects.visible_to(self.request.user).for_list()


class ClaimDetailView(LinkedDataMixin, DetailView):
    """A claim and its evidence chain, grouped by the repository that holds each source."""

    template_name = "research/claim_detail.html"
    context_object_name = "claim"

    def get_queryset(self):
        return Claim.objects.visible_to(self.request.user).for_detail(
            public=is_public(self.request)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evidence = sorted(
            self.object.evidence.all(),
            key=lambda e: (e.source.series.repository.slug, e.order, e.pk),
        )
        # Every edition of each evidence's source, so the reader can follow to any of them.
        related = source_relations(
            {row.source_id for row in evidence}, public=is_public(self.request)
        )
        for row in evidence:
            row.editions = related[row.source_id].editions
        context["chain"] = [
            (repository, list(rows))
            for repository, rows in groupby(evidence, key=lambda e: e.source.series.repository)
        ]
        context["nav"] = "claims"
        context["page_metadata"] = claim_page_metadata(
            self.object, self.request.build_absolute_uri("/")
        )
        return context

    def linked_data_node(self, base_url: str) -> dict:
        return linked_data.claim_node(self.object, base_url)


def jsonld_context(request):
    """The published @context of the catalogue's JSON-LD (also written inline into each
    document)."""
    response = JsonResponse(
        {"@context": linked_data.CONTEXT}, json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Type"] = f"{linked_data.MEDIA_TYPE}; charset=utf-8"
    return response


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        # Evidence counts only where the reader may see its source.
        evidence_count = (
            Count("evidence", filter=Q(evidence__source__status="published"))
            if is_public(self.request)
            else Count("evidence")
        )
        return super().get_context_data(
            stages=Stage.objects.for_list(),
            counts={
                "sources": Source.objects.visible_to(user).count(),
                "events": Event.objects.visible_to(user).count(),
                "claims": Claim.objects.visible_to(user).count(),
            },
            claims=Claim.objects.visible_to(user)
            .for_list()
            .annotate(evidence_count=evidence_count)
            .order_by("pk")[:5],
            **kwargs,
        )


class AgentListView(LenientFilterView):
    """The people, organisations and governments, found by any of their names."""

    filterset_class = AgentFilter
    template_name = "research/agent_list.html"
    context_object_name = "agents"
    nav = "agents"
    form_fields = ("q", "kind", "side")

    def get_queryset(self):
        return Agent.objects.for_list()


class AgentDetailView(CleanQueryMixin, DetailView):
    """An agent's names, the documents they wrote, received or are mentioned in (by role, a
    page at a time), their events and the claims about them."""

    template_name = "research/agent_detail.html"
    context_object_name = "agent"
    documents_per_page = 25

    def get_queryset(self):
        return Agent.objects.for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agent, user = self.object, self.request.user
        parts = SourceAgent.objects.filter(
            agent=agent, source__in=Source.objects.visible_to(user)
        ).for_list()
        roles = SourceAgentFilter(self.request.GET, queryset=parts)
        placeholder_labels(roles.form)
        # An unreadable role shows every document, with the error beside the select.
        documents = roles.qs if roles.is_valid() else parts
        page = Paginator(documents, self.documents_per_page).get_page(self.request.GET.get("page"))
        applied = without_empty(self.request.GET)
        applied.pop("page", None)
        if "role" in roles.errors:
            applied.pop("role", None)
        chips, clear_url = filter_chips(self.request.path, applied, roles.form)
        context.update(
            chips=chips,
            clear_url=clear_url,
            nav="agents",
            role_form=roles.form,
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
            applied_query=applied,
            roles=sorted(set(parts.values_list("role", flat=True))),
            role_labels=dict(SourceAgent.Role.choices),
            events=Event.objects.visible_to(user).with_actor(agent).select_related("stage"),
            claims=Claim.objects.visible_to(user).about_agent(agent).for_list().order_by("pk"),
        )
        return context


class EventDetailView(DetailView):
    """An event with the sources that document it, side by side: Japanese, Soviet, other."""

    template_name = "research/event_detail.html"
    context_object_name = "event"
    columns = ((Side.JAPAN, Side.JAPAN.label), (Side.SOVIET, Side.SOVIET.label))

    def get_queryset(self):
        return Event.objects.visible_to(self.request.user).for_detail(
            public=is_public(self.request), sided=True
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        links = sorted(
            self.object.event_sources.all(),
            key=lambda link: (link.source.date_start is None, link.source.date_start, link.pk),
        )
        named = {side for side, _label in self.columns}
        context.update(
            nav="chronology",
            columns=[
                *((label, [x for x in links if x.side == side]) for side, label in self.columns),
                (_("Other"), [x for x in links if x.side not in named]),
            ],
        )
        return context


class ChronologyView(CleanQueryMixin, TemplateView):
    """Events and dated sources day by day, filtered by stage, side and agent."""

    template_name = "research/chronology.html"
    days_per_page = 25

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request, user = self.request, self.request.user
        form = ChronologyForm(request.GET or None)
        placeholder_labels(form)
        data = {}
        if form.is_bound:
            form.is_valid()
            data = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
        events, sources = chronology_filter(
            Event.objects.visible_to(user),
            Source.objects.visible_to(user),
            data,
            public=is_public(request),
        )
        page, days = chronology_page(events, sources, request.GET.get("page"), self.days_per_page)
        applied = without_empty(request.GET)
        for name in ("page", *form.errors):
            applied.pop(name, None)
        chips, clear_url = filter_chips(request.path, applied, form)
        # The sources list reads the same stage, side and agent filters.
        source_filters = urlencode({k: v for k, v in applied.items() if k in data})
        context.update(
            nav="chronology",
            source_filters=source_filters,
            chips=chips,
            clear_url=clear_url,
            form=form,
            form_fields=list(form),
            days=days,
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
            applied_query=applied,
        )
        return context


class AbbreviationListView(ListView):
    """The series abbreviations the citations use (外文, ДВП, FRUS…), with what they stand for."""

    template_name = "research/abbreviation_list.html"
    context_object_name = "series_list"

    def get_queryset(self):
        return Series.objects.exclude(abbreviation="").select_related("repository")

    def get_context_data(self, **kwargs):
        return super().get_context_data(nav="sources", **kwargs)
