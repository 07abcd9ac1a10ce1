"""A paginator whose count stays cheap on large results: exact up to a limit, beyond it the
database planner's estimate (PostgreSQL) or the limit itself, flagged as an estimate.

Counting 80,000 matches of a search means visiting all of them; counting up to 10,001 stops
early, and past that a reader needs "about 80,000", not the exact figure.
"""

import json

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

EXACT_COUNT_LIMIT = 10_000


class EstimatedCountPaginator(Paginator):
    exact_limit = EXACT_COUNT_LIMIT
    # Set once the count is known: whether it is an estimate rather than exact.
    estimated = False

    @cached_property
    def count(self) -> int:
        qs = self.object_list
        if not hasattr(qs, "query"):
            return super().count
        qs = qs.order_by()
        capped = qs[: self.exact_limit + 1].count()
        if capped <= self.exact_limit:
            return capped
        self.estimated = True
        return max(_planner_rows(qs), capped)


def _planner_rows(qs) -> int:
    """The planner's row estimate for `qs` on PostgreSQL (planning only, nothing is read);
    0 elsewhere."""
    if connections[qs.db].vendor != "postgresql":
        return 0
    plan = json.loads(qs.explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])
