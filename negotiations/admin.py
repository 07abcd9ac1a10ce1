from django.contrib import admin
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
from negotiations.source_links import (
    linked_source_ids,
    source_stage_links_refresh,
    source_stage_links_refresh_for,
    sources_in_stage,
)


class SourceLinksAdminMixin:
    """Saves and deletions here change which sources support a stage or strategy: refresh the
    links (SourceStage, SourceStrategy) of the sources linked before and after."""

    def save_model(self, request, obj, form, change):
        # The form lives for this request only, unlike the admin instance: keep the ids there.
        form.linked_before = linked_source_ids(type(obj), [obj.pk]) if change else set()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        instance = form.instance
        source_stage_links_refresh_for(
            type(instance), [instance.pk], before=getattr(form, "linked_before", set())
        )

    def _set_status(self, request, queryset, status):
        # Publishing a claim or event makes its sources' links count for the public.
        pks = list(queryset.values_list("pk", flat=True))
        count = super()._set_status(request, queryset, status)
        source_stage_links_refresh(linked_source_ids(self.model, pks))
        return count

    def delete_model(self, request, obj):
        before = linked_source_ids(type(obj), [obj.pk])
        super().delete_model(request, obj)
        source_stage_links_refresh(before)

    def delete_queryset(self, request, queryset):
        before = linked_source_ids(queryset.model, queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        source_stage_links_refresh(before)


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
class StrategyAdmin(SourceLinksAdminMixin, KoshoAdmin):
    list_display = ["name_en", "name", "slug", "order"]
    list_filter = ["stages"]
    search_fields = ["slug", "name", "name_en", "definition", "definition_en"]
    filter_horizontal = ["stages"]


class EventSourceInline(admin.TabularInline):
    model = EventSource
    extra = 1
    autocomplete_fields = ["source"]


@admin.register(Event)
class EventAdmin(
    SourceLinksAdminMixin,
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
    exclude = ["date_start", "date_end", "date_precision", "date_approximate", "date_original"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        Event.objects.filter(pk=form.instance.pk).refresh_search_text()


class EvidenceInline(admin.StackedInline):
    model = Evidence
    extra = 1
    autocomplete_fields = ["source"]
    fields = [
        ("source", "relation"),
        ("locator", "footnote", "order"),
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
class ClaimAdmin(SourceLinksAdminMixin, PublishableAdminMixin, NormalisedSearchMixin, KoshoAdmin):
    list_display = ["__str__", "work", "pages", "evidence_count", "status"]
    list_filter = ["status", "stages", "strategies", "work"]
    autocomplete_fields = ["work", "events"]
    filter_horizontal = ["stages", "strategies"]
    inlines = [EvidenceInline, WorkCitationInline]

    @admin.display(description=_("evidence"))
    def evidence_count(self, obj):
        return len(obj.evidence.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("evidence")


@admin.register(Evidence)
class EvidenceAdmin(SourceLinksAdminMixin, CsvImportExportMixin, KoshoAdmin):
    resource_classes = [EvidenceResource]
    list_display = ["claim", "source", "relation", "locator", "footnote"]
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
        return sources_in_stage(queryset, self.value()) if self.value() else queryset


# The archive's source admin, with what the analysis knows of a source: the stages it supports.
admin.site.unregister(Source)


@admin.register(Source)
class SourceAdmin(CatalogueSourceAdmin):
    list_filter = [*CatalogueSourceAdmin.list_filter, StageListFilter]
