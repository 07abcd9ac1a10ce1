from django.apps import apps
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from catalogue.admin_base import (
    KoshoAdmin,
    NormalisedSearchMixin,
    PartialDateAdminMixin,
    PublishableAdminMixin,
)
from catalogue.models import (
    Agent,
    AgentName,
    Language,
    Repository,
    Series,
    Source,
    SourceAgent,
    Work,
)


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_ja"]
    search_fields = ["code", "name", "name_ja"]


@admin.register(Repository)
class RepositoryAdmin(KoshoAdmin):
    list_display = ["name", "name_en", "slug"]
    search_fields = ["slug", "name", "name_en", "name_romanized"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Series)
class SeriesAdmin(KoshoAdmin):
    list_display = ["title", "slug", "abbreviation", "kind", "repository", "parent"]
    list_filter = ["repository", "kind"]
    list_select_related = ["repository", "parent"]
    search_fields = ["slug", "title", "title_en", "title_romanized", "abbreviation"]
    autocomplete_fields = ["repository", "parent"]


class AgentNameInline(admin.TabularInline):
    model = AgentName
    extra = 1
    fields = ["value", "language", "script", "transliteration", "preferred"]


@admin.register(Agent)
class AgentAdmin(NormalisedSearchMixin, KoshoAdmin):
    list_display = ["__str__", "kind", "all_names", "slug"]
    list_filter = ["kind"]
    inlines = [AgentNameInline]

    @admin.display(description=_("names"))
    def all_names(self, obj):
        return " / ".join(name.value for name in obj.names.all())

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Names feed the search text of the agent and of every source and event it appears in.
        agent = form.instance
        Agent.objects.filter(pk=agent.pk).refresh_search_text()
        agent.sources.all().refresh_search_text()
        agent.events.all().refresh_search_text()


@admin.register(Work)
class WorkAdmin(NormalisedSearchMixin, KoshoAdmin):
    list_display = ["authors", "year", "title", "kind", "language"]
    list_filter = ["kind", "language"]
    list_select_related = ["language"]


class SourceAgentInline(admin.TabularInline):
    model = SourceAgent
    extra = 1
    autocomplete_fields = ["agent"]
    fields = ["agent", "role", "order"]


class StageListFilter(admin.SimpleListFilter):
    """Sources that support a stage, in the sense the researchers' ?stage= uses."""

    title = _("stage supported")
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        # Looked up by name: the catalogue does not import the negotiations app.
        stage_model = apps.get_model("negotiations", "Stage")
        return list(stage_model.objects.values_list("slug", "name_en"))

    def queryset(self, request, queryset):
        return queryset.in_stage(self.value()) if self.value() else queryset


@admin.register(Source)
class SourceAdmin(PublishableAdminMixin, PartialDateAdminMixin, NormalisedSearchMixin, KoshoAdmin):
    list_display = ["series", "number", "pages", "title", "date_display", "kind", "status"]
    list_display_links = ["title"]
    list_filter = [
        "status",
        ("series__repository", admin.RelatedOnlyFieldListFilter),
        ("series", admin.RelatedOnlyFieldListFilter),
        "kind",
        "languages",
        StageListFilter,
    ]
    date_hierarchy = "date_start"
    autocomplete_fields = ["series"]
    filter_horizontal = ["languages"]
    inlines = [SourceAgentInline]
    readonly_fields = ["date_summary", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["series", "number", "pages", "kind", "status"]}),
        (_("Title"), {"fields": ["title", "title_en", "title_romanized", "languages"]}),
        (_("Date"), {"fields": ["date", "date_summary"]}),
        (_("Description"), {"fields": ["summary", "external_id", "url", "note"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("date as stored"))
    def date_summary(self, obj):
        if obj.date_start is None:
            return "—"
        return f"{obj.date_start} … {obj.date_end} ({obj.get_date_precision_display()})"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        Source.objects.filter(pk=form.instance.pk).refresh_search_text()
