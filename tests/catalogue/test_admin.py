import datetime

import pytest
from django.urls import reverse

from catalogue.models import Agent, Source
from tests.admin_forms import form_data
from tests.factories import (
    AgentFactory,
    AgentNameFactory,
    LanguageFactory,
    SeriesFactory,
    SourceAgentFactory,
    SourceFactory,
)


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def add_source(client, series, **fields):
    page = client.get(reverse("admin:catalogue_source_add"))
    data = form_data(
        page,
        "source_form",
        series=str(series.pk),
        kind="telegram",
        title="芳沢公使ヨリ幣原外務大臣宛",
        languages=[LanguageFactory().pk],
        status="draft",
        **fields,
    )
    return client.post(reverse("admin:catalogue_source_add"), data)


def field_errors(response, field):
    return response.context["adminform"].form.errors.get(field, [])


@pytest.mark.parametrize(
    ("typed", "start", "end", "precision"),
    [
        ("1924-12", "1924-12-01", "1924-12-31", "month"),
        ("大正13年12月5日", "1924-12-05", "1924-12-05", "day"),
        ("大正十三年十二月", "1924-12-01", "1924-12-31", "month"),
        ("1923-06-28/1923-07-31", "1923-06-28", "1923-07-31", "range"),
    ],
)
def test_archivist_enters_partial_and_era_dates(archivist_client, typed, start, end, precision):
    response = add_source(archivist_client, SeriesFactory(), number="464", date=typed)
    assert response.status_code == 302, response.context["adminform"].form.errors
    source = Source.objects.get(number="464")
    assert (str(source.date_start), str(source.date_end)) == (start, end)
    assert source.date_precision == precision
    # An era date is kept as written; an ISO date needs no second form.
    assert source.date_original == ("" if typed.isascii() else typed)


@pytest.mark.parametrize(
    ("typed", "message"),
    [("1924-13", "month"), ("大正16年", "15"), ("next tuesday", "YYYY")],
)
def test_impossible_date_is_refused_on_the_date_field(archivist_client, typed, message):
    response = add_source(archivist_client, SeriesFactory(), number="1", date=typed)
    assert response.status_code == 200
    errors = field_errors(response, "date")
    assert errors and message in errors[0]
    assert not Source.objects.exists()


def test_duplicate_source_is_refused_on_the_number_field(archivist_client):
    existing = SourceFactory(number="464", pages="")
    response = add_source(archivist_client, existing.series, number="464", date="1924")
    assert response.status_code == 200
    assert "already exists" in field_errors(response, "number")[0]
    assert Source.objects.count() == 1


def test_stale_save_is_refused_and_the_first_save_is_kept(
    archivist_client, second_archivist_client
):
    source = SourceFactory(title_en="Original")
    url = change_url(source)
    mine = form_data(archivist_client.get(url), "source_form", title_en="Mine")
    theirs = form_data(second_archivist_client.get(url), "source_form", title_en="Theirs")

    assert second_archivist_client.post(url, theirs).status_code == 302
    response = archivist_client.post(url, mine)

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert "Someone else saved this record" in errors[0]
    source.refresh_from_db()
    assert source.title_en == "Theirs"
    assert source.version == 2


def test_saving_a_fresh_copy_after_a_refusal_succeeds(archivist_client):
    source = SourceFactory()
    url = change_url(source)
    data = form_data(archivist_client.get(url), "source_form", title_en="First")
    assert archivist_client.post(url, data).status_code == 302
    data = form_data(archivist_client.get(url), "source_form", title_en="Second")
    assert archivist_client.post(url, data).status_code == 302
    source.refresh_from_db()
    assert (source.title_en, source.version) == ("Second", 3)


def test_publish_action_publishes_drafts_and_records_history(archivist_client):
    drafts = SourceFactory.create_batch(3, status="draft")
    response = archivist_client.post(
        reverse("admin:catalogue_source_changelist"),
        {"action": "publish", "_selected_action": [s.pk for s in drafts]},
    )
    assert response.status_code == 302
    assert set(Source.objects.values_list("status", flat=True)) == {"published"}
    assert all(s.history.first().status == "published" for s in Source.objects.all())


def test_admin_search_finds_an_agent_by_any_of_its_names(archivist_client):
    joffe = AgentFactory(slug="joffe-adolf")
    AgentNameFactory(agent=joffe, value="ヨッフェ", language="ja", script="Jpan")
    AgentNameFactory(agent=joffe, value="Иоффе", language="ru", script="Cyrl")
    Agent.objects.all().refresh_search_text()
    AgentFactory(slug="karakhan-lev")
    for query in ("ﾖｯﾌｪ", "иоффе"):
        response = archivist_client.get(reverse("admin:catalogue_agent_changelist"), {"q": query})
        assert list(response.context["cl"].result_list) == [joffe]


def test_names_added_inline_reach_the_search_text_of_the_agents_sources(archivist_client):
    link = SourceAgentFactory()
    url = change_url(link.agent)
    data = form_data(
        archivist_client.get(url),
        "agent_form",
        **{"names-0-value": "Карахан", "names-0-language": "ru", "names-0-script": "Cyrl"},
    )
    assert archivist_client.post(url, data).status_code == 302
    assert list(Source.objects.search("карахан")) == [link.source]


def test_archivist_without_superuser_rights_can_open_every_changelist(archivist_client):
    for model in ("source", "series", "repository", "agent", "work"):
        response = archivist_client.get(reverse(f"admin:catalogue_{model}_changelist"))
        assert response.status_code == 200, model


def test_history_page_lists_the_changes(archivist_client):
    source = SourceFactory()
    source.title_en = "Changed"
    source.save()
    response = archivist_client.get(reverse("admin:catalogue_source_history", args=[source.pk]))
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == 2


@pytest.mark.parametrize("path", ["1/change/history/", "abc/history/", "99999/history/"])
def test_mangled_admin_urls_are_not_found_not_errors(archivist_client, path):
    SourceFactory()
    response = archivist_client.get(f"/admin/catalogue/source/{path}")
    assert response.status_code in (302, 404)


@pytest.mark.parametrize("model", ["source", "agent", "series", "repository", "work"])
def test_search_with_control_characters_is_not_an_error(archivist_client, model):
    response = archivist_client.get(
        reverse(f"admin:catalogue_{model}_changelist"), {"q": "jo\x00ffe\x07"}
    )
    assert response.status_code == 200


def test_autocomplete_with_a_nul_character_is_not_an_error(archivist_client):
    SourceFactory()
    response = archivist_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "\x00",
            "app_label": "negotiations",
            "model_name": "evidence",
            "field_name": "source",
        },
    )
    assert response.status_code == 200


def test_source_changelist_lists_the_years_of_its_span_from_one_query(archivist_client):
    for year in (1923, 1925):
        SourceFactory(date_start=datetime.date(year, 5, 1), date_end=datetime.date(year, 5, 1))
    url = reverse("admin:catalogue_source_changelist")
    html = archivist_client.get(url).content.decode()
    assert all(f"date_start__year={year}" in html for year in (1923, 1924, 1925))
    # A year opens Django's own months of that year.
    response = archivist_client.get(url, {"date_start__year": "1925"})
    assert response.status_code == 200
    assert "date_start__month=5" in response.content.decode()
    assert len(response.context["cl"].result_list) == 1
