"""Archivists see a draft marked as one, and a way to its admin form, on its public page; the
public sees neither."""

import pytest
from django.urls import reverse

from tests.factories import ClaimFactory, SourceFactory

FACTORIES = {"source": SourceFactory, "claim": ClaimFactory}


def admin_change(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize("kind", FACTORIES)
def test_archivist_sees_a_draft_banner_and_an_edit_link(archivist_client, kind):
    draft = FACTORIES[kind](status="draft")
    html = archivist_client.get(draft.get_absolute_url()).content.decode()
    assert 'class="archivist-bar draft"' in html
    assert "not shown to the public until it is published" in html
    assert f'href="{admin_change(draft)}"' in html


@pytest.mark.parametrize("kind", FACTORIES)
def test_archivist_sees_an_edit_link_but_no_banner_on_a_published_record(archivist_client, kind):
    record = FACTORIES[kind](status="published")
    html = archivist_client.get(record.get_absolute_url()).content.decode()
    assert f'href="{admin_change(record)}"' in html
    assert 'class="archivist-bar"' in html
    assert "not shown to the public" not in html


@pytest.mark.parametrize("kind", FACTORIES)
def test_the_public_sees_no_edit_link_and_no_draft(client, db, kind):
    record = FACTORIES[kind](status="published")
    html = client.get(record.get_absolute_url()).content.decode()
    assert "archivist-bar" not in html
    assert "/admin/" not in html
    draft = FACTORIES[kind](status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
