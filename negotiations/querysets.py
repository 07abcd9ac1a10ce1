from django.db import models

from catalogue.querysets import PublishableQuerySet


class StageQuerySet(models.QuerySet):
    def for_list(self) -> "StageQuerySet":
        """Stages with their conference and strategies."""
        return self.select_related("conference").prefetch_related("strategies")


class EventQuerySet(PublishableQuerySet):
    search_prefetch = ("actors__names",)

    def for_list(self) -> "EventQuerySet":
        """Events with stage and actors' names."""
        return self.select_related("stage").prefetch_related("actors__names")


class ClaimQuerySet(PublishableQuerySet):
    def for_list(self) -> "ClaimQuerySet":
        """Claims with their work, stages and strategies."""
        return self.select_related("work").prefetch_related("stages", "strategies")


class PositionQuerySet(models.QuerySet):
    def for_list(self) -> "PositionQuerySet":
        """Positions with party names and stage."""
        return self.select_related("stage").prefetch_related("party__names")
