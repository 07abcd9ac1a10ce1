from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.utils.translation import gettext_lazy as _

from catalogue.admin import SourceAdmin as CatalogueSourceAdmin
from catalogue.models import Source
from core.admin import (
    CsvImportExportMixin,
    KoshoAdmin,
    NormalisedSearchMixin,
    PartialDateAdminMixin,
    PublishableAdminMixin,
)
from core.forms import PartialDateModelForm
from negotiations.models import (
    Claim,
    Conference,
    Event,
    EventSource,
    Evidence,
    Position,
    PositionSource,
    Stage,
    Strategy,
    WorkCitation,
)
from negotiations.resources import EventResource, EvidenceResource
from negotiations.source_links import ordered_by_link_date, sources_in_stage


class RequiredDateForm(PartialDateModelForm):
    date_required = True


@admin.register(Conference)
class ConferenceAdmin(PartialDateAdminMixin, KoshoAdmin):
    form = RequiredDateForm
    list_display = ["name_en", "name", "date_display", "place", "order"]
    search_fields = ["slug", "name", "name_en"]
    exclude = ["date_start", "date_end", "date_precision", "date_approximate", "date_original"]


@admin.register(Stage)
class StageAdmin(PartialDateAdminMixin, KoshoAdmin):
    form = RequiredDateForm
    list_display = ["name_en", "name", "conference", "phase", "date_display", "order"]
    list_filter = ["conference", "phase"]
    list_select_related = ["conference"]
    search_fields = ["slug", "name", "name_en"]
    exclude = ["date_start", "date_end", "date_precision", "date_approximate", "date_original"]


@admin.register(Strategy)
class StrategyAdmin(KoshoAdmin):
    list_display = ["name_en", "name", "slug", "order"]
    list_filter = ["stages"]
    search_fields = ["slug", "name", "name_en", "definition", "definition_en"]
    filter_horizontal = ["stages"]


class EventSourceInline(admin.TabularInline):
    model = EventSource
    extra = 1
    autocomplete_fields = ["source"]
    fields = ["source", "locator_type", "locator", "note"]


@admin.register(Event)
class EventAdmin(
    CsvImportExportMixin,
    PublishableAdminMixin,
    PartialDateAdminMixin,
    NormalisedSearchMixin,
    KoshoAdmin,
):
    resource_classes = [EventResource]
    form = RequiredDateForm
    list_display = ["date_display", "title", "title_en", "stage", "status"]
    list_display_links = ["title"]
    list_filter = ["status", "stage"]
    date_hierarchy = "date_start"
    autocomplete_fields = ["actors"]
    inlines = [EventSourceInline]
    history_children = ((EventSource, "event"),)
    exclude = ["date_start", "date_end", "date_precision", "date_approximate", "date_original"]


class EvidenceInline(admin.StackedInline):
    model = Evidence
    extra = 1
    autocomplete_fields = ["source"]
    fields = [
        ("source", "relation"),
        ("locator_type", "locator", "footnote", "order"),
        "quotation",
        "quotation_translation",
        "note",
    ]


class WorkCitationInline(admin.TabularInline):
    model = WorkCitation
    extra = 1
    autocomplete_fields = ["work"]
    fields = ["work", "pages", "footnote", "note", "order"]


@admin.register(Claim)
class ClaimAdmin(PublishableAdminMixin, NormalisedSearchMixin, KoshoAdmin):
    list_display = ["__str__", "work", "pages", "evidence_count", "status"]
    list_filter = ["status", "stages", "strategies", "work"]
    autocomplete_fields = ["work", "events"]
    filter_horizontal = ["stages", "strategies"]
    inlines = [EvidenceInline, WorkCitationInline]
    history_children = ((Evidence, "claim"), (WorkCitation, "claim"))

    @admin.display(description=_("evidence"))
    def evidence_count(self, obj):
        return len(obj.evidence.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("evidence")


@admin.register(Evidence)
class EvidenceAdmin(CsvImportExportMixin, KoshoAdmin):
    resource_classes = [EvidenceResource]
    list_display = ["claim", "source", "relation", "locator_display", "footnote"]
    list_filter = ["relation"]
    list_select_related = ["claim", "source", "source__series"]
    autocomplete_fields = ["claim", "source"]
    search_fields = ["locator", "footnote", "quotation", "note"]


class PositionSourceInline(admin.TabularInline):
    model = PositionSource
    extra = 1
    autocomplete_fields = ["source"]


@admin.register(Position)
class PositionAdmin(PartialDateAdminMixin, KoshoAdmin):
    form = RequiredDateForm
    list_display = ["issue", "party", "value_low", "value_high", "date_display", "agreed"]
    list_filter = ["issue", "stage", "agreed"]
    autocomplete_fields = ["party"]
    inlines = [PositionSourceInline]
    exclude = ["date_start", "date_end", "date_precision", "date_approximate", "date_original"]


class StageListFilter(admin.SimpleListFilter):
    """Sources that support a stage, in the sense the researchers' ?stage= uses."""

    title = _("stage supported")
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        return list(Stage.objects.values_list("slug", "name_en"))

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        stage = Stage.objects.filter(slug=self.value()).first()
        return sources_in_stage(queryset, stage) if stage else queryset.none()


class SourceEventInline(admin.TabularInline):
    """The events a source documents, entered from the source's own form."""

    model = EventSource
    extra = 1
    autocomplete_fields = ["event"]
    fields = ["event", "locator", "note"]
    verbose_name = _("event it documents")
    verbose_name_plural = _("events it documents")


class SourceEvidenceInline(admin.TabularInline):
    """The claims a source is evidence for, entered from the source's own form."""

    model = Evidence
    extra = 1
    autocomplete_fields = ["claim"]
    fields = ["claim", "relation", "locator", "footnote"]
    verbose_name = _("claim it is evidence for")
    verbose_name_plural = _("claims it is evidence for")


# The archive's source admin, with what the analysis knows of a source: the stages it supports,
# the events it documents and the claims it is evidence for, so one screen catalogues it.
admin.site.unregister(Source)


class StageOrderedChangeList(ChangeList):
    """With a stage chosen, the list is read in the order of that stage's links (see
    ordered_by_link_date): the same rows in the same order, without walking every source."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        if StageListFilter.parameter_name in self.params:
            return ordered_by_link_date(queryset, "stage_links")
        return queryset


@admin.register(Source)
class SourceAdmin(CatalogueSourceAdmin):
    list_filter = [*CatalogueSourceAdmin.list_filter, StageListFilter]
    inlines = [*CatalogueSourceAdmin.inlines, SourceEventInline, SourceEvidenceInline]
    history_children = (
        *CatalogueSourceAdmin.history_children,
        (Evidence, "source"),
        (EventSource, "source"),
    )

    def get_changelist(self, request, **kwargs):
        return StageOrderedChangeList
