import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.factories import EventFactory, PositionFactory, StageFactory


def test_event_outside_its_stage_is_refused_on_the_stage_field(db):
    stage = StageFactory(date_start=datetime.date(1924, 5, 1), date_end=datetime.date(1924, 11, 30))
    event = EventFactory.build(
        stage=stage, date_start=datetime.date(1925, 1, 20), date_end=datetime.date(1925, 1, 20)
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "outside the stage" in error.value.message_dict["stage"][0]


def test_event_inside_its_stage_is_accepted(db):
    event = EventFactory.build(stage=StageFactory())
    event.full_clean()


def test_event_straddling_the_end_of_its_stage_is_refused(db):
    stage = StageFactory(date_start=datetime.date(1924, 5, 1), date_end=datetime.date(1924, 11, 30))
    event = EventFactory.build(
        stage=stage, date_start=datetime.date(1924, 11, 1), date_end=datetime.date(1924, 12, 31)
    )
    with pytest.raises(ValidationError):
        event.full_clean()


def test_event_needs_a_date(db):
    event = EventFactory.build(stage=None, date_start=None, date_end=None)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "date_start" in error.value.message_dict


def test_position_values_must_be_ordered(db):
    position = PositionFactory.build(party=PositionFactory().party, value_low=20, value_high=15)
    with pytest.raises(ValidationError) as error:
        position.full_clean()
    assert "value_high" in error.value.message_dict
