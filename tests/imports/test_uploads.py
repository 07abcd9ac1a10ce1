"""Uploads that cannot hurt: size limits with a clear message, malformed encodings refused with
the reason, never a 500."""

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalogue.models import Series, Source
from tests.factories import SeriesFactory
from tests.imports.test_csv import import_page_post
from tests.imports.test_frus_admin import upload

pytestmark = pytest.mark.django_db


def test_a_frus_upload_over_the_limit_is_refused_with_the_limit(archivist_client, settings):
    settings.FRUS_UPLOAD_MAX_BYTES = 1_000_000

    response = upload(archivist_client, "huge.xml", b"<TEI/>" + b" " * 1_500_000)

    assert response.status_code == 200
    assert "The file is 1.5 MB; files of this kind may be at most 1 MB." in (
        response.content.decode()
    )
    assert not Series.objects.exists()


@pytest.mark.parametrize(
    "content",
    [
        b'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">'
        b"<teiHeader>\xff\xfe bad</teiHeader></TEI>",
        b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader>caf\xe9</teiHeader></TEI>',
        b"\xff\xfe<\x00T\x00",
        b'<?xml version="1.0" encoding="no-such-encoding"?><TEI/>',
    ],
)
def test_a_frus_upload_in_a_broken_encoding_is_refused_with_the_reason(archivist_client, content):
    response = upload(archivist_client, "bad.xml", content)

    assert response.status_code == 200
    text = response.content.decode()
    assert "bad.xml:" in text
    assert "nothing of it was written" in text
    assert not Series.objects.exists()


def test_a_csv_upload_over_the_limit_is_refused_with_the_limit(archivist_client, settings):
    settings.CSV_UPLOAD_MAX_BYTES = 1_000_000
    SeriesFactory(slug="ngb-t13-1")
    rows = "".join(f"ngb-t13-1,{n},telegram,draft,title {n}\n" for n in range(60_000))

    response = import_page_post(
        archivist_client,
        reverse("admin:catalogue_source_import"),
        "series,number,kind,status,title\n" + rows,
    )

    assert response.status_code == 200
    assert "files of this kind may be at most 1 MB" in response.content.decode()
    assert not Source.objects.exists()


def test_a_csv_upload_that_is_not_utf8_is_refused_with_the_reason(archivist_client):
    SeriesFactory(slug="ngb-t13-1")
    url = reverse("admin:catalogue_source_import")

    page = lxml.html.fromstring(archivist_client.get(url).content.decode())
    csv_choice = next(
        option.get("value")
        for option in page.xpath("//select[@name='format']/option")
        if option.text.strip().lower() == "csv"
    )
    content = "series,number,kind,status,title\nngb-t13-1,1,telegram,draft,電報\n".encode(
        "shift_jis"
    )
    file = SimpleUploadedFile("sjis.csv", content, content_type="text/csv")

    response = archivist_client.post(
        url, {"format": csv_choice, "resource": "0", "import_file": file}
    )

    assert response.status_code == 200
    assert "The file is not UTF-8 text: byte 0x93" in response.content.decode()
    assert not Source.objects.exists()
