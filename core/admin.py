"""What every archivists' admin page shares: locking, history, normalised search, publishing."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import bulk_update_with_history

from core.admin_conflicts import RESOLVE_BUTTON, conflict_context, resolved_data
from core.admin_history import record_story
from core.csv_import import ExplainedCSV, readable_errors
from core.derived import derived_deleting, derived_refresh, derived_snapshot
from core.filters import search_words
from core.forms import PartialDateModelForm, VersionedModelForm
from core.models import PublicationStatus
from core.paginator import EstimatedCountPaginator
from core.uploads import SizeLimitedImportForm, read_failure_message


class KoshoAdmin(SimpleHistoryAdmin):
    """History for every record, a refused save when the record changed meanwhile, and derived
    data (search text) refreshed for what a save or delete touched."""

    form = VersionedModelForm
    change_form_template = "admin/kosho/change_form.html"
    object_history_template = "admin/kosho/object_history.html"
    # Inline rows whose history belongs on this record's history: (model, foreign key to it).
    history_children = ()
    list_per_page = 50
    # The changelist count query is run once, not twice: keeps the budget flat; and it stops
    # counting at 10,000 (the planner's estimate beyond).
    show_full_result_count = False
    paginator = EstimatedCountPaginator

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        # Declared fieldsets would drop the hidden version field, and with it the lock, and
        # the change reason box.
        if any("opened_version" in options["fields"] for _, options in fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [
            (name, {**options, "fields": [*options["fields"], "opened_version"]}),
            *rest,
            (_("Change reason"), {"fields": ["change_reason"]}),
        ]

    def save_model(self, request, obj, form, change):
        reason = form.cleaned_data.get("change_reason")
        if reason:
            obj._change_reason = reason
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The archivist's choices after a refused save: their form, with the fields they chose
        # to keep as stored put back, saved over the version they compared against.
        if request.method == "POST" and RESOLVE_BUTTON in request.POST and object_id:
            stored = self.get_object(request, unquote(object_id))
            if stored is not None:
                form_class = self.get_form(request, stored, change=True)
                request.POST = resolved_data(form_class, request.POST, stored)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None:
            context["conflict"] = conflict_context(context["adminform"].form, self.model, obj.pk)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        # The history view looks the id up unchecked: a mangled URL would be a 500, not a 404.
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError as error:
            raise Http404(str(object_id)) from error
        obj = self.model._default_manager.filter(pk=unquote(object_id)).first()
        if obj is not None and self.has_view_or_change_permission(request, obj):
            extra_context = {
                **(extra_context or {}),
                "story": record_story(obj, self.history_children),
            }
        return super().history_view(request, object_id, extra_context)

    def save_related(self, request, form, formsets, change):
        # Inline rows changed or deleted here may stop leading where they led (an evidence row
        # given another source): find what reads them while the database still says so.
        before = derived_snapshot(
            [
                inline.instance
                for formset in formsets
                for inline in getattr(formset, "initial_forms", ())
                if inline.instance.pk is not None
            ]
        )
        super().save_related(request, form, formsets, change)
        # After the inlines and many-to-many rows, which the record's derived data reads.
        saved = [
            obj
            for formset in formsets
            for obj in (*formset.new_objects, *(obj for obj, _ in formset.changed_objects))
        ]
        derived_refresh([form.instance, *saved], before=before)

    def delete_model(self, request, obj):
        with derived_deleting([obj]):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with derived_deleting(queryset):
            super().delete_queryset(request, queryset)

    def get_search_results(self, request, queryset, search_term):
        # PostgreSQL refuses NUL in a query: a pasted or hostile search would be a 500.
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        for_list = getattr(qs, "for_list", None)
        return for_list() if for_list else qs


class NormalisedSearchMixin:
    """The admin search box matches `search_text` the way researchers' search does.

    So ヨッフェ, ﾖｯﾌｪ, Иоффе and joffe find the same agent whatever script the name was typed in.
    """

    search_fields = ["search_text"]

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        try:
            words = search_words(search_term)
        except ValueError as error:
            messages.warning(request, str(error))
            return queryset.none(), False
        return queryset.search(" ".join(words)), False


class PartialDateAdminMixin:
    """One date box (ISO partial, range or Japanese era) in place of the five stored columns."""

    form = PartialDateModelForm

    @admin.display(description=_("date"), ordering="date_start")
    def date_display(self, obj):
        return obj.date_display


def date_summary(obj) -> str:
    """The stored date with its precision, approximation and the form it was written in."""
    if obj.date_start is None:
        return "—"
    span = str(obj.date_start)
    if obj.date_end != obj.date_start:
        span = f"{span} … {obj.date_end}"
    details = [str(obj.get_date_precision_display() or _("range"))]
    if obj.date_approximate:
        details.append(str(_("approximate")))
    text = f"{span} ({', '.join(details)})"
    if obj.date_original:
        label = _("as written")  # outside the f-string, where makemessages finds it
        text += f" — {label}: {obj.date_original}"
    return text


class PublishableAdminMixin:
    actions = ["publish", "unpublish"]

    def _set_status(self, request, queryset, status):
        with transaction.atomic():
            rows = list(
                self.model.objects.select_for_update()
                .filter(pk__in=queryset.values("pk"))
                .exclude(status=status)
            )
            now = timezone.now()
            for row in rows:
                row.status, row.version, row.updated_at = status, row.version + 1, now
            bulk_update_with_history(
                rows, self.model, ["status", "version", "updated_at"], batch_size=500
            )
            derived_refresh(rows)
        return len(rows)

    @admin.action(description=_("Publish the selected records"), permissions=["change"])
    def publish(self, request, queryset):
        count = self._set_status(request, queryset, PublicationStatus.PUBLISHED)
        self.message_user(
            request,
            ngettext("%d record published.", "%d records published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Return the selected records to draft"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = self._set_status(request, queryset, PublicationStatus.DRAFT)
        self.message_user(
            request,
            ngettext("%d record returned to draft.", "%d records returned to draft.", count)
            % count,
            messages.SUCCESS,
        )


class CsvImportExportMixin(ImportExportMixin):
    """CSV import (dry run first, then all or nothing) and export, for those who may edit.

    A file's errors are listed above the preview by line and column, malformed lines among
    them (core.csv_import)."""

    import_template_name = "admin/kosho/import.html"

    def get_import_formats(self):
        return [
            ExplainedCSV if issubclass(ExplainedCSV, f) else f for f in super().get_import_formats()
        ]

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        result = getattr(response, "context_data", {}).get("result")
        if result is not None:
            response.context_data["readable_errors"] = readable_errors(result)
        return response

    import_form_class = SizeLimitedImportForm

    def add_data_read_fail_error_to_form(self, form, e):
        form.add_error("import_file", read_failure_message(e))

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)
