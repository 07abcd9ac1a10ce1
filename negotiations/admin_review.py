"""The archivists' review queue: drafts, what changed since a date, agents missing a name in one
of the three scripts, sources without pages and evidence without a locator, each row linking to
its form. It lives with the analysis because it reads the archive and the analysis alike."""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.models import Agent, Source
from core.permissions import is_archivist
from negotiations.models import Claim, Event, Evidence

SHOWN = 100  # rows per section; the count says how many there are in all
SCRIPTS = ("ja", "ru", "en")
QUEUE_MODELS = (Source, Event, Claim)
# What each model's str() reads, loaded with the rows.
RELATED = {Source: ["series"], Event: [], Claim: []}


class ReviewQueueForm(forms.Form):
    since = forms.DateField(
        label=_("Changed since"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )


def _change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def _rows(queryset, describe=str) -> dict:
    rows = list(queryset[:SHOWN])
    return {
        "count": queryset.count() if len(rows) == SHOWN else len(rows),
        "rows": [(describe(obj), _change_url(obj)) for obj in rows],
    }


def _missing_scripts(agent) -> str:
    names = ", ".join(name.value for name in agent.names.all()) or "—"
    missing = [code for code in SCRIPTS if getattr(agent, f"has_{code}") == 0]
    label = _("no name in")  # outside the f-string, where makemessages finds it
    return f"{names} ({label} {', '.join(missing)})"


def review_sections(*, since: datetime.date) -> list[dict]:
    """Each section of the queue: a title, how many records and the first of them."""
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    sections = []
    for model in QUEUE_MODELS:
        sections.append(
            {
                "key": f"drafts-{model._meta.model_name}",
                "title": _("Drafts: %(records)s") % {"records": model._meta.verbose_name_plural},
                **_rows(
                    model.objects.filter(status="draft")
                    .select_related(*RELATED[model])
                    .order_by("-updated_at", "pk")
                ),
            }
        )
    for model in QUEUE_MODELS:
        sections.append(
            {
                "key": f"changed-{model._meta.model_name}",
                "title": _("%(records)s changed since %(date)s")
                % {"records": model._meta.verbose_name_plural, "date": since.isoformat()},
                **_rows(
                    model.objects.filter(updated_at__gte=start)
                    .select_related(*RELATED[model])
                    .order_by("-updated_at", "pk")
                ),
            }
        )
    agents = (
        Agent.objects.annotate(
            **{f"has_{code}": Count("names", filter=Q(names__language=code)) for code in SCRIPTS}
        )
        .filter(Q(has_ja=0) | Q(has_ru=0) | Q(has_en=0))
        .prefetch_related("names")
        .order_by("slug")
    )
    sections.append(
        {
            "key": "agents-missing-names",
            "title": _("Agents without a name in Japanese, Russian or English"),
            **_rows(agents, _missing_scripts),
        }
    )
    sections.append(
        {
            "key": "sources-without-pages",
            "title": _("Sources without pages"),
            **_rows(Source.objects.filter(pages="").select_related("series").order_by("pk")),
        }
    )
    sections.append(
        {
            "key": "evidence-without-locator",
            "title": _("Evidence without a locator"),
            **_rows(
                Evidence.objects.filter(locator="")
                .select_related("source", "source__series")
                .order_by("claim_id", "pk")
            ),
        }
    )
    return sections


def review_queue_view(request, admin_site):
    """The queue page; `since` defaults to a week ago, and a bad one is said so, not a 500."""
    if not is_archivist(request.user):
        raise PermissionDenied
    form = ReviewQueueForm(request.GET or None)
    since = timezone.localdate() - datetime.timedelta(days=7)
    if form.is_bound and form.is_valid() and form.cleaned_data["since"]:
        since = form.cleaned_data["since"]
    context = {
        **admin_site.each_context(request),
        "title": _("Review queue"),
        "form": form,
        "since": since,
        "sections": review_sections(since=since),
    }
    return TemplateResponse(request, "admin/kosho/review_queue.html", context)
