"""A source's other dates (written, sent, received, published) in the admin and on its page."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from catalogue.models import Source, SourceDate
from tests.admin_forms import form_data
from tests.factories import LanguageFactory, SeriesFactory, SourceDateFactory, SourceFactory

pytestmark = pytest.mark.django_db


def add_source(client, **changes):
    page = client.get(reverse("admin:catalogue_source_add"))
    data = form_data(
        page,
        "source_form",
        series=str(SeriesFactory().pk),
        number="464",
        kind="telegram",
        title="芳沢公使ヨリ幣原外務大臣宛電報",
        languages=[LanguageFactory().pk],
        status="draft",
        date="大正13年5月15日",
        **changes,
    )
    return client.post(reverse("admin:catalogue_source_add"), data)


def test_archivist_enters_sent_and_received_dates_inline_in_era_form(archivist_client):
    response = add_source(
        archivist_client,
        **{
            "dates-0-role": "sent",
            "dates-0-date": "大正13年5月15日",
            "dates-0-time": "21:00",
            "dates-0-note": "北京",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    source = Source.objects.get(number="464")
    row = source.dates.get()
    assert (row.role, row.date_start, row.date_precision, row.time, row.note) == (
        "sent",
        datetime.date(1924, 5, 15),
        "day",
        datetime.time(21),
        "北京",
    )
    # Typed in era form, kept as written, as for the main date.
    assert row.date_original == "大正13年5月15日"


def test_an_impossible_inline_date_is_refused_on_its_row(archivist_client):
    response = add_source(
        archivist_client, **{"dates-0-role": "received", "dates-0-date": "大正16年5月1日"}
    )

    assert response.status_code == 200
    formset = next(
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "dates"
    )
    assert "15" in formset.formset.forms[0].errors["date"][0]
    assert not Source.objects.exists()


def test_an_inline_row_without_a_date_is_refused(archivist_client):
    response = add_source(archivist_client, **{"dates-0-role": "received", "dates-0-note": "x"})

    assert response.status_code == 200
    assert not SourceDate.objects.exists()


def test_an_inline_date_change_shows_in_the_sources_history(archivist_client):
    source = SourceFactory()
    row = SourceDateFactory(source=source, role="received")
    row.date_start = row.date_end = datetime.date(1924, 10, 8)
    row.save()
    url = reverse("admin:catalogue_source_history", args=[source.pk])

    page = archivist_client.get(url).content.decode()

    assert "Date of a source changed" in page
    assert "1924-10-08" in page


def test_source_page_lists_its_dates_in_english_and_japanese(client):
    source = SourceFactory()
    SourceDateFactory(
        source=source,
        role="sent",
        date_start=datetime.date(1924, 5, 15),
        time=datetime.time(21),
        note="Peking",
    )
    SourceDateFactory(source=source, role="received", date_start=datetime.date(1924, 5, 16))
    url = source.get_absolute_url()

    english = client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
    japanese = client.get(url).content.decode()

    assert "Sent 15 May 1924, 9 p.m. — Peking" in english
    assert "Received 16 May 1924" in english
    assert "発信 1924年5月15日 21:00 (大正13年5月15日) — Peking" in japanese
    assert "着信 1924年5月16日 (大正13年5月16日)" in japanese


def test_a_source_date_needs_its_date_in_the_database():
    source = SourceFactory()

    with pytest.raises(Exception, match="sourcedate_date_required|NOT NULL|not-null"):
        SourceDate.objects.create(source=source, role="sent")


def test_linked_data_types_each_date_and_gives_the_publication_date(client):
    source = SourceFactory()
    SourceDateFactory(
        source=source,
        role="received",
        date_start=datetime.date(1924, 7, 14),
        time=datetime.time(15, 22),
        date_original="3:22 p.m.",
    )
    SourceDateFactory(source=source, role="published", date_start=datetime.date(1939, 5, 1))

    node = client.get(source.get_absolute_url(), HTTP_ACCEPT="application/ld+json").json()

    assert node["dateCreated"] == {"@value": "1924-10-06", "@type": "xsd:date"}
    assert node["datePublished"] == {"@value": "1939-05-01", "@type": "xsd:date"}
    received, published = node["rico:isAssociatedWithDate"]
    assert received["rico:hasDateType"]["rico:name"] == "received"
    assert received["rico:normalizedDateValue"] == "1924-07-14"
    assert received["rico:expressedDate"] == "3:22 p.m."
    assert published["rico:hasDateType"]["rico:name"] == "published"


def test_resaving_a_source_leaves_its_dates_and_their_history_alone(archivist_client):
    source = SourceFactory()
    SourceDateFactory(
        source=source, role="sent", date_original="大正13年10月6日", time=datetime.time(21)
    )
    url = reverse("admin:catalogue_source_change", args=[source.pk])
    page = archivist_client.get(url)
    history = SourceDate.history.count()

    response = archivist_client.post(url, form_data(page, "source_form"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    row = source.dates.get()
    assert (row.date_start, row.date_original, row.time) == (
        datetime.date(1924, 10, 6),
        "大正13年10月6日",
        datetime.time(21),
    )
    assert SourceDate.history.count() == history
