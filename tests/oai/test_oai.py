"""The OAI-PMH provider: protocol errors, Dublin Core, schema validity, and a real harvest."""

import datetime
from pathlib import Path

import pytest
from lxml import etree
from sickle import Sickle, oaiexceptions

from catalogue.models import Source
from tests.factories import (
    AgentFactory,
    AgentNameFactory,
    LanguageFactory,
    RepositoryFactory,
    SeriesFactory,
    SourceAgentFactory,
    SourceFactory,
)

NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "schemas" / "harvest.xsd")))
UTC = datetime.UTC


def oai(client, **params):
    """GET /oai, check the response against the OAI-PMH schema, return the parsed document."""
    response = client.get("/oai", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    document = etree.fromstring(response.content)
    SCHEMA.assertValid(document)
    return document


def error_codes(document) -> list[str]:
    return [error.get("code") for error in document.findall("oai:error", NS)]


def identifiers(document) -> list[str]:
    return document.xpath("//oai:header/oai:identifier/text()", namespaces=NS)


def oai_id(source) -> str:
    return f"oai:kosho.example.org:source/{source.pk}"


def stamp(source, moment: datetime.datetime) -> None:
    Source.objects.filter(pk=source.pk).update(updated_at=moment)


@pytest.fixture
def catalogue(db):
    """Two repositories, a parent series with a child volume, published sources and drafts."""
    gaimusho = RepositoryFactory(
        slug="gaimusho", name="外務省", name_en="Ministry of Foreign Affairs"
    )
    mid = RepositoryFactory(slug="mid-sssr", name="МИД СССР", name_en="Soviet Foreign Ministry")
    ngb = SeriesFactory(slug="ngb", repository=gaimusho, title="日本外交文書")
    volume = SeriesFactory(slug="ngb-t13-1", repository=gaimusho, parent=ngb)
    dvp = SeriesFactory(slug="dvp-07", repository=mid, title="Документы внешней политики СССР")
    japanese, russian = LanguageFactory(code="ja"), LanguageFactory(code="ru", name="Russian")
    sources = {
        "ja": [SourceFactory(series=volume, languages=[japanese]) for _ in range(4)],
        "ru": [
            SourceFactory(series=dvp, title="Телеграмма Карахана", title_en="", languages=[russian])
            for _ in range(3)
        ],
        "draft": [SourceFactory(series=volume, status="draft") for _ in range(2)],
    }
    base = datetime.datetime(2025, 1, 10, 9, 0, tzinfo=UTC)
    for n, source in enumerate(sources["ja"] + sources["ru"] + sources["draft"]):
        stamp(source, base + datetime.timedelta(days=n))
    return sources


# --- Identify, formats, sets -----------------------------------------------------------------


def test_identify_declares_granularity_deleted_policy_and_earliest_datestamp(client, catalogue):
    document = oai(client, verb="Identify")
    identify = document.find("oai:Identify", NS)
    assert identify.findtext("oai:protocolVersion", namespaces=NS) == "2.0"
    assert identify.findtext("oai:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.findtext("oai:deletedRecord", namespaces=NS) == "no"
    assert identify.findtext("oai:earliestDatestamp", namespaces=NS) == "2025-01-10T09:00:00Z"
    assert identify.findtext("oai:baseURL", namespaces=NS) == "http://testserver/oai"


def test_list_metadata_formats_offers_oai_dc_and_mods_for_a_published_record(client, catalogue):
    source = catalogue["ja"][0]
    document = oai(client, verb="ListMetadataFormats", identifier=oai_id(source))
    assert document.xpath("//oai:metadataPrefix/text()", namespaces=NS) == ["oai_dc", "mods"]


def test_list_sets_gives_every_repository_and_series(client, catalogue):
    document = oai(client, verb="ListSets")
    specs = document.xpath("//oai:setSpec/text()", namespaces=NS)
    assert specs == [
        "repository",
        "repository:gaimusho",
        "repository:mid-sssr",
        "series",
        "series:dvp-07",
        "series:ngb",
        "series:ngb-t13-1",
    ]


def test_list_sets_on_an_empty_catalogue_is_no_set_hierarchy(client, db):
    assert error_codes(oai(client, verb="ListSets")) == ["noSetHierarchy"]


# --- records -----------------------------------------------------------------------------------


def test_get_record_gives_dublin_core_with_original_script_titles_and_language_tags(
    client, catalogue
):
    source = catalogue["ja"][0]
    Source.objects.filter(pk=source.pk).update(
        title="芳沢公使ヨリ幣原外務大臣宛電報",
        title_en="Yoshizawa to Shidehara",
        title_romanized="Yoshizawa kōshi yori Shidehara gaimu daijin ate denpō",
        summary="石油利権の割合について",
        number="464",
        pages="802–804",
    )
    yoshizawa = AgentFactory()
    AgentNameFactory(agent=yoshizawa, value="芳沢謙吉", language="ja", script="Jpan")
    AgentNameFactory(agent=yoshizawa, value="Yoshizawa Kenkichi", language="en")
    SourceAgentFactory(source=source, agent=yoshizawa, role="author")
    document = oai(client, verb="GetRecord", identifier=oai_id(source), metadataPrefix="oai_dc")
    dc = document.find(".//oai_dc:dc", NS)
    titles = [(t.text, t.get(XML_LANG)) for t in dc.findall("dc:title", NS)]
    assert titles == [
        ("芳沢公使ヨリ幣原外務大臣宛電報", "ja"),
        ("Yoshizawa to Shidehara", "en"),
        ("Yoshizawa kōshi yori Shidehara gaimu daijin ate denpō", "ja-Latn"),
    ]
    creators = {(c.text, c.get(XML_LANG)) for c in dc.findall("dc:creator", NS)}
    assert creators == {("芳沢謙吉", "ja"), ("Yoshizawa Kenkichi", "en")}
    assert dc.findtext("dc:date", namespaces=NS) == "1924-10-06"
    assert dc.findtext("dc:language", namespaces=NS) == "ja"
    assert dc.findtext("dc:source", namespaces=NS) == "外文, no. 464, pp. 802–804"
    assert [p.text for p in dc.findall("dc:publisher", NS)] == [
        "外務省",
        "Ministry of Foreign Affairs",
    ]
    header = document.find(".//oai:header", NS)
    assert header.findtext("oai:datestamp", namespaces=NS) == "2025-01-10T09:00:00Z"
    assert header.xpath("oai:setSpec/text()", namespaces=NS) == [
        "repository:gaimusho",
        "series:ngb-t13-1",
        "series:ngb",
    ]


def test_russian_title_is_tagged_ru(client, catalogue):
    source = catalogue["ru"][0]
    document = oai(client, verb="GetRecord", identifier=oai_id(source), metadataPrefix="oai_dc")
    title = document.find(".//dc:title", NS)
    assert (title.text, title.get(XML_LANG)) == ("Телеграмма Карахана", "ru")


def test_drafts_are_never_exposed(client, catalogue):
    draft = catalogue["draft"][0]
    document = oai(client, verb="GetRecord", identifier=oai_id(draft), metadataPrefix="oai_dc")
    assert error_codes(document) == ["idDoesNotExist"]
    listed = identifiers(oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc"))
    assert oai_id(draft) not in listed
    assert len(listed) == 7


def test_list_records_pages_with_a_resumption_token_until_an_empty_one(client, catalogue, settings):
    settings.OAI_PAGE_SIZE = 3
    seen, token, pages = [], None, 0
    while True:
        params = {"resumptionToken": token} if token else {"metadataPrefix": "oai_dc"}
        document = oai(client, verb="ListRecords", **params)
        pages += 1
        seen += identifiers(document)
        element = document.find(".//oai:resumptionToken", NS)
        assert element.get("completeListSize") == "7"
        assert element.get("cursor") == str((pages - 1) * 3)
        token = element.text
        if not token:
            break
    assert pages == 3
    assert sorted(seen) == sorted(oai_id(s) for s in catalogue["ja"] + catalogue["ru"])


def test_records_with_the_same_datestamp_are_each_sent_once(client, catalogue, settings):
    settings.OAI_PAGE_SIZE = 2
    Source.objects.update(updated_at=datetime.datetime(2025, 3, 1, tzinfo=UTC))
    seen, params = [], {"metadataPrefix": "oai_dc"}
    while params:
        document = oai(client, verb="ListIdentifiers", **params)
        seen += identifiers(document)
        token = document.findtext(".//oai:resumptionToken", namespaces=NS)
        params = {"resumptionToken": token} if token else None
    assert len(seen) == len(set(seen)) == 7


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ({"from": "2025-01-12"}, 5),  # 12th…16th
        ({"until": "2025-01-11"}, 2),  # 10th and 11th, the whole day
        ({"from": "2025-01-11", "until": "2025-01-13"}, 3),
        ({"from": "2025-01-11T09:00:00Z", "until": "2025-01-13T09:00:00Z"}, 3),
        ({"from": "2025-01-11T09:00:01Z", "until": "2025-01-13T08:59:59Z"}, 1),
        ({"set": "repository:mid-sssr"}, 3),
        ({"set": "series:ngb"}, 4),  # the child volume's sources too
        ({"set": "series:ngb-t13-1", "from": "2025-01-12"}, 2),
        ({"set": "series"}, 7),
    ],
)
def test_list_identifiers_selects_by_datestamp_and_set(client, catalogue, arguments, expected):
    document = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **arguments)
    assert len(identifiers(document)) == expected


