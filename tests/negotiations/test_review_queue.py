"""The archivists' review queue: what needs a look, each row a link to its form."""

import datetime

from django.urls import reverse
from django.utils import timezone

from catalogue.models import Source
from tests.factories import (
    AgentFactory,
    AgentNameFactory,
    ClaimFactory,
    EvidenceFactory,
    SourceFactory,
)

URL = reverse("admin-review")


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def section(response, key) -> list[str]:
    found = next(s for s in response.context["sections"] if s["key"] == key)
    return [url for _, url in found["rows"]]


def test_queue_lists_each_kind_of_record_to_review_with_links(archivist_client):
    draft = SourceFactory(status="draft", pages="12")
    no_pages = SourceFactory(status="published", pages="")
    draft_claim = ClaimFactory(status="draft")
    partial = AgentFactory(slug="hughes")
    AgentNameFactory(agent=partial, value="Hughes", language="en")
    complete = AgentFactory(slug="joffe")
    for value, language in (("ヨッフェ", "ja"), ("Иоффе", "ru"), ("Joffe", "en")):
        AgentNameFactory(agent=complete, value=value, language=language)
    bare = EvidenceFactory(locator="", source=draft)
    located = EvidenceFactory(locator="p. 3", source=draft)

    response = archivist_client.get(URL)

    assert response.status_code == 200
    assert section(response, "drafts-source") == [change_url(draft)]
    assert change_url(draft_claim) in section(response, "drafts-claim")
    assert change_url(no_pages) in section(response, "sources-without-pages")
    assert change_url(draft) not in section(response, "sources-without-pages")
    assert section(response, "agents-missing-names") == [change_url(partial)]
    assert section(response, "evidence-without-locator") == [change_url(bare)]
    assert change_url(located) not in response.content.decode()
    assert "no name in ja, ru" in response.content.decode()


def test_changed_since_a_date_lists_only_what_changed_after_it(archivist_client):
    old, recent = SourceFactory(), SourceFactory()
    Source.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=30))
    since = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    response = archivist_client.get(URL, {"since": since})
    assert section(response, "changed-source") == [change_url(recent)]
    response = archivist_client.get(URL, {"since": "2000-01-01"})
    assert set(section(response, "changed-source")) == {change_url(old), change_url(recent)}


def test_a_bad_since_date_is_said_so_not_an_error(archivist_client):
    response = archivist_client.get(URL, {"since": "last week"})
    assert response.status_code == 200
    assert "Enter a date as YYYY-MM-DD." in response.content.decode()


def test_the_admin_index_links_to_the_queue_and_readers_cannot_open_it(archivist_client, client):
    assert f'href="{URL}"' in archivist_client.get(reverse("admin:index")).content.decode()
    assert client.get(URL).status_code == 302  # to the login page


def test_queue_query_count_does_not_grow_with_rows(archivist_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert archivist_client.get(URL).status_code == 200
        return len(captured)

    SourceFactory(status="draft", pages="")
    EvidenceFactory(locator="")
    AgentNameFactory(language="en")
    few = queries()
    # session, user, group, the user's permissions (two: the admin's app list); three
    # sections of drafts, three of changes; agents, their names; sources without pages;
    # evidence with its source and series
    assert few == 15
    SourceFactory.create_batch(5, status="draft", pages="")
    EvidenceFactory.create_batch(5, locator="")
    AgentNameFactory.create_batch(5, language="en")
    assert queries() == few
