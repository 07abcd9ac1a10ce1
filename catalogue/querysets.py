from django.db import models
from django.db.models import Prefetch, Q

from catalogue.search import build_search_text, normalise


class SearchableQuerySet(models.QuerySet):
    """Named filters and the bulk refresh shared by every model with `search_text`."""

    search_prefetch: tuple = ()

    def search(self, query: str) -> "SearchableQuerySet":
        """Rows whose normalised text contains every word of `query`."""
        qs = self
        for word in normalise(query).split():
            qs = qs.filter(search_text__contains=word)
        return qs

    def refresh_search_text(self) -> int:
        """Rebuild `search_text` for these rows in one pass; returns how many changed."""
        changed = []
        for obj in self.prefetch_related(*self.search_prefetch):
            text = build_search_text(obj.search_parts())
            if text != obj.search_text:
                obj.search_text = text
                changed.append(obj)
        self.model.objects.bulk_update(changed, ["search_text"], batch_size=500)
        return len(changed)

    def bulk_create(self, objs, *args, **kwargs):
        for obj in objs:
            obj.search_text = build_search_text(obj.search_parts())
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        if "search_text" not in fields:
            for obj in objs:
                obj.search_text = build_search_text(obj.search_parts())
            fields = [*fields, "search_text"]
        return super().bulk_update(objs, fields, *args, **kwargs)


class PublishableQuerySet(SearchableQuerySet):
    def published(self) -> "PublishableQuerySet":
        """Rows visible to the public."""
        return self.filter(status="published")

    def visible_to(self, user) -> "PublishableQuerySet":
        """Everything for staff, published rows for everyone else."""
        if user is not None and user.is_authenticated and user.is_staff:
            return self
        return self.published()


class AgentQuerySet(SearchableQuerySet):
    search_prefetch = ("names",)

    def for_list(self) -> "AgentQuerySet":
        """Agents with their names, as every list shows them."""
        return self.prefetch_related("names")


class WorkQuerySet(SearchableQuerySet):
    def for_list(self) -> "WorkQuerySet":
        """Works with their language."""
        return self.select_related("language")


def agents_with_names():
    from catalogue.models import Agent

    return Prefetch("agents", queryset=Agent.objects.prefetch_related("names"))


class SourceQuerySet(PublishableQuerySet):
    search_prefetch = ("series", "agents__names")

    def for_list(self) -> "SourceQuerySet":
        """Sources with series, repository, languages and agents' names: one query each."""
        return self.select_related("series", "series__repository").prefetch_related(
            "languages", agents_with_names()
        )

    def in_series(self, series) -> "SourceQuerySet":
        """Sources of a series and of every series below it."""
        return self.filter(series_id__in=series.descendant_ids())

    def in_stage(self, slug: str) -> "SourceQuerySet":
        """Sources that support a stage: evidence for a claim about it, or documenting an
        event in it."""
        via_claims = self.model.objects.filter(evidence__claim__stages__slug=slug).values("pk")
        via_events = self.model.objects.filter(event_sources__event__stage__slug=slug).values("pk")
        return self.filter(Q(pk__in=via_claims) | Q(pk__in=via_events))

    def overlapping(self, start=None, end=None) -> "SourceQuerySet":
        """Sources whose date range overlaps start…end (either end may be open)."""
        qs = self
        if start is not None:
            qs = qs.filter(date_end__gte=start)
        if end is not None:
            qs = qs.filter(date_start__lte=end)
        return qs
