"""The API over the founding data set: the paper's stage rule holds on the real records."""

import pytest

from research.services import FOUNDING_FIXTURE

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not FOUNDING_FIXTURE.exists(),
        reason=f"{FOUNDING_FIXTURE} is not written yet (the founding data set is in progress)",
    ),
]


def all_sources(client, **params) -> list[dict]:
    rows, page = [], 1
    while True:
        response = client.get("/api/v1/sources/", {**params, "page": page, "page_size": 100})
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        if not body["next"]:
            return rows
        page += 1


@pytest.fixture
def founding(db, founding_data):
    """The founding data set, shared by the module's tests (they only read)."""


def test_peking_final_includes_the_taisho_14_documents_and_not_the_tokyo_minutes(
    api_client, founding
):
    rows = all_sources(api_client, stage="peking-final")
    found = {(row["series"]["slug"], row["number"]) for row in rows}

    assert any(slug == "ngb-t14-1" for slug, _ in found)
    tokyo_minutes = {("ngb-t12-1", str(number)) for number in range(283, 292)}
    assert not found & tokyo_minutes
    assert all("peking-final" in row["stages"] for row in rows)


def test_every_founding_source_has_a_citation(api_client, founding):
    rows = all_sources(api_client)

    assert rows
    assert all(row["citation"] for row in rows)
    ngb = [row for row in rows if row["series"]["slug"].startswith("ngb-")]
    assert all(row["citation_ja"].startswith("『日本外交文書』") for row in ngb)


def test_the_founding_stage_export_parses(api_client, founding):
    import bibtexparser

    response = api_client.get("/api/v1/sources/export.bib", {"stage": "peking-final"})

    library = bibtexparser.parse_string(response.content.decode())
    assert library.failed_blocks == []
    assert library.entries
