"""The archivists' FRUS upload page in the admin."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalogue.models import Series, Source

pytestmark = pytest.mark.django_db
URL = "/admin/catalogue/source/import-frus/"


def upload(client, name: str, content: bytes, **data):
    file = SimpleUploadedFile(name, content, content_type="application/xml")
    return client.post(URL, {"file": file, **data})


def test_source_changelist_links_to_the_frus_upload(archivist_client):
    response = archivist_client.get(reverse("admin:catalogue_source_changelist"))
    assert URL in response.content.decode()
    assert archivist_client.get(URL).status_code == 200


def test_uploading_the_sample_imports_it_and_shows_the_summary(archivist_client, sample_path):
    response = upload(archivist_client, "frus1924v02.xml", sample_path.read_bytes())
    assert response.status_code == 200
    assert "13 created, 0 updated, 0 unchanged, 0 skipped" in response.content.decode()
    assert Source.objects.filter(status="draft").count() == 13
    response = upload(archivist_client, "frus1924v02.xml", sample_path.read_bytes(), publish="on")
    assert "0 created, 13 updated" in response.content.decode()
    assert Source.objects.filter(status="published").count() == 13


def test_a_broken_upload_is_refused_with_its_line_and_writes_nothing(archivist_client):
    response = upload(
        archivist_client, "broken.xml", b'<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<x>'
    )
    text = response.content.decode()
    assert "nothing of it was written" in text
    assert "broken.xml: line 2" in text
    assert not Series.objects.exists()


def test_staff_without_import_rights_cannot_upload(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="pw", is_staff=True)
    client.force_login(user)
    assert client.get(URL).status_code == 403


def test_an_imported_telegram_can_be_saved_unchanged_in_the_admin(archivist_client, sample_path):
    from tests.admin_forms import form_data

    upload(archivist_client, "frus1924v02.xml", sample_path.read_bytes())
    d316 = Source.objects.get(number="316")
    url = reverse("admin:catalogue_source_change", args=[d316.pk])
    response = archivist_client.post(url, form_data(archivist_client.get(url), "source_form"))
    assert response.status_code == 302
