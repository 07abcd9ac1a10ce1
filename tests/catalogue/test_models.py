import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from catalogue.models import Series, Source
from tests.factories import AgentFactory, AgentNameFactory, SeriesFactory, SourceFactory


def test_source_with_end_before_start_is_refused_by_clean(db):
    source = SourceFactory.build(
        series=SeriesFactory(),
        date_start=datetime.date(1924, 12, 5),
        date_end=datetime.date(1924, 12, 1),
    )
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert "date_end" in error.value.message_dict


def test_source_with_end_before_start_is_refused_by_the_database(db):
    source = SourceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.filter(pk=source.pk).update(date_end=datetime.date(1900, 1, 1))


def test_source_with_only_one_end_of_its_date_is_refused_by_the_database(db):
    source = SourceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.filter(pk=source.pk).update(date_end=None)


def test_duplicate_document_in_a_series_is_reported_on_the_number_field(db):
    first = SourceFactory(number="464", pages="")
    duplicate = SourceFactory.build(series=first.series, number="464", pages="")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "number" in error.value.message_dict
    assert "already exists" in error.value.message_dict["number"][0]


def test_duplicate_document_is_refused_by_the_database(db):
    first = SourceFactory(number="464")
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(series=first.series, number="464", kind="telegram", title="x")


def test_sources_without_number_or_pages_may_share_a_series(db):
    first = SourceFactory(number="", pages="")
    second = SourceFactory(series=first.series, number="", pages="")
    second.full_clean()


def test_same_number_with_other_pages_is_a_different_source(db):
    # Uniqueness is on (series, number, pages): the pages tell two entries under one number apart.
    first = SourceFactory(number="464", pages="798")
    second = SourceFactory(series=first.series, number="464", pages="802-804")
    second.full_clean()
    assert Source.objects.filter(series=first.series, number="464").count() == 2


def test_series_slug_is_unique(db):
    SeriesFactory(slug="ngb-t13-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        SeriesFactory(slug="ngb-t13-1")


def test_series_cannot_be_its_own_ancestor(db):
    parent = SeriesFactory()
    child = SeriesFactory(parent=parent, repository=parent.repository)
    parent.parent = child
    with pytest.raises(ValidationError) as error:
        parent.full_clean()
    assert "parent" in error.value.message_dict


def test_series_descendants_include_grandchildren(db):
    root = SeriesFactory()
    child = SeriesFactory(parent=root, repository=root.repository)
    grandchild = SeriesFactory(parent=child, repository=root.repository)
    assert set(root.descendant_ids()) == {root.pk, child.pk, grandchild.pk}
    assert list(Source.objects.in_series(root)) == []
    source = SourceFactory(series=grandchild)
    assert list(Source.objects.in_series(root)) == [source]


def test_agent_has_one_preferred_name_per_language(db):
    agent = AgentFactory()
    AgentNameFactory(agent=agent, value="Joffe", language="en", preferred=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgentNameFactory(agent=agent, value="Ioffe", language="en", preferred=True)


def test_preferred_name_follows_the_language_asked_for(db):
    agent = AgentFactory()
    AgentNameFactory(agent=agent, value="Joffe", language="en")
    AgentNameFactory(agent=agent, value="ヨッフェ", language="ja", script="Jpan")
    assert agent.preferred_name("ja") == "ヨッフェ"
    assert agent.preferred_name("en") == "Joffe"


def test_saving_a_record_increments_its_version(db):
    series = SeriesFactory()
    assert series.version == 1
    series.title = "日本外交文書 大正13年第1冊"
    series.save()
    assert Series.objects.get(pk=series.pk).version == 2


def test_every_save_is_recorded_in_the_history(db):
    source = SourceFactory()
    source.title_en = "Changed"
    source.save()
    assert [h.history_type for h in source.history.all()] == ["~", "+"]
