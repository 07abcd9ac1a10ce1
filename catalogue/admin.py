from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from catalogue.admin_review import NeedsReviewFilter, frus_import_run
from catalogue.identifiers import types_for as identifier_types_for
from catalogue.models import (
    Agent,
    AgentIdentifier,
    AgentName,
    Language,
    Repository,
    Series,
    Source,
    SourceAgent,
    SourceDate,
    SourceIdentifier,
    SourceRelation,
    Work,
)
from catalogue.resources import AgentResource, SourceResource
from catalogue.tei import TEIError
from core.admin import (
    CsvImportExportMixin,
    KoshoAdmin,
    NormalisedSearchMixin,
    PartialDateAdminMixin,
    PublishableAdminMixin,
    date_summary,
)
from core.forms import PartialDateForm
from core.models import PublicationStatus
from core.permissions import is_archivist
from core.uploads import size_checked


class FrusUploadForm(forms.Form):
    file = forms.FileField(
        label=_("FRUS TEI file"),
        help_text=_("A volume from the Office of the Historian, e.g. frus1924v02.xml."),
    )
    publish = forms.BooleanField(
        label=_("Publish new sources at once"),
        required=False,
        help_text=_("Leave unticked to import them as drafts for review."),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run"),
        required=False,
        initial=True,
        help_text=_("List what would be created, updated and left, and write nothing."),
    )

    def clean_file(self):
        return size_checked(self.cleaned_data.get("file"), settings.FRUS_UPLOAD_MAX_BYTES)


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


class IdentifierInline(admin.TabularInline):
    """Identifiers in other systems, each checked against its type's form when saved (a URL
    pasted from JACAR, NDL or Wikidata is cut down to the bare code)."""

    extra = 1
    fields = ["type", "value", "note", "open_link"]
    readonly_fields = ["open_link"]
    verbose_name = _("identifier")
    verbose_name_plural = _("identifiers (JACAR, NDL, FRUS, Wikidata, VIAF…)")

    @admin.display(description=_("opens"))
    def open_link(self, obj):
        if not obj or not obj.pk or not obj.link:
            return "—"
        return format_html(
            '<a href="{}" rel="external noopener" target="_blank">{}</a>', obj.link, _("view")
        )

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "type":
            kwargs["choices"] = [("", "---------")] + [
                (code, label)
                for code, label in db_field.choices
                if code in identifier_types_for(self.model.kind)
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class AgentIdentifierInline(IdentifierInline):
    model = AgentIdentifier


@admin.register(Agent)
class AgentAdmin(CsvImportExportMixin, NormalisedSearchMixin, KoshoAdmin):
    resource_classes = [AgentResource]
    list_display = ["__str__", "kind", "all_names", "slug"]
    list_filter = ["kind", NeedsReviewFilter]
    inlines = [AgentNameInline, AgentIdentifierInline]
    history_children = ((AgentName, "agent"), (AgentIdentifier, "agent"))

    @admin.display(description=_("names"))
    def all_names(self, obj):
        return " / ".join(name.value for name in obj.names.all())


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


class SourceDateForm(PartialDateForm):
    date_required = True


class SourceDateInline(admin.TabularInline):
    """Written, sent, received, published: read by the same date parser as the main date."""

    model = SourceDate
    form = SourceDateForm
    extra = 1
    fields = ["role", "date", "date_original", "time", "note"]
    verbose_name = _("other date")
    verbose_name_plural = _("other dates (written, sent, received, published)")


class SourceIdentifierInline(IdentifierInline):
    model = SourceIdentifier


class SourceRelationInline(admin.TabularInline):
    """The same text elsewhere and the other side's reports, entered from one end; the other
    source's page shows the relation too."""

    model = SourceRelation
    fk_name = "source"
    extra = 1
    autocomplete_fields = ["related"]
    fields = ["type", "related", "note"]
    verbose_name = _("related source")
    verbose_name_plural = _("related sources (editions, translations, the other side's reports)")


@admin.register(Source)
class SourceAdmin(
    CsvImportExportMixin,
    PublishableAdminMixin,
    PartialDateAdminMixin,
    NormalisedSearchMixin,
    KoshoAdmin,
):
    resource_classes = [SourceResource]
    # The import-export buttons plus "Import FRUS volume".
    import_export_change_list_template = "admin/catalogue/source/change_list.html"
    list_display = ["series", "number", "pages", "title", "date_display", "kind", "status"]
    list_display_links = ["title"]
    list_filter = [
        "status",
        # Every repository and series (a hundred rows), not "only those with sources": that
        # asked PostgreSQL to join them with every source on each changelist (~100 ms at 100k).
        "series__repository",
        "series",
        "kind",
        "languages",
    ]
    date_hierarchy = "date_start"
    autocomplete_fields = ["series"]
    # A handful of languages: boxes to tick read faster than a two-list picker.
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    inlines = [SourceAgentInline, SourceDateInline, SourceIdentifierInline, SourceRelationInline]
    history_children = (
        (SourceDate, "source"),
        (SourceIdentifier, "source"),
        (SourceRelation, "source"),
        (SourceRelation, "related"),
    )
    readonly_fields = ["date_summary", "related_from_elsewhere", "created_at", "updated_at"]
    change_form_template = "admin/catalogue/source/change_form.html"
    fieldsets = [
        (None, {"fields": ["series", "number", "pages", "kind", "status"]}),
        (_("Title"), {"fields": ["title", "title_en", "title_romanized", "languages"]}),
        (_("Date"), {"fields": ["date", "date_original", "date_summary"]}),
        (_("Description"), {"fields": ["summary", "external_id", "url", "note"]}),
        (_("Related from other sources"), {"fields": ["related_from_elsewhere"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    wide_fields = ("title", "title_en", "title_romanized")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in self.wide_fields:
            # Titles of archival files run to a hundred characters and more.
            field.widget.attrs["class"] = "vLargeTextField kosho-wide"
        return field

    @admin.display(description=_("date as stored"))
    def date_summary(self, obj):
        return date_summary(obj)

    @admin.display(description=_("relations entered on the other source"))
    def related_from_elsewhere(self, obj):
        rows = obj.relations_to.select_related("source__series") if obj and obj.pk else []
        return (
            format_html_join(
                mark_safe("<br>"),
                '{}: <a href="{}">{}</a>',
                (
                    (
                        row.label_from(obj.pk),
                        reverse("admin:catalogue_source_change", args=[row.source_id]),
                        row.source,
                    )
                    for row in rows
                ),
            )
            or "—"
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_publish"] = is_archivist(request.user) and self.has_change_permission(
            request, obj
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        # "Save and publish": the record goes public in the same save, for archivists only.
        if "_publish" in request.POST and is_archivist(request.user):
            obj.status = PublicationStatus.PUBLISHED
        super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            path(
                "import-frus/",
                self.admin_site.admin_view(self.import_frus_view),
                name="catalogue_source_import_frus",
            ),
            *super().get_urls(),
        ]

    def import_frus_view(self, request):
        """Upload one FRUS TEI volume; show what the import did, or why the file was refused."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = FrusUploadForm(request.POST or None, request.FILES or None)
        report = error = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = frus_import_run(
                    upload=upload,
                    publish=form.cleaned_data["publish"],
                    dry_run=form.cleaned_data["dry_run"],
                )
            except TEIError as refused:
                error = f"{upload.name}: {refused}"
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import a FRUS volume"),
            "form": form,
            "report": report,
            "error": error,
        }
        return TemplateResponse(request, "admin/catalogue/source/import_frus.html", context)
