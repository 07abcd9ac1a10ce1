import pytest

from catalogue.models import Agent, Source
from core.text import normalise
from tests.factories import (
    AgentFactory,
    AgentNameFactory,
    SeriesFactory,
    SourceAgentFactory,
    SourceFactory,
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        # NFKC makes half-width kana full-width; small kana become large, so ッ→ツ and ェ→エ.
        ("ﾖｯﾌｪ", "ヨツフエ"),
        ("ヨッフェ", "ヨツフエ"),
        ("ヨッフエ", "ヨツフエ"),  # the paper's OCR spelling with a large エ
        ("よっふぇ", "ヨツフエ"),  # typed in hiragana: shifted to katakana, then made large
        ("ИОФФЕ", "иоффе"),
        ("Иоффе", "иоффе"),
        ("Артём", "артем"),  # ё and е are one letter for search
        ("ＪＯＦＦＥ", "joffe"),  # full-width Latin
        ("  Joffe\u3000 ", "joffe"),  # ideographic space, trimmed like any other
    ],
)
def test_normalise_folds_script_variants_to_the_stored_form(typed, stored):
    assert normalise(typed) == stored


def test_normalise_turns_control_characters_into_spaces():
    assert normalise("jo\x00ffe\x07") == "jo ffe"


def test_normalise_keeps_distinct_words_distinct():
    assert normalise("カラハン") != normalise("ヨッフェ")
    assert normalise("Карахан") != normalise("Иоффе")


@pytest.fixture
def joffe_source(db):
    joffe = AgentFactory(slug="joffe-adolf")
    AgentNameFactory(agent=joffe, value="ヨッフェ", language="ja", script="Jpan")
    AgentNameFactory(agent=joffe, value="Иоффе", language="ru", script="Cyrl")
    AgentNameFactory(agent=joffe, value="Joffe", language="en", script="Latn")
    link = SourceAgentFactory(agent=joffe, source__title="後藤子爵宛書簡")
    Agent.objects.filter(pk=joffe.pk).refresh_search_text()
    Source.objects.filter(pk=link.source.pk).refresh_search_text()
    return link.source


@pytest.mark.parametrize(
    "query", ["ヨッフェ", "Иоффе", "joffe", "JOFFE", "ﾖｯﾌｪ", "ヨッフエ", "иоффе"]
)
def test_source_is_found_by_its_agents_name_in_any_script(joffe_source, query):
    assert list(Source.objects.search(query)) == [joffe_source]


def test_search_requires_every_word(joffe_source):
    assert list(Source.objects.search("joffe 後藤")) == [joffe_source]
    assert list(Source.objects.search("joffe karakhan")) == []


def test_search_text_is_rebuilt_on_save(db):
    source = SourceAgentFactory().source
    source.title = "漁業及海獣業経営規定"
    source.save()
    assert list(Source.objects.search("海獣")) == [source]


def test_bulk_create_fills_search_text(db):
    series = SeriesFactory()
    created = Source.objects.bulk_create(
        [Source(series=series, number="7", kind="note", title="Нота Карахана")]
    )
    assert list(Source.objects.search("карахана")) == created


def test_bulk_create_accepts_a_generator(db):
    series = SeriesFactory()
    Source.objects.bulk_create(
        Source(series=series, number=str(n), kind="note", title=f"Нота {n}") for n in range(3)
    )
    assert Source.objects.search("нота").count() == 3


def test_bulk_update_refreshes_search_text(db):
    source = SourceAgentFactory().source
    source.title_en = "Sinclair concession"
    Source.objects.bulk_update([source], ["title_en"])
    assert list(Source.objects.search("sinclair")) == [source]


@pytest.mark.parametrize("rows", [5, 50])
def test_new_sources_given_their_keys_get_their_text_without_a_query_each(
    db, django_assert_max_num_queries, rows
):
    """A bulk writer (the corpus generator, an import) assigns keys before the insert: the
    rows are still new, so their text needs no lookup of identifiers or agent links."""
    series = SeriesFactory(title="日本外交文書")
    first = (Source.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    new = [
        SourceFactory.build(pk=first + i, series=series, title=f"北京会議 {i}") for i in range(rows)
    ]
    # The inserts alone: SQLite splits 50 rows into two by its limit of parameters.
    with django_assert_max_num_queries(2):
        Source.objects.bulk_create(new)
    stored = Source.objects.get(pk=first)
    assert "北京会議" in stored.search_text and "日本外交文書" in stored.search_text
