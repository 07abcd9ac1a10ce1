import datetime

from django.urls import reverse

from negotiations.models import Claim, Event
from tests.admin_forms import form_data
from tests.factories import ClaimFactory, SourceFactory, StageFactory


def test_event_outside_its_stage_is_refused_on_the_stage_field(archivist_client):
    stage = StageFactory(date_start=datetime.date(1924, 5, 1), date_end=datetime.date(1924, 11, 30))
    url = reverse("admin:negotiations_event_add")
    data = form_data(
        archivist_client.get(url),
        "event_form",
        title="日ソ基本条約調印",
        title_en="Basic Convention signed",
        date="大正14年1月20日",
        stage=str(stage.pk),
        status="draft",
    )
    response = archivist_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["stage"]
    assert "outside the stage" in errors[0]
    assert not Event.objects.exists()


def test_event_without_a_date_is_refused_on_the_date_field(archivist_client):
    url = reverse("admin:negotiations_event_add")
    data = form_data(archivist_client.get(url), "event_form", title="x", title_en="x", date="")
    response = archivist_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["date"]


def test_event_inside_its_stage_is_saved_with_its_era_date(archivist_client):
    stage = StageFactory(date_start=datetime.date(1924, 5, 1), date_end=datetime.date(1924, 11, 30))
    url = reverse("admin:negotiations_event_add")
    data = form_data(
        archivist_client.get(url),
        "event_form",
        title="モスクワ政府、四割供与を訓令",
        title_en="Moscow instructs a 40% offer",
        date="大正十三年十月六日",
        stage=str(stage.pk),
        status="published",
    )
    assert archivist_client.post(url, data).status_code == 302
    event = Event.objects.get()
    assert (event.date_start, event.date_precision) == (datetime.date(1924, 10, 6), "day")


def test_evidence_is_added_inline_on_a_claim(archivist_client):
    claim = ClaimFactory()
    source = SourceFactory(number="464")
    url = reverse("admin:negotiations_claim_change", args=[claim.pk])
    data = form_data(
        archivist_client.get(url),
        "claim_form",
        **{
            "evidence-0-source": str(source.pk),
            "evidence-0-relation": "supports",
            "evidence-0-locator": "464文書",
            "evidence-0-footnote": "II-2 n.27",
        },
    )
    assert archivist_client.post(url, data).status_code == 302
    evidence = Claim.objects.get().evidence.get()
    assert evidence.source == source
    assert (evidence.locator, evidence.footnote) == ("464文書", "II-2 n.27")


def test_source_autocomplete_finds_a_document_by_its_title_in_another_script(archivist_client):
    source = SourceFactory(title="Нота Карахана")
    response = archivist_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "карахана",
            "app_label": "negotiations",
            "model_name": "evidence",
            "field_name": "source",
        },
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(source.pk)]


def test_secondary_literature_is_cited_inline_on_a_claim(archivist_client):
    from tests.factories import WorkFactory

    claim = ClaimFactory()
    work = WorkFactory(authors="細谷千博", year=1983)
    url = reverse("admin:negotiations_claim_change", args=[claim.pk])
    data = form_data(
        archivist_client.get(url),
        "claim_form",
        **{
            "work_citations-0-work": str(work.pk),
            "work_citations-0-pages": "193-194",
            "work_citations-0-footnote": "II-1 n.19",
        },
    )
    assert archivist_client.post(url, data).status_code == 302
    citation = Claim.objects.get().work_citations.get()
    assert (citation.work, citation.pages) == (work, "193-194")
