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


def test_the_import_csv_command_reports_progress_and_imports(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    SeriesFactory(slug="ngb-t13-1")
    path = tmp_path / "sources.csv"
    rows = "".join(f"ngb-t13-1,{n},telegram,draft,title {n},1924\n" for n in range(1, 51))
    path.write_text("series,number,kind,status,title,date\n" + rows, encoding="utf-8")
    out = StringIO()

    call_command("import_csv", "sources", str(path), "--dry-run", stdout=out)
    assert not Source.objects.exists()
    call_command("import_csv", "sources", str(path), stdout=out)

    assert "50/50 rows" in out.getvalue()
    assert "Imported: 50 rows" in out.getvalue()
    assert Source.objects.count() == 50


def test_the_import_csv_command_refuses_a_file_with_a_bad_row_and_writes_nothing(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    SeriesFactory(slug="ngb-t13-1")
    path = tmp_path / "sources.csv"
    path.write_text(
        "series,number,kind,status,title,date\n"
        "ngb-t13-1,1,telegram,draft,good,1924\nngb-t13-1,2,telegram,draft,bad,next tuesday\n",
        encoding="utf-8",
    )

    with pytest.raises(CommandError, match="1 row"):
        call_command("import_csv", "sources", str(path))
    assert not Source.objects.exists()


def test_the_admin_sends_a_csv_with_too_many_rows_to_the_command(archivist_client, settings):
    settings.CSV_ADMIN_MAX_ROWS = 100
    SeriesFactory(slug="ngb-t13-1")
    rows = "".join(f"ngb-t13-1,{n},telegram,draft,title {n}\n" for n in range(150))

    response = import_page_post(
        archivist_client,
        reverse("admin:catalogue_source_import"),
        "series,number,kind,status,title\n" + rows,
    )

    text = response.content.decode()
    assert "The file has about 150 rows; the admin imports at most 100" in text
    assert "manage.py import_csv" in text
    assert not Source.objects.exists()