# --- protocol errors ---------------------------------------------------------------------------


LIST = {"verb": "ListRecords", "metadataPrefix": "oai_dc"}


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "ListEverything"}, "badVerb"),
        ({"verb": ["Identify", "Identify"]}, "badVerb"),
        ({"verb": "Identify", "set": "x"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({**LIST, "from": "yesterday"}, "badArgument"),
        ({**LIST, "from": "2025-02-30"}, "badArgument"),
        ({**LIST, "from": "2025-01-01T00:00:00+09:00"}, "badArgument"),
        ({**LIST, "from": "2025-02-01", "until": "2025-01-01"}, "badArgument"),
        ({**LIST, "from": "2025-01-01", "until": "2025-02-01T00:00:00Z"}, "badArgument"),
        ({**LIST, "metadataPrefix": ["oai_dc", "oai_dc"]}, "badArgument"),
        ({**LIST, "resumptionToken": "x"}, "badArgument"),
        ({**LIST, "metadataPrefix": "oai dc"}, "badArgument"),
        ({**LIST, "metadataPrefix": "marcxml"}, "cannotDisseminateFormat"),
        ({"verb": "ListRecords", "resumptionToken": "forged"}, "badResumptionToken"),
        ({"verb": "ListSets", "resumptionToken": "anything"}, "badResumptionToken"),
        ({**LIST, "set": "series:none"}, "noRecordsMatch"),
        ({**LIST, "from": "2030-01-01"}, "noRecordsMatch"),
        ({**LIST, "verb": "GetRecord", "identifier": "oai:x:source/1"}, "idDoesNotExist"),
        ({"verb": "ListMetadataFormats", "identifier": "source/1"}, "idDoesNotExist"),
    ],
)
def test_bad_requests_get_the_protocol_error_code(client, catalogue, params, code):
    document = oai(client, **params)
    assert error_codes(document) == [code]
    request = document.find("oai:request", NS)
    if code in ("badVerb", "badArgument"):
        assert dict(request.attrib) == {}  # nothing of a bad request is echoed


