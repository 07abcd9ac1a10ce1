"""History that tells the story: inline rows on the parent's history with their values, a change
reason from the admin and the API, and founding data credited to its load."""

from django.urls import reverse

from catalogue.models import Source
from tests.admin_forms import form_data
from tests.factories import AgentFactory, ClaimFactory, SourceFactory


def test_claim_history_shows_an_added_and_a_removed_evidence_row_with_their_values(
    archivist_client,
):
    claim, source = ClaimFactory(), SourceFactory(number="464")
    url = reverse("admin:negotiations_claim_change", args=[claim.pk])
    added = form_data(
        archivist_client.get(url),
        "claim_form",
        **{
            "evidence-0-source": str(source.pk),
            "evidence-0-relation": "contradicts",
            "evidence-0-locator": "p. 798",
        },
    )
    assert archivist_client.post(url, added).status_code == 302
    removed = form_data(archivist_client.get(url), "claim_form", **{"evidence-0-DELETE": "on"})
    assert archivist_client.post(url, removed).status_code == 302
    assert not claim.evidence.exists()

    response = archivist_client.get(reverse("admin:negotiations_claim_history", args=[claim.pk]))
    story = [
        (entry.label, entry.action, entry.details)
        for entry in response.context["story"]
        if entry.label == "evidence"
    ]
    assert [action for _, action, _ in story] == ["removed", "added"]
    for _, _, details in story:
        assert "locator: 798" in details and "locator type: page" in details
        assert "relation: contradicts" in details
        assert f"source: {source}" in details
    html = response.content.decode()
    assert "Evidence removed" in html and "Evidence added" in html
    assert "locator: 798" in html


def test_agent_history_shows_a_name_added_inline(archivist_client):
    agent = AgentFactory()
    url = reverse("admin:catalogue_agent_change", args=[agent.pk])
    data = form_data(
        archivist_client.get(url),
        "agent_form",
        **{"names-0-value": "ヨッフェ", "names-0-language": "ja", "names-0-script": "Jpan"},
    )
    response = archivist_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    history = archivist_client.get(reverse("admin:catalogue_agent_history", args=[agent.pk]))
    names = [e for e in history.context["story"] if e.label == "agent name"]
    assert names and names[0].action == "added"
    assert "name: ヨッフェ" in names[0].details


def test_change_reason_typed_in_the_admin_is_on_the_history_row(archivist_client):
    source = SourceFactory()
    url = reverse("admin:catalogue_source_change", args=[source.pk])
    data = form_data(
        archivist_client.get(url), "source_form", title_en="Fixed", change_reason="typo in title"
    )
    assert archivist_client.post(url, data).status_code == 302
    latest = source.history.order_by("-history_date").first()
    assert (latest.title_en, latest.history_change_reason) == ("Fixed", "typo in title")


def test_change_reason_box_is_on_every_kind_of_admin_form(archivist_client):
    for name in ("catalogue_source_add", "catalogue_agent_add", "negotiations_claim_add"):
        html = archivist_client.get(reverse(f"admin:{name}")).content.decode()
        assert 'name="change_reason"' in html, name


def test_founding_data_is_credited_to_its_load(db, archivist):
    from research.services import founding_data_load

    founding_data_load(user=archivist)
    first = Source.history.filter(history_type="+").order_by("history_date").first()
    assert first.history_change_reason == "load_founding_data: founding.json"
    assert first.history_user == archivist


def test_source_history_shows_an_event_link_added_on_its_form(archivist_client):
    from tests.factories import EventFactory

    source, event = SourceFactory(), EventFactory()
    url = reverse("admin:catalogue_source_change", args=[source.pk])
    data = form_data(
        archivist_client.get(url),
        "source_form",
        **{"event_sources-0-event": str(event.pk), "event_sources-0-locator": "p. 3"},
    )
    response = archivist_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    history = archivist_client.get(reverse("admin:catalogue_source_history", args=[source.pk]))
    [link] = [e for e in history.context["story"] if e.label == "source of an event"]
    assert link.action == "added"
    assert f"event: {event}" in link.details and "locator: 3" in link.details
