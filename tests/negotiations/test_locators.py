"""Typed locators: where in a source a claim's evidence or an event's link points."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from negotiations.locators import locator_label, locator_parse
from tests import factories as f


@pytest.mark.parametrize(
    "text, parsed",
    [
        ("p. 798", ("page", "798", "")),
        ("pp. 802-804", ("page", "802-804", "")),
        ("283", ("document", "283", "")),
        ("VI-314", ("document", "VI-314", "")),
        ("付記一", ("annex", "付記一", "")),
        ("1924-02-28", ("date", "1924-02-28", "")),
        ("II-2 n.27", ("footnote", "II-2 n.27", "")),
        ("p. 377; II-1 n.7", ("page", "377", "II-1 n.7")),
        ("somewhere in the middle", ("other", "somewhere in the middle", "")),
        ("", ("", "", "")),
    ],
)
def test_free_text_locators_are_read_for_their_type(text, parsed):
    assert locator_parse(text) == parsed


@pytest.mark.parametrize(
    "locator_type, value, label",
    [
        ("page", "798", "p. 798"),
        ("page", "802-804", "pp. 802–804"),
        ("document", "283", "doc. 283"),
        ("annex", "付記一", "annex 付記一"),
        ("date", "1924-02-28", "1924-02-28"),
        ("paragraph", "3", "§ 3"),
        ("footnote", "II-2 n.27", "II-2 n.27"),
        ("footnote", "12", "n. 12"),
        ("other", "verso", "verso"),
    ],
)
def test_a_locator_reads_as_a_citation_does(locator_type, value, label):
    assert locator_label(locator_type, value) == label


def test_a_page_locator_must_be_numbers(db):
    evidence = f.EvidenceFactory.build(
        claim=f.ClaimFactory(), source=f.SourceFactory(), locator_type="page", locator="798f"
    )
    with pytest.raises(ValidationError) as error:
        evidence.full_clean()
    assert "locator" in error.value.error_dict


def test_an_untyped_locator_is_typed_when_cleaned(db):
    evidence = f.EvidenceFactory.build(
        claim=f.ClaimFactory(), source=f.SourceFactory(), locator="p. 798"
    )
    evidence.full_clean()
    assert (evidence.locator_type, evidence.locator) == ("page", "798")


def test_the_api_gives_type_and_value_and_the_pages_the_label(client, db):
    evidence = f.EvidenceFactory(locator_type="document", locator="283")
    link = f.EventSourceFactory(source=evidence.source, locator_type="page", locator="798")
    claim = client.get(f"/api/v1/claims/{evidence.claim_id}/").json()
    assert {k: claim["evidence"][0][k] for k in ("locator_type", "locator")} == {
        "locator_type": "document",
        "locator": "283",
    }
    event = client.get(f"/api/v1/events/{link.event_id}/").json()
    assert {k: event["sources"][0][k] for k in ("locator_type", "locator")} == {
        "locator_type": "page",
        "locator": "798",
    }
    html = client.get(evidence.source.get_absolute_url()).content.decode()
    assert "doc. 283" in html and "p. 798" in html


def test_every_founding_locator_has_a_type():
    rows = json.loads((Path(settings.BASE_DIR) / "fixtures" / "founding.json").read_text("utf-8"))
    links = [
        row["fields"]
        for row in rows
        if row["model"] in ("negotiations.evidence", "negotiations.eventsource")
    ]
    assert links
    assert [r for r in links if bool(r["locator"]) != bool(r["locator_type"])] == []
    assert [r for r in links if r["locator_type"] == "other"] == []
