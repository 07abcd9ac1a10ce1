"""CSV import and export (django-import-export) for events and evidence; see catalogue.resources."""

from import_export import fields, widgets

from catalogue.models import Agent, Source
from core.resources import KoshoResource, LookupWidget, PartialDateField
from negotiations.models import Claim, Event, Evidence, Stage
from negotiations.source_links import linked_source_ids, source_stage_links_refresh_for


class SourceLinksResource(KoshoResource):
    """Imported events and evidence change which sources support a stage or strategy: refresh
    the links of the sources the rows were linked to before the import and are linked to now."""

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        ids = [value for value in dataset["id"] if str(value or "").strip().isdigit()]
        self.linked_before = linked_source_ids(self._meta.model, ids)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        ids = [row.object_id for row in result.rows if row.object_id]
        source_stage_links_refresh_for(
            self._meta.model, ids, before=getattr(self, "linked_before", set())
        )


class EventResource(SourceLinksResource):
    stage = fields.Field(attribute="stage", column_name="stage", widget=LookupWidget(Stage, "slug"))
    actors = fields.Field(
        attribute="actors",
        column_name="actors",
        widget=widgets.ManyToManyWidget(Agent, separator="|", field="slug"),
    )
    date = PartialDateField(required=True)

    class Meta:
        model = Event
        fields = ("id", "date", "title", "title_en", "description", "stage", "actors", "status")
        export_order = fields
        import_id_fields = ("id",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        # Actors' names are part of an event's search text, and m2m is saved after the row.
        ids = [row.object_id for row in result.rows if row.object_id]
        Event.objects.filter(pk__in=ids).refresh_search_text()


class EvidenceResource(SourceLinksResource):
    claim = fields.Field(attribute="claim", column_name="claim", widget=LookupWidget(Claim, "pk"))
    source = fields.Field(
        attribute="source", column_name="source", widget=LookupWidget(Source, "pk")
    )

    class Meta:
        model = Evidence
        fields = (
            "id",
            "claim",
            "source",
            "relation",
            "locator",
            "footnote",
            "quotation",
            "quotation_translation",
            "note",
            "order",
        )
        export_order = fields
        import_id_fields = ("id",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