def test_get_record_in_an_unknown_format_cannot_be_disseminated(client, catalogue):
    source = catalogue["ja"][0]
    document = oai(client, verb="GetRecord", identifier=oai_id(source), metadataPrefix="marc21")
    assert error_codes(document) == ["cannotDisseminateFormat"]
    assert document.find("oai:request", NS).get("metadataPrefix") == "marc21"


def test_token_of_one_verb_is_refused_by_another(client, catalogue, settings):
    settings.OAI_PAGE_SIZE = 2
    token = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc").findtext(
        ".//oai:resumptionToken", namespaces=NS
    )
    assert error_codes(oai(client, verb="ListRecords", resumptionToken=token)) == [
        "badResumptionToken"
    ]
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert error_codes(oai(client, verb="ListIdentifiers", resumptionToken=tampered)) == [
        "badResumptionToken"
    ]


def test_set_on_an_empty_catalogue_is_no_set_hierarchy(client, db):
    document = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="series:x")
    assert error_codes(document) == ["noSetHierarchy"]


def test_post_requests_are_answered_like_get(client, catalogue):
    response = client.post("/oai", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    document = etree.fromstring(response.content)
    SCHEMA.assertValid(document)
    assert len(identifiers(document)) == 7


# --- a real harvester over HTTP ----------------------------------------------------------------


@pytest.fixture
def harvester(live_server, catalogue, settings):
    settings.OAI_PAGE_SIZE = 2
    return Sickle(f"{live_server.url}/oai", max_retries=0)


@pytest.mark.django_db(transaction=True)
def test_sickle_harvest_follows_every_token_and_gets_each_record_once(harvester, catalogue):
    records = list(harvester.ListRecords(metadataPrefix="oai_dc"))
    harvested = [record.header.identifier for record in records]
    published = catalogue["ja"] + catalogue["ru"]
    assert len(harvested) == len(set(harvested)) == len(published) == 7  # four pages of two
    assert set(harvested) == {oai_id(source) for source in published}
    assert all(not record.deleted for record in records)
    titles = {record.metadata["title"][0] for record in records}
    assert "Телеграмма Карахана" in titles


@pytest.mark.django_db(transaction=True)
def test_sickle_list_identifiers_with_set_and_dates_returns_the_subset(harvester, catalogue):
    headers = list(
        harvester.ListIdentifiers(
            metadataPrefix="oai_dc",
            set="series:ngb",
            **{"from": "2025-01-11", "until": "2025-01-12"},
        )
    )
    assert [h.identifier for h in headers] == [oai_id(s) for s in catalogue["ja"][1:3]]
    assert all("series:ngb" in h.setSpecs for h in headers)
    russian = list(harvester.ListIdentifiers(metadataPrefix="oai_dc", set="repository:mid-sssr"))
    assert {h.identifier for h in russian} == {oai_id(s) for s in catalogue["ru"]}


@pytest.mark.django_db(transaction=True)
def test_sickle_sees_the_protocol_errors(harvester):
    with pytest.raises(oaiexceptions.BadArgument):
        list(harvester.ListRecords(metadataPrefix="oai_dc", **{"from": "not-a-date"}))
    with pytest.raises(oaiexceptions.CannotDisseminateFormat):
        list(harvester.ListRecords(metadataPrefix="marc21"))
    with pytest.raises(oaiexceptions.NoRecordsMatch):
        list(harvester.ListIdentifiers(metadataPrefix="oai_dc", set="series:nothing-here"))
    with pytest.raises(oaiexceptions.IdDoesNotExist):
        harvester.GetRecord(
            identifier="oai:kosho.example.org:source/999999", metadataPrefix="oai_dc"
        )
    with pytest.raises(oaiexceptions.BadResumptionToken):
        list(harvester.ListRecords(resumptionToken="made-up"))
