"""The founding data set (fixtures/founding.json, from Ozawa 1987) loads and is consistent."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.apps import apps

from catalogue.models import Agent, Source, SourceDate
from negotiations.models import (
    Claim,
    Conference,
    Event,
    Evidence,
    Position,
    Stage,
    Strategy,
    WorkCitation,
)
from research.services import FOUNDING_FIXTURE, founding_data_load

pytestmark = pytest.mark.skipif(not FOUNDING_FIXTURE.exists(), reason="no founding fixture")


@pytest.fixture
def founding(db, founding_data):
    """The founding data set, shared by the module's tests (they only read)."""


def table_counts():
    return {
        model._meta.label: model._default_manager.count()
        for app in ("catalogue", "negotiations")
        for model in apps.get_app_config(app).get_models()
    }


def test_loading_twice_changes_no_counts(db):
    founding_data_load()
    before = table_counts()
    founding_data_load()
    assert table_counts() == before


def test_every_record_passes_model_validation(founding):
    for app in ("catalogue", "negotiations"):
        for model in apps.get_app_config(app).get_models():
            if model._meta.label.split(".")[1].startswith("Historical"):
                continue
            for obj in model._default_manager.all():
                obj.full_clean()


def test_periodisation_has_four_conferences_and_five_stages(founding):
    assert set(Conference.objects.values_list("slug", flat=True)) == {
        "dairen",
        "changchun",
        "tokyo",
        "peking",
    }
    stages = {s.slug: s for s in Stage.objects.all()}
    assert list(stages) == [
        "tokyo-preparatory",
        "tokyo-negotiation",
        "peking-preparatory",
        "peking-negotiation",
        "peking-final",
    ]
    # The OCR reads 五月～一月 and 二月～一月: 十 dropped. The talks broke down in November 1924
    # and resumed in December; the convention was signed on 20 January 1925.
    assert stages["peking-negotiation"].date_end == datetime.date(1924, 11, 30)
    assert stages["peking-final"].date_start == datetime.date(1924, 12, 1)
    assert stages["peking-final"].date_end == datetime.date(1925, 1, 31)


def test_stages_follow_each_other_without_overlap(founding):
    stages = list(Stage.objects.order_by("order"))
    for earlier, later in zip(stages, stages[1:], strict=False):
        assert earlier.date_end < later.date_start, (earlier.slug, later.slug)


def test_strategies_are_assigned_to_the_stages_the_paper_names(founding):
    assigned = {
        s.slug: sorted(s.stages.values_list("slug", flat=True)) for s in Strategy.objects.all()
    }
    assert assigned == {
        "linkage": ["peking-preparatory", "tokyo-preparatory"],
        "division": ["peking-preparatory", "tokyo-preparatory"],
        "principled-position": ["peking-negotiation", "tokyo-negotiation"],
        "time-buying": ["peking-negotiation", "tokyo-negotiation"],
        "political-compromise": ["peking-final"],
    }
    assert all(s.definition and s.definition_en for s in Strategy.objects.all())


def test_every_event_lies_inside_its_stage(founding):
    assert Event.objects.count() >= 60
    for event in Event.objects.select_related("stage"):
        assert event.date_start is not None, event
        if event.stage:
            assert event.stage.covers(event.date_start, event.date_end), event


def test_every_claim_has_evidence_with_a_footnote(founding):
    assert Claim.objects.count() >= 20
    for claim in Claim.objects.prefetch_related("evidence"):
        assert claim.evidence.all(), claim
        assert all(e.footnote for e in claim.evidence.all()), claim


def test_every_source_is_used_as_evidence_or_documents_an_event(founding):
    unused = Source.objects.filter(evidence=None, event_sources=None, position_sources=None)
    assert list(unused) == []


def test_no_document_is_catalogued_twice(founding):
    keys = Counter(
        Source.objects.exclude(number="", pages="").values_list("series", "number", "pages")
    )
    assert [key for key, n in keys.items() if n > 1] == []


def test_cited_document_ranges_are_one_source_per_document(founding):
    # 外文 大正13年第1冊 四六四、四六五、四七三、四九〇、四九二、四九七、五〇六 (note II-2 n.27)
    numbers = set(Source.objects.filter(series__slug="ngb-t13-1").values_list("number", flat=True))
    assert {"464", "465", "473", "490", "492", "497", "506"} <= numbers
    # 外文 大正12年第1冊 二八三—二八四 is two documents (note II-2 n.22)
    tokyo = set(Source.objects.filter(series__slug="ngb-t12-1").values_list("number", flat=True))
    assert {"283", "284", "285", "286", "287", "288", "289", "291"} <= tokyo


def test_joffe_is_found_by_every_form_of_his_name(founding):
    found = [set(Source.objects.search(q)) for q in ("ヨッフェ", "Иоффе", "joffe", "ヨッフエ")]
    assert found[0] and all(f == found[0] for f in found)
    names = Agent.objects.search("иоффе").get().names.values_list("language", flat=True)
    assert {"ja", "ru", "en"} <= set(names)


def test_oil_share_positions_follow_the_negotiation(founding):
    by_party = {}
    for position in Position.objects.filter(issue="north-sakhalin-oil-share").order_by(
        "date_start", "pk"
    ):
        values = (position.value_low, position.value_high)
        by_party.setdefault(position.party.slug, []).append(values)
    soviet = next(v for k, v in by_party.items() if "soviet" in k or "ussr" in k)
    japan = next(v for k, v in by_party.items() if "japan" in k)
    assert soviet[0] == (Decimal(15), Decimal(20))
    assert [high for _, high in soviet[1:]][:3] == [Decimal(40), Decimal(45), Decimal(50)]
    assert [low for low, _ in japan][:2] == [Decimal(60), Decimal(50)]


def test_every_evidence_row_points_at_a_catalogued_source(founding):
    source_ids = set(Source.objects.values_list("pk", flat=True))
    assert set(Evidence.objects.values_list("source_id", flat=True)) <= source_ids


def test_footnote_citing_other_historians_is_kept_as_literature(founding):
    # II-1 n.19: the Ide–Tanaka letter "has been introduced by many researchers".
    cited = WorkCitation.objects.filter(footnote="II-1 n.19").select_related("work")
    assert ("104", 1970) in {(c.pages, c.work.year) for c in cited}
    assert len({c.claim_id for c in cited}) == 1 and cited.count() == 6


def test_the_request_for_instructions_carries_the_day_the_paper_says_it_was_sent(founding):
    request = Source.objects.get(series__slug="ngb-t14-1", number="286")
    reply = Source.objects.get(series__slug="ngb-t14-1", number="301")

    assert [(d.role, d.date_start, d.date_original) for d in request.dates.all()] == [
        ("sent", datetime.date(1925, 1, 9), "一九二五年一月九日")
    ]
    # The paper does not date Shidehara's reply: no date is made up for it.
    assert not reply.dates.exists()
    # Every date of the founding data passes the checks an archivist's would.
    for row in SourceDate.objects.all():
        row.full_clean()
        assert row.date_start <= row.date_end
