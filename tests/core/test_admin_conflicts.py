"""A refused stale save shows who saved meanwhile and a field-by-field comparison; the
archivist's per-field choices are what gets saved."""

from django.urls import reverse

from tests.admin_forms import form_data
from tests.factories import SourceFactory


def change_url(source):
    return reverse("admin:catalogue_source_change", args=[source.pk])


def stale_save(archivist_client, second_archivist_client, source, mine, theirs):
    url = change_url(source)
    my_form = form_data(archivist_client.get(url), "source_form", **mine)
    their_form = form_data(second_archivist_client.get(url), "source_form", **theirs)
    assert second_archivist_client.post(url, their_form).status_code == 302
    return archivist_client.post(url, my_form)


def test_stale_save_shows_who_saved_and_the_three_values_of_each_field(
    archivist_client, second_archivist_client
):
    source = SourceFactory(title_en="Original", pages="1", note="")
    response = stale_save(
        archivist_client,
        second_archivist_client,
        source,
        mine={"title_en": "Mine", "note": "my note"},
        theirs={"title_en": "Theirs", "pages": "2"},
    )

    assert response.status_code == 200
    conflict = response.context["conflict"]
    assert conflict["saved_by"].username == "colleague"
    assert conflict["version"] == 2
    rows = {row.name: (row.opened, row.stored, row.mine, row.choice) for row in conflict["fields"]}
    assert rows == {
        "title_en": ("Original", "Theirs", "Mine", "mine"),
        # Only the colleague changed the pages: keeping theirs is offered first.
        "pages": ("1", "2", "1", "stored"),
        "note": ("—", "—", "my note", "mine"),
    }
    html = response.content.decode()
    assert "Saved by colleague" in html
    assert 'name="_resolve-title_en"' in html


def test_saving_the_choices_saves_exactly_what_was_chosen(
    archivist_client, second_archivist_client
):
    source = SourceFactory(title_en="Original", pages="1", note="", summary="")
    url = change_url(source)
    response = stale_save(
        archivist_client,
        second_archivist_client,
        source,
        mine={"title_en": "Mine", "note": "my note", "summary": "my summary"},
        theirs={"title_en": "Theirs", "pages": "2", "summary": "their summary"},
    )
    choices = form_data(
        response,
        "source_form",
        **{
            "_resolve-title_en": "stored",
            "_resolve-pages": "stored",
            "_resolve-note": "mine",
            "_resolve-summary": "mine",
            "_resolve": "Save my choices",
        },
    )
    saved = archivist_client.post(url, choices)

    assert saved.status_code == 302, saved.context["adminform"].form.errors
    source.refresh_from_db()
    assert (source.title_en, source.pages, source.note, source.summary) == (
        "Theirs",
        "2",
        "my note",
        "my summary",
    )
    assert source.version == 3


def test_choices_made_against_a_version_that_moved_on_are_refused_again(
    archivist_client, second_archivist_client
):
    source = SourceFactory(title_en="Original")
    url = change_url(source)
    response = stale_save(
        archivist_client, second_archivist_client, source, {"title_en": "Mine"}, {"pages": "2"}
    )
    choices = form_data(response, "source_form", _resolve="Save my choices")
    third = form_data(second_archivist_client.get(url), "source_form", note="third save")
    assert second_archivist_client.post(url, third).status_code == 302

    again = archivist_client.post(url, choices)
    assert again.status_code == 200
    assert again.context["conflict"]["version"] == 3
    source.refresh_from_db()
    assert (source.title_en, source.note) == ("Original", "third save")
