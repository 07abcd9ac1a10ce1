"""Identifiers and related sources in the archivists' source and agent forms (the source form
is the one negotiations re-registers, with the analysis inlines after the archive's)."""

from django.urls import reverse

from catalogue.models import AgentIdentifier, SourceIdentifier, SourceRelation
from tests.admin_forms import form_data
from tests.factories import AgentFactory, SourceFactory, SourceRelationFactory


def source_form(client, source, **changes):
    url = reverse("admin:catalogue_source_change", args=[source.pk])
    return url, form_data(client.get(url), "source_form", **changes)


def test_a_bad_jacar_code_is_refused_beside_the_value(archivist_client):
    source = SourceFactory()
    url, data = source_form(
        archivist_client,
        source,
        **{"identifiers-0-type": "jacar", "identifiers-0-value": "B3041045300"},
    )
    response = archivist_client.post(url, data)
    assert response.status_code == 200
    (formset,) = [
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "identifiers"
    ]
    assert "B03041045300" in formset.formset.forms[0].errors["value"][0]
    assert not SourceIdentifier.objects.exists()


def test_a_pasted_jacar_url_is_saved_as_its_code_and_a_relation_beside_it(archivist_client):
    source, original = SourceFactory(), SourceFactory()
    url, data = source_form(
        archivist_client,
        source,
        **{
            "identifiers-0-type": "jacar",
            "identifiers-0-value": "https://www.jacar.archives.go.jp/aj/meta/listPhoto?"
            "LANG=default&REFCODE=B03041045300",
            "relations_from-0-type": "translation",
            "relations_from-0-related": str(original.pk),
        },
    )
    response = archivist_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert SourceIdentifier.objects.get().value == "B03041045300"
    relation = SourceRelation.objects.get()
    assert (relation.source, relation.related, relation.type) == (source, original, "translation")
    # The other source's form shows the relation entered here, and the history says who did it.
    other = archivist_client.get(reverse("admin:catalogue_source_change", args=[original.pk]))
    assert "translated in" in other.content.decode()
    history = archivist_client.get(reverse("admin:catalogue_source_history", args=[source.pk]))
    assert "B03041045300" in history.content.decode()


def test_a_relation_to_itself_is_refused_in_the_form(archivist_client):
    source = SourceFactory()
    url, data = source_form(
        archivist_client,
        source,
        **{"relations_from-0-type": "edition", "relations_from-0-related": str(source.pk)},
    )
    response = archivist_client.post(url, data)
    assert response.status_code == 200
    assert not SourceRelation.objects.exists()


def test_the_source_form_keeps_the_analysis_inlines_beside_the_new_ones(archivist_client):
    relation = SourceRelationFactory()
    page = archivist_client.get(reverse("admin:catalogue_source_change", args=[relation.source_id]))
    prefixes = [f.formset.prefix for f in page.context["inline_admin_formsets"]]
    assert prefixes == [
        "source_agents",
        "dates",
        "identifiers",
        "relations_from",
        "event_sources",
        "evidence",
    ]


def test_an_agent_gets_a_wikidata_item_only_of_the_agent_types(archivist_client):
    agent = AgentFactory()
    url = reverse("admin:catalogue_agent_change", args=[agent.pk])
    page = archivist_client.get(url)
    choices = page.context["inline_admin_formsets"][1].formset.forms[0].fields["type"].choices
    assert [code for code, _ in choices] == ["", "wikidata", "viaf", "ndlna"]
    data = form_data(
        page,
        "agent_form",
        **{"identifiers-0-type": "wikidata", "identifiers-0-value": "q42"},
    )
    assert archivist_client.post(url, data).status_code == 302
    assert AgentIdentifier.objects.get().value == "Q42"
