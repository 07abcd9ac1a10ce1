"""Identifiers of sources and agents: each type's form, the link that opens the original, the
FRUS id the importer keeps in `external_id`, and relations between sources."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from catalogue.identifiers import identifier_link, identifier_normalise
from catalogue.models import AgentIdentifier, Source, SourceIdentifier, SourceRelation
from catalogue.querysets import source_relations, source_relations_attach
from core.derived import derived_refresh
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "type, written, stored, link",
    [
        (
            "jacar",
            "b03041045300",
            "B03041045300",
            "https://www.jacar.archives.go.jp/aj/meta/listPhoto?LANG=default&REFCODE=B03041045300",
        ),
        (
            "jacar",
            "https://www.jacar.archives.go.jp/aj/meta/listPhoto?LANG=default&REFCODE=B03041045300",
            "B03041045300",
            "https://www.jacar.archives.go.jp/aj/meta/listPhoto?LANG=default&REFCODE=B03041045300",
        ),
        (
            "jacar",
            "Ｂ０３０４１０４５３００",
            "B03041045300",
            None,
        ),  # full-width, as typed in Japanese
        (
            "ndl",
            "info:ndljp/pid/1234567",
            "info:ndljp/pid/1234567",
            "https://dl.ndl.go.jp/pid/1234567",
        ),
        ("ndl", "https://dl.ndl.go.jp/pid/1234567", "info:ndljp/pid/1234567", None),
        ("ndl", "https://dl.ndl.go.jp/info:ndljp/pid/1234567", "info:ndljp/pid/1234567", None),
        ("ndl", "1234567", "info:ndljp/pid/1234567", None),
        (
            "frus",
            "frus1924v02/d585",
            "frus1924v02/d585",
            "https://history.state.gov/historicaldocuments/frus1924v02/d585",
        ),
        (
            "frus",
            "https://history.state.gov/historicaldocuments/frus1924v02/d585",
            "frus1924v02/d585",
            None,
        ),
        ("frus", "frus1923v02", "frus1923v02", None),
        ("ngb", "大正13年第1冊 p. 464", "大正13年第1冊 p. 464", ""),
        ("wikidata", "q42", "Q42", "https://www.wikidata.org/wiki/Q42"),
        ("wikidata", "https://www.wikidata.org/wiki/Q42", "Q42", None),
        (
            "viaf",
            "https://viaf.org/viaf/102333412/",
            "102333412",
            "https://viaf.org/viaf/102333412",
        ),
        ("ndlna", "00012345", "00012345", "https://id.ndl.go.jp/auth/ndlna/00012345"),
        (
            "url",
            "https://example.org/scan/1",
            "https://example.org/scan/1",
            "https://example.org/scan/1",
        ),
    ],
)
def test_each_type_is_stored_in_its_canonical_form_with_its_link(type, written, stored, link):
    assert identifier_normalise(type, written) == stored
    if link is not None:
        assert identifier_link(type, stored) == link


@pytest.mark.parametrize(
    "type, value",
    [
        ("jacar", "B0304104530"),  # ten digits
        ("jacar", "03041045300B"),
        ("jacar", "B03041045300X"),
        ("ndl", "info:ndljp/pid/abc"),
        ("frus", "https://history.state.gov/countries/japan"),
        ("frus", "1924v02/d585"),
        ("ngb", "464"),
        ("wikidata", "Q0"),
        ("wikidata", "P31"),
        ("viaf", "viaf123"),
        ("ndlna", "1234"),
        ("url", "javascript:alert(1)"),
        ("url", "not a url"),
    ],
)
def test_a_value_not_in_its_types_form_is_refused_with_an_example(type, value):
    with pytest.raises(ValidationError) as refused:
        identifier_normalise(type, value)
    assert "in the form" in refused.value.messages[0]


def test_the_model_reports_a_bad_code_on_the_value_field_and_normalises_a_good_one():
    source = f.SourceFactory()
    bad = SourceIdentifier(source=source, type="jacar", value="B123")
    with pytest.raises(ValidationError) as refused:
        bad.full_clean()
    assert "value" in refused.value.message_dict
    assert "B03041045300" in refused.value.message_dict["value"][0]

    good = SourceIdentifier(source=source, type="jacar", value=" b03041045300 ")
    good.full_clean()
    assert good.value == "B03041045300"
    assert good.digitised


def test_a_type_that_does_not_apply_is_refused_on_the_type_field():
    with pytest.raises(ValidationError) as refused:
        AgentIdentifier(agent=f.AgentFactory(), type="jacar", value="B03041045300").full_clean()
    assert "type" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        SourceIdentifier(source=f.SourceFactory(), type="viaf", value="102333412").full_clean()
    assert "type" in refused.value.message_dict


def test_the_same_identifier_twice_on_one_record_is_refused():
    row = f.SourceIdentifierFactory(value="B03041045300")
    with pytest.raises(ValidationError) as refused:
        SourceIdentifier(source=row.source, type="jacar", value="B03041045300").full_clean()
    assert "already has this identifier" in str(refused.value)
    # Another source may carry it (an item and the file that holds it).
    SourceIdentifier(source=f.SourceFactory(), type="jacar", value="B03041045300").full_clean()


def test_the_frus_importers_external_id_is_one_of_the_identifiers_and_the_digitised_original():
    source = f.SourceFactory(external_id="frus1924v02/d585", url="")
    (identifier,) = source.identifier_list()
    assert (identifier.type, identifier.value) == ("frus", "frus1924v02/d585")
    assert (
        source.digitised_url() == "https://history.state.gov/historicaldocuments/frus1924v02/d585"
    )
    # Recorded as a row as well, it is listed once.
    f.SourceIdentifierFactory(source=source, type="frus", value="frus1924v02/d585")
    assert len(source.identifier_list()) == 1


def test_the_digitised_original_prefers_an_identifier_to_the_recorded_url():
    source = f.SourceFactory(url="https://example.org/volume")
    assert source.digitised_url() == "https://example.org/volume"
    f.SourceIdentifierFactory(source=source, type="ngb", value="大正13年第1冊 p. 464")
    assert source.digitised_url() == "https://example.org/volume"  # no link: not the original
    f.SourceIdentifierFactory(source=source, type="jacar", value="B03041045300")
    assert source.digitised_url().endswith("REFCODE=B03041045300")


def test_a_source_cannot_be_related_to_itself():
    source = f.SourceFactory()
    with pytest.raises(ValidationError) as refused:
        SourceRelation(source=source, related=source, type="edition").full_clean()
    assert "related" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        SourceRelation.objects.create(source=source, related=source, type="edition")


def test_a_pair_is_related_once_whichever_end_it_is_entered_from():
    relation = f.SourceRelationFactory(type="translation")
    reverse = SourceRelation(source=relation.related, related=relation.source, type="edition")
    with pytest.raises(ValidationError) as refused:
        reverse.full_clean()
    assert "already related" in " ".join(refused.value.message_dict["related"])
    with pytest.raises(IntegrityError), transaction.atomic():
        reverse.save()


def test_a_relation_reads_from_both_ends():
    translation = f.SourceFactory()
    original = f.SourceFactory()
    f.SourceRelationFactory(source=translation, related=original, type="translation")
    other_side = f.SourceRelationFactory(source=original, type="other_side").related
    loaded = {s.pk: s for s in Source.objects.all()}
    source_relations_attach(list(loaded.values()))
    from_original = loaded[original.pk]
    assert [(r.source.pk, r.label) for r in from_original.editions()] == [
        (translation.pk, "translated in")
    ]
    assert [r.source.pk for r in from_original.other_side_reports()] == [other_side.pk]
    assert [(r.source.pk, r.label) for r in loaded[translation.pk].editions()] == [
        (original.pk, "translation of")
    ]
    assert [r.source.pk for r in loaded[other_side.pk].other_side_reports()] == [original.pk]


def test_the_public_does_not_see_a_draft_at_the_other_end():
    relation = f.SourceRelationFactory(related=f.SourceFactory(status="draft"))
    assert source_relations([relation.source_id], public=True)[relation.source_id].editions == []
    (edition,) = source_relations([relation.source_id])[relation.source_id].editions
    assert edition.source.pk == relation.related_id


def test_every_edition_is_reached_through_a_chain_of_relations():
    russian, japanese, english, elsewhere = (f.SourceFactory() for _ in range(4))
    f.SourceRelationFactory(source=japanese, related=russian, type="translation")
    f.SourceRelationFactory(source=english, related=russian, type="translation")
    f.SourceRelationFactory(source=japanese, related=elsewhere, type="other_side")

    editions = source_relations([japanese.pk], public=True)[japanese.pk].editions
    assert [(e.source.pk, e.label) for e in editions] == [
        (russian.pk, "translation of"),
        (english.pk, "the same text, through another edition"),
    ]
    # A draft in the chain is not shown to the public, nor what lies beyond it.
    russian.status = "draft"
    russian.save()
    assert source_relations([japanese.pk], public=True)[japanese.pk].editions == []


def test_a_source_is_found_by_its_jacar_code_once_the_code_is_added():
    source = f.SourceFactory()
    row = SourceIdentifier(source=source, type="jacar", value="B03041045300")
    row.full_clean()
    row.save()
    derived_refresh([row])  # what the admin and the API do after a write
    found = Source.objects.search("b03041045300")
    assert list(found) == [source]
