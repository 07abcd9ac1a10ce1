"""API writes accept a `change_reason`, recorded on the history row they make."""

from tests.factories import SourceFactory


def test_api_write_records_its_change_reason(archivist_api_client):
    source = SourceFactory()
    response = archivist_api_client.patch(
        f"/api/v1/sources/{source.pk}/",
        {"title_en": "From a script", "change_reason": "batch fix of titles"},
        format="json",
        headers={"If-Match": f'"{source.version}"'},
    )
    assert response.status_code == 200, response.json()
    latest = source.history.order_by("-history_date").first()
    assert (latest.title_en, latest.history_change_reason) == (
        "From a script",
        "batch fix of titles",
    )


def test_api_change_reason_that_is_not_a_short_text_is_a_400(archivist_api_client):
    source = SourceFactory(title_en="Kept")
    response = archivist_api_client.patch(
        f"/api/v1/sources/{source.pk}/",
        {"title_en": "Not saved", "change_reason": ["a", "list"]},
        format="json",
        headers={"If-Match": f'"{source.version}"'},
    )
    assert response.status_code == 400
    assert "change_reason" in response.json()
    source.refresh_from_db()
    assert source.title_en == "Kept"
