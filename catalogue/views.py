from django.http import HttpResponse
from django.utils import timezone
from django.views.generic import DetailView

from catalogue import citations
from catalogue.facets import source_facets
from catalogue.filters import SourceFilter, is_public
from catalogue.listing import LenientFilterView
from catalogue.models import Source
from catalogue.resources import SourceResource


class SourceListView(LenientFilterView):
    """Search and facets over the sources, with the filter state in the URL."""

    filterset_class = SourceFilter
    template_name = "catalogue/source_list.html"
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

    template_name = "catalogue/source_detail.html"
    context_object_name = "source"

    def get_queryset(self):
        public = is_public(self.request)
        return Source.objects.visible_to(self.request.user).for_page(public=public)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        source = self.object
        context.update(
            nav="sources",
            citation=citations.citation_en(source),
            citation_ja=citations.citation_ja(source),
            stages=source.supported_stages(),
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
