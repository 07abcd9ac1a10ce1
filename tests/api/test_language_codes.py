"""A source's languages, stored on its row (`Source.language_codes`) so that the language filter
and facet read one column of the facets' index instead of joining the language links: every
write path keeps it equal to the links, and the filter and facet count a source in several
languages under each."""

import pytest
from django.urls import reverse

from catalogue.models import Source
from catalogue.querysets import language_codes_key
from catalogue.resources import SourceResource
from tests.admin_forms import form_data
from tests.factories import LanguageFactory, SeriesFactory, SourceFactory
from tests.imports.test_csv import export_csv, import_csv

pytestmark = pytest.mark.django_db


def stored(source) -> str:
    return Source.objects.values_list("language_codes", flat=True).get(pk=source.pk)


def linked(source) -> str:
    return language_codes_key(source.languages.values_list("code", flat=True))


@pytest.fixture
def languages():
    return {code: LanguageFactory(code=code, name=code) for code in ("en", "ja", "ru", "zh-Hant")}


def test_the_key_is_every_code_sorted_between_spaces():
    assert language_codes_key(["ru", "ja", "ja"]) == " ja ru "
    assert language_codes_key([]) == ""
    # Each code is delimited, so "zh" is not found inside "zh-Hant" and "ja" not inside "jam".
    assert language_codes_key(["zh"]) not in language_codes_key(["zh-Hant", "jam"])


def test_a_source_in_two_languages_is_listed_and_counted_under_each(client, languages):
    both = SourceFactory(languages=[languages["ja"], languages["ru"]])
    ja = SourceFactory(languages=[languages["ja"]])
    hant = SourceFactory(languages=[languages["zh-Hant"]])
    for code, expected in (("ja", {both, ja}), ("ru", {both}), ("zh-Hant", {hant}), ("en", set())):
        api = client.get("/api/v1/sources/", {"language": code}).json()
        assert {row["id"] for row in api["results"]} == {s.pk for s in expected}, code
        page = client.get("/sources/", {"language": code})
        assert set(page.context["sources"]) == expected
    facets = {facet.param: facet for facet in client.get("/sources/").context["facets"]}
    counts = {value.value: value.count for value in facets["language"].values}
    assert counts == {"ja": 2, "ru": 1, "zh-Hant": 1}
    # Under another filter, each language is counted over what that filter leaves.
    page = client.get("/sources/", {"language": "ru"})
    facets = {facet.param: facet for facet in page.context["facets"]}
    assert {v.value: v.count for v in facets["language"].values} == counts
    assert page.context["paginator"].count == 1


def test_an_unknown_language_is_a_400_naming_it(client, languages):
    response = client.get("/api/v1/sources/", {"language": "xx"})
    assert response.status_code == 400
    assert "language" in response.json()


def test_the_admin_change_form_keeps_the_stored_codes(archivist_client, languages):
    source = SourceFactory(languages=[languages["ja"]])
    url = reverse("admin:catalogue_source_change", args=[source.pk])
    data = form_data(
        archivist_client.get(url), "source_form", languages=["ru", "en"], title_en="Edited"
    )
    response = archivist_client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    assert stored(source) == linked(source) == " en ru "


def test_an_api_write_keeps_the_stored_codes(archivist_api_client, languages):
    source = SourceFactory(languages=[languages["ja"]])
    response = archivist_api_client.patch(
        f"/api/v1/sources/{source.pk}/",
        {"languages": ["zh-Hant", "ja"]},
        format="json",
        headers={"If-Match": f'"{source.version}"'},
    )
    assert response.status_code == 200, response.json()
    assert stored(source) == linked(source) == " ja zh-Hant "


def test_a_csv_import_keeps_the_stored_codes(languages):
    series = SeriesFactory(slug="ngb-t13-1")
    source = SourceFactory(series=series, number="464", languages=[languages["ja"]])
    text = export_csv(SourceResource()).replace(",ja,", ",ja|ru,")
    result = import_csv(SourceResource(), text)
    assert not result.has_errors() and not result.has_validation_errors()
    assert stored(source) == linked(source) == " ja ru "


def test_a_refresh_of_every_source_finds_nothing_stale_after_the_writes(languages):
    sources = [SourceFactory(languages=[languages[c]]) for c in ("en", "ja", "ru")]
    assert Source.objects.refresh_language_codes() == 0
    # A link written behind the write paths' back (SQL, a raw load) is mended by the refresh
    # `manage.py refresh_search_text` runs, and only that source is written.
    sources[0].languages.add(languages["ru"])
    assert stored(sources[0]) == " en "
    assert Source.objects.refresh_language_codes() == 1
    assert stored(sources[0]) == " en ru "
