"""The researchers' pages: sources with facets and exports, source and claim pages with their
evidence chains, the stage timeline, the oil-share chart and the home page."""

from itertools import groupby

from django.db.models import Count, Q
from django.http import HttpResponse
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView

from catalogue import citations
from catalogue.models import Source
from catalogue.resources import SourceResource
from core.permissions import is_public
from negotiations.filters import ClaimFilter
from negotiations.models import Claim, Event, Position, Stage
from negotiations.source_links import sources_for_page, sources_in_stage, supported_stages
from research.charts import midpoint, positions_chart, timeline
from research.facets import source_facets
from research.filters import SourceFilter
from research.listing import LenientFilterView


class SourceListView(LenientFilterView):
    """Search and facets over the sources, with the filter state in the URL."""

    filterset_class = SourceFilter
    template_name = "research/source_list.html"
    context_object_name = "sources"
    nav = "sources"
    form_fields = (
        "q",
        "series",
        "repository",
        "kind",
        "language",
        "date_from",
        "date_to",
        "stage",
        "strategy",
        "agent",
        "number",
        "ordering",
    )

    def get_base_queryset(self):
        return Source.objects.visible_to(self.request.user).for_list()

    def get_queryset(self):
        return self.get_base_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["facets"] = source_facets(
            self.request, self.get_base_queryset(), self.readable_params
        )
        return context


class SourceDetailView(DetailView):
    """Everything known about one source: citation, events, claims, stages, links out."""

    template_name = "research/source_detail.html"
    context_object_name = "source"

    def get_queryset(self):
        public = is_public(self.request)
        return sources_for_page(Source.objects.visible_to(self.request.user), public=public)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        source = self.object
        context.update(
            nav="sources",
            citation=citations.citation_en(source),
            citation_ja=citations.citation_ja(source),
            stages=supported_stages(source),
        )
        return context


def source_export_csv(request):
    """The filtered list as CSV, in the columns the admin's CSV import reads back."""
    filterset = SourceFilter(
        request.GET, queryset=Source.objects.visible_to(request.user), request=request
    )
    queryset = filterset.qs if filterset.is_valid() else Source.objects.none()
    dataset = SourceResource().export(queryset.for_list())
    response = HttpResponse(dataset.csv, content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="kosho-sources-{stamp}.csv"'
    return response


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
        events = list(Event.objects.visible_to(self.request.user).order_by("date_start", "pk"))
        sources = Source.objects.visible_to(self.request.user)
        for stage in stages:
            # One count per stage: five stages, five queries, however many sources.
            stage.source_count = sources_in_stage(sources, stage.slug, public=public).count()
            stage.event_list = [e for e in events if e.stage_id == stage.pk]
        context.update(
            nav="stages",
            stages=stages,
            timeline=timeline(stages, events),
            background=[e for e in events if e.stage_id is None],
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

    def get_base_queryset(self):
        return Claim.objects.visible_to(self.request.user).for_list()

    def get_queryset(self):
        return self.get_base_queryset()


class ClaimDetailView(DetailView):
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
        context["chain"] = [
            (repository, list(rows))
            for repository, rows in groupby(evidence, key=lambda e: e.source.series.repository)
        ]
        context["nav"] = "claims"
        return context


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
