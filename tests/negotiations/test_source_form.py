"""Cataloguing a document on the source form alone: date as written, inlines for events and
evidence, languages as boxes, and "Save and publish"."""

import pytest
from django.urls import reverse

from catalogue.models import Source
from negotiations.models import EventSource, Evidence
from tests.admin_forms import form_data
from tests.factories import (
    ClaimFactory,
    EventFactory,
    LanguageFactory,
    SeriesFactory,
    SourceFactory,
)

ADD = "admin:catalogue_source_add"


def change_url(source):
    return reverse("admin:catalogue_source_change", args=[source.pk])


def test_one_post_catalogues_a_source_with_its_event_evidence_and_publishes_it(archivist_client):
    series, language = SeriesFactory(slug="gaimusho-kiroku"), LanguageFactory(code="ja")
    event, claim = EventFactory(), ClaimFactory()
    page = archivist_client.get(reverse(ADD))
    data = form_data(
        page,
        "source_form",
        series=str(series.pk),
        number="2.5.1.106-4-7",
        kind="file",
        title="日ソ交渉一件",
        languages=[str(language.pk)],
        status="draft",
        date="大正13年12月5日",
        **{
            "event_sources-0-event": str(event.pk),
            "event_sources-0-locator": "p. 3",
            "evidence-0-claim": str(claim.pk),
            "evidence-0-relation": "supports",
            "evidence-0-locator": "p. 12",
            "_publish": "Save and publish",
        },
    )
    response = archivist_client.post(reverse(ADD), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    source = Source.objects.get(number="2.5.1.106-4-7")
    assert source.status == "published"
    assert source.date_original == "大正13年12月5日"
    assert str(source.date_start) == "1924-12-05"
    assert list(source.languages.all()) == [language]
    assert EventSource.objects.get(source=source).event == event
    evidence = Evidence.objects.get(source=source)
    # "p. 12" is read as a typed locator: a page, numbered 12.
    assert (evidence.claim, evidence.relation, evidence.locator_type, evidence.locator) == (
        claim,
        "supports",
        "page",
        "12",
    )


def test_plain_save_leaves_a_new_source_a_draft(archivist_client):
    page = archivist_client.get(reverse(ADD))
    data = form_data(
        page,
        "source_form",
        series=str(SeriesFactory().pk),
        kind="file",
        title="草稿",
        languages=[str(LanguageFactory().pk)],
        status="draft",
    )
    assert archivist_client.post(reverse(ADD), data).status_code == 302
    assert Source.objects.get(title="草稿").status == "draft"


def test_source_form_offers_publish_button_language_boxes_and_wide_titles(archivist_client):
    LanguageFactory(code="ru")
    html = archivist_client.get(reverse(ADD)).content.decode()
    assert 'name="_publish"' in html
    assert 'type="checkbox" name="languages"' in html
    assert 'class="vLargeTextField kosho-wide"' in html
    assert 'name="event_sources-0-event"' in html
    assert 'name="evidence-0-claim"' in html


@pytest.mark.parametrize(
    ("typed", "as_written", "kept"),
    [
        # An ISO date typed over an era date leaves the era original in place...
        ("1924-12-05", "大正13年12月5日", "大正13年12月5日"),
        # ...unless the archivist clears it.
        ("1924-12-05", "", ""),
        # An era date typed in the date box replaces the original.
        ("大正十三年十二月", "大正13年12月5日", "大正十三年十二月"),
    ],
)
def test_date_as_written_is_kept_unless_cleared_or_replaced(
    archivist_client, typed, as_written, kept
):
    source = SourceFactory(date_original="大正13年12月5日")
    url = change_url(source)
    page = archivist_client.get(url)
    assert form_data(page, "source_form")["date_original"] == ["大正13年12月5日"]
    data = form_data(page, "source_form", date=typed, date_original=as_written)
    response = archivist_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    source.refresh_from_db()
    assert source.date_original == kept


def test_date_as_stored_shows_precision_approximation_and_the_written_form(archivist_client):
    source = SourceFactory()
    url = change_url(source)
    data = form_data(archivist_client.get(url), "source_form", date="大正13年12月頃")
    assert archivist_client.post(url, data).status_code == 302
    html = archivist_client.get(url).content.decode()
    assert "1924-12-01 … 1924-12-31 (month, approximate) — as written: 大正13年12月頃" in html
