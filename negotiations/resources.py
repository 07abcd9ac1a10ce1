"""CSV import and export (django-import-export) for events and evidence; see catalogue.resources."""

from import_export import fields

from catalogue.models import Agent, Source
from core.resources import (
    KoshoResource,
    LookupWidget,
    PartialDateColumn,
    StrictManyToManyWidget,
)
from negotiations.models import Claim, Event, Evidence, Stage


class EventResource(KoshoResource):
    stage = fields.Field(attribute="stage", column_name="stage", widget=LookupWidget(Stage, "slug"))
    actors = fields.Field(
        attribute="actors",
        column_name="actors",
        widget=StrictManyToManyWidget(Agent, separator="|", field="slug"),
    )
    date = PartialDateColumn(required=True)

    class Meta:
        model = Event
        fields = ("id", "date", "title", "title_en", "description", "stage", "actors", "status")
        export_order = fields
        import_id_fields = ("id",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


class EvidenceResource(KoshoResource):
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
            "locator_type",
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
