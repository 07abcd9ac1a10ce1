import datetime

import factory

from catalogue.models import (
    Agent,
    AgentIdentifier,
    AgentName,
    Language,
    Repository,
    Series,
    Source,
    SourceAgent,
    SourceDate,
    SourceIdentifier,
    SourceRelation,
    Work,
)
from core.derived import derived_refresh
from negotiations.models import (
    Claim,
    Conference,
    Event,
    EventSource,
    Evidence,
    Position,
    Stage,
    Strategy,
)


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ["code"]

    code = "ja"
    name = "Japanese"
    name_ja = "日本語"


class RepositoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Repository

    slug = factory.Sequence(lambda n: f"repository-{n}")
    name = factory.Sequence(lambda n: f"外務省 {n}")
    name_en = factory.Sequence(lambda n: f"Ministry {n}")


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    repository = factory.SubFactory(RepositoryFactory)
    slug = factory.Sequence(lambda n: f"series-{n}")
    kind = Series.Kind.VOLUME
    title = factory.Sequence(lambda n: f"日本外交文書 第{n}冊")
    abbreviation = "外文"


class AgentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agent

    slug = factory.Sequence(lambda n: f"agent-{n}")
    kind = Agent.Kind.PERSON


class AgentNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgentName

    agent = factory.SubFactory(AgentFactory)
    value = factory.Sequence(lambda n: f"Name {n}")
    language = "en"
    script = AgentName.Script.LATIN
    preferred = True


class WorkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Work

    slug = factory.Sequence(lambda n: f"work-{n}")
    kind = Work.Kind.ARTICLE
    authors = "小澤治子"
    title = "第一次日ソ国交樹立とソ連の交渉ストラテジー"
    year = 1987
    language = factory.SubFactory(LanguageFactory)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        skip_postgeneration_save = True

    series = factory.SubFactory(SeriesFactory)
    number = factory.Sequence(lambda n: str(100 + n))
    kind = Source.Kind.TELEGRAM
    title = factory.Sequence(lambda n: f"芳沢公使ヨリ幣原外務大臣宛電報 {n}")
    title_en = factory.Sequence(lambda n: f"Yoshizawa to Shidehara, telegram {n}")
    status = "published"
    date_start = datetime.date(1924, 10, 6)
    date_end = datetime.date(1924, 10, 6)
    date_precision = "day"

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if create:
            self.languages.set(extracted or [LanguageFactory()])
            # As every write path does (core.derived): the stored codes follow the links. Only
            # that refresh, so that a side the test gives is kept.
            Source.objects.filter(pk=self.pk).refresh_language_codes()
            self.refresh_from_db(fields=["language_codes"])


class SourceAgentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceAgent

    source = factory.SubFactory(SourceFactory)
    agent = factory.SubFactory(AgentFactory)
    role = SourceAgent.Role.AUTHOR

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        link = super()._create(model_class, *args, **kwargs)
        # As every write path does: the source's side follows its authors.
        derived_refresh([link])
        link.source.refresh_from_db(fields=["side"])
        return link


class SourceDateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceDate

    source = factory.SubFactory(SourceFactory)
    role = SourceDate.Role.SENT
    date_start = datetime.date(1924, 10, 6)
    date_end = factory.SelfAttribute("date_start")
    date_precision = "day"


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference

    slug = factory.Sequence(lambda n: f"conference-{n}")
    name = "北京会議"
    name_en = "Peking conference"
    date_start = datetime.date(1923, 9, 1)
    date_end = datetime.date(1925, 1, 31)
    date_precision = "range"


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stage

    conference = factory.SubFactory(ConferenceFactory)
    slug = factory.Sequence(lambda n: f"stage-{n}")
    phase = Stage.Phase.NEGOTIATION
    name = "交渉段階"
    name_en = "Negotiation stage"
    date_start = datetime.date(1924, 5, 1)
    date_end = datetime.date(1924, 11, 30)
    date_precision = "range"


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    slug = factory.Sequence(lambda n: f"strategy-{n}")
    name = "時間かせぎ"
    name_en = "Time-buying"
    definition = "交渉を引き延ばす"
    definition_en = "Drawing the talks out"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"会談 {n}")
    title_en = factory.Sequence(lambda n: f"Meeting {n}")
    stage = factory.SubFactory(StageFactory)
    status = "published"
    date_start = datetime.date(1924, 10, 6)
    date_end = datetime.date(1924, 10, 6)
    date_precision = "day"


class EventSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSource

    event = factory.SubFactory(EventFactory)
    source = factory.SubFactory(SourceFactory)


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    work = factory.SubFactory(WorkFactory)
    text = factory.Sequence(lambda n: f"ソ連は時間かせぎを試みた {n}")
    text_en = factory.Sequence(lambda n: f"The Soviet side played for time {n}")
    status = "published"


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    locator = factory.Sequence(lambda n: f"doc. {n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    issue = "north-sakhalin-oil-share"
    party = factory.SubFactory(AgentFactory, kind=Agent.Kind.GOVERNMENT)
    value_low = 40
    value_high = 40
    date_start = datetime.date(1924, 10, 6)
    date_end = datetime.date(1924, 10, 6)
    date_precision = "day"


# Added for the API tests -------------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    """A logged-in reader outside the archivists' group."""

    class Meta:
        model = "auth.User"
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"reader-{n}")


class PositionSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "negotiations.PositionSource"

    position = factory.SubFactory(PositionFactory)
    source = factory.SubFactory(SourceFactory)
    locator = "p. 1"


class WorkCitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "negotiations.WorkCitation"

    claim = factory.SubFactory(ClaimFactory)
    work = factory.SubFactory(WorkFactory)
    pages = factory.Sequence(lambda n: str(100 + n))
    footnote = "II-1 n.19"


class SourceIdentifierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceIdentifier

    source = factory.SubFactory(SourceFactory)
    type = "jacar"
    value = factory.Sequence(lambda n: f"B{30410000000 + n:011d}")


class AgentIdentifierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgentIdentifier

    agent = factory.SubFactory(AgentFactory)
    type = "wikidata"
    value = factory.Sequence(lambda n: f"Q{1000 + n}")


class SourceRelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceRelation

    source = factory.SubFactory(SourceFactory)
    related = factory.SubFactory(SourceFactory)
    type = "edition"
