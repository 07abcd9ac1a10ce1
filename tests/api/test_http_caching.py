"""Anonymous reads carry an ETag and Cache-Control; an unchanged one revalidates with a 304.
Archivists' and logged-in reads are not marked public."""

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/v1/sources/", "/api/v1/claims/", "/oai?verb=Identify"])
def test_anonymous_list_is_public_for_a_minute_and_revalidates(client, url):
    f.SourceFactory()
    first = client.get(url)
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    assert "Cookie" in first["Vary"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_detail_revalidates_and_a_change_gives_a_new_etag(client):
    source = f.SourceFactory(title="芳沢公使ヨリ幣原外務大臣宛電報")
    url = f"/api/v1/sources/{source.pk}/"
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    source.title = "芳沢公使ヨリ幣原外務大臣宛電報 (改)"
    source.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_logged_in_reads_are_not_public(archivist_client):
    f.SourceFactory()
    response = archivist_client.get("/api/v1/sources/")
    assert "public" not in response.get("Cache-Control", "")


def test_a_page_that_sets_a_cookie_is_not_public(client):
    # The language form carries a CSRF token: such a page must not sit in a shared cache.
    response = client.get("/sources/")
    assert response.cookies
    assert "public" not in response.get("Cache-Control", "")
