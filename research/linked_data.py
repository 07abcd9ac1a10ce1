"""Linked data: JSON-LD for sources, series, repositories, agents, events and claims, in
schema.org (what search engines and reference managers read) with Records in Contexts (RiC-O,
the archival ontology) beside it.

Every node's @id is the record's URL in this catalogue: the page where there is one (sources,
claims), else the API detail URL. The @context is published at /ns/context.jsonld and is also
written inline into every document, so that a consumer never has to fetch it to read one.
Served through content negotiation (`Accept: application/ld+json`) on the pages and the API,
embedded in the source and claim pages, and dumped whole by `manage.py dump_linked_data`.
"""

import json

from django.urls import reverse
from rest_framework.renderers import BaseRenderer

from catalogue.citation_record import CitationRecord, citation_record, document_date, name_of
from catalogue.models import Agent, Repository, Series, Source
from negotiations.models import Claim, Event

MEDIA_TYPE = "application/ld+json"
RICO = "https://www.ica.org/standards/RiC/ontology#"
CONTEXT = {
    "@vocab": "https://schema.org/",
    "schema": "https://schema.org/",
    "rico": RICO,
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
    "sameAs": {"@type": "@id"},
    "url": {"@type": "@id"},
    "mainEntityOfPage": {"@type": "@id"},
    "rico:isOrWasIncludedIn": {"@type": "@id"},
    "rico:hasOrHadHolder": {"@type": "@id"},
    "rico:hasCreator": {"@type": "@id"},
    "rico:hasAddressee": {"@type": "@id"},
    "rico:hasOrHadSubject": {"@type": "@id"},
    "rico:isEvidencedBy": {"@type": "@id"},
    "rico:isAssociatedWithEvent": {"@type": "@id"},
}
# schema.org has no document genre below CreativeWork; an archival file is an ArchiveComponent.
_SERIES_TYPES = {
    "record_group": ["ArchiveComponent", "Collection", "rico:RecordSet"],
    "published_series": ["CreativeWorkSeries", "rico:RecordSet"],
    "volume": ["Book", "PublicationVolume", "rico:RecordSet"],
    "newspaper": ["Periodical", "rico:RecordSet"],
    "collection": ["Book", "Collection", "rico:RecordSet"],
}
_AGENT_TYPES = {
    "person": ["Person", "rico:Person"],
    "organisation": ["Organization", "rico:CorporateBody"],
    "government": ["GovernmentOrganization", "rico:CorporateBody"],
}


def _absolute(base_url: str, path: str) -> str:
    return f"{base_url.rstrip('/')}{path}"


def node_id(obj, base_url: str) -> str:
    """The URL that names `obj`: its page, else its API record."""
    if isinstance(obj, Source | Claim):
        return _absolute(base_url, obj.get_absolute_url())
    basename = {
        Series: "series",
        Repository: "repository",
        Agent: "agent",
        Event: "event",
    }[type(obj)]
    key = {"id_or_slug": obj.slug} if isinstance(obj, Series | Repository) else {"pk": obj.pk}
    return _absolute(base_url, reverse(f"api:{basename}-detail", kwargs=key))


def document(node: dict | list) -> dict:
    """A JSON-LD document: the inline @context and one node, or a @graph of several."""
    if isinstance(node, list):
        return {"@context": CONTEXT, "@graph": node}
    return {"@context": CONTEXT, **node}


def dumps(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1)


# Nodes ----------------------------------------------------------------------------------------


def _names(agent) -> dict:
    """Every name of an agent in its language: schema.org's name and alternateName as
    language-tagged strings, so that ヨッフェ, Иоффе and Joffe stay apart."""
    names = list(agent.names.all())
    preferred = [n for n in names if n.preferred]
    english = next((n for n in preferred if n.language == "en"), preferred[0] if names else None)
    node = {"name": english.value if english else agent.slug}
    others = [n for n in names if n is not english]
    if others:
        node["alternateName"] = [{"@value": n.value, "@language": n.language} for n in others]
    return node


def agent_node(agent, base_url: str) -> dict:
    node = {"@id": node_id(agent, base_url), "@type": _AGENT_TYPES[agent.kind], **_names(agent)}
    # Authority files (Wikidata, VIAF, NDL), where the agent's identifiers were loaded.
    if "identifiers" in getattr(agent, "_prefetched_objects_cache", {}):
        rows = list(agent.identifiers.all())
        if rows:
            node["identifier"] = _property_values(
                (row.type, str(row.get_type_display()), row.value, row.link) for row in rows
            )
            same_as = [row.same_as for row in rows if row.same_as]
            if same_as:
                node["sameAs"] = same_as
    name = name_of(agent)
    if name.is_person:
        node |= {"familyName": name.family, "givenName": name.given}
    # Lists load agents without their notes (agent_node of a source's author); the agent's own
    # record has it.
    if "note" not in agent.get_deferred_fields() and agent.note:
        node["description"] = agent.note
    return node


def repository_node(repository, base_url: str) -> dict:
    node = {
        "@id": node_id(repository, base_url),
        "@type": ["ArchiveOrganization", "rico:CorporateBody"],
        "name": repository.name,
        "identifier": repository.slug,
    }
    alternates = [n for n in (repository.name_en, repository.name_romanized) if n]
    if alternates:
        node["alternateName"] = alternates
    if repository.url:
        node["sameAs"] = repository.url
    return node


def series_node(series, base_url: str) -> dict:
    node = {
        "@id": node_id(series, base_url),
        "@type": _SERIES_TYPES[series.kind],
        "name": series.title,
        "identifier": series.slug,
        "rico:hasOrHadHolder": node_id(series.repository, base_url),
    }
    alternates = [n for n in (series.title_romanized, series.title_en) if n and n != series.title]
    if alternates:
        node["alternateName"] = alternates
    if series.kind == "record_group":
        node["holdingArchive"] = {"@id": node_id(series.repository, base_url)}
    if series.volume:
        node["volumeNumber"] = series.volume
    if series.editor:
        node["editor"] = {"@type": "Thing", "name": series.editor}
    if series.publisher:
        node["publisher"] = {"@type": "Organization", "name": series.publisher}
    if series.place:
        node["locationCreated"] = {"@type": "Place", "name": series.place}
    if series.publication_year:
        node["datePublished"] = {"@value": str(series.publication_year), "@type": "xsd:gYear"}
    if series.year:
        node["temporalCoverage"] = str(series.year)
    if series.parent_id:
        parent = node_id(series.parent, base_url)
        node["isPartOf"] = {"@id": parent}
        node["rico:isOrWasIncludedIn"] = parent
    return node


def _date_value(date) -> dict:
    """A single date typed for RDF (xsd:date, gYearMonth, gYear), as schema.org's dateCreated
    expects; ranges go to temporalCoverage and RiC-O's normalised date instead."""
    text = date.iso()
    kind = {10: "xsd:date", 7: "xsd:gYearMonth", 4: "xsd:gYear"}[len(text)]
    return {"@value": text, "@type": kind}


def _rico_date(date) -> dict:
    node = {"@type": "rico:DateRange" if date.is_range else "rico:SingleDate"}
    node["rico:normalizedDateValue"] = date.iso()
    if date.original:
        node["rico:expressedDate"] = date.original
    if date.approximate:
        node["rico:certainty"] = "approximate"
    return node


def source_node(source, base_url: str, record: CitationRecord | None = None) -> dict:
    record = record or citation_record(source, base_url)
    archival = record.container.is_archival
    kinds = ["ArchiveComponent" if archival else "CreativeWork", "rico:Record"]
    node: dict = {
        "@id": record.record_url,
        "@type": kinds,
        "name": record.title,
        "identifier": [record.identifier, *_property_values(record.identifiers)],
        "mainEntityOfPage": record.record_url,
        "isPartOf": series_node(source.series, base_url),
        "rico:isOrWasIncludedIn": node_id(source.series, base_url),
    }
    if record.language:
        node["name"] = {"@value": record.title, "@language": record.language}
        node["inLanguage"] = list(record.languages)
    alternates = [t for t in (record.title_romanized, record.title_en) if t]
    if alternates:
        node["alternateName"] = alternates
    if record.genre:
        node["genre"] = record.genre
    if record.summary:
        node["abstract"] = record.summary
    links = _links(source)
    creators = [link for link in links if link.role == "author"]
    if creators:
        node["author"] = [agent_node(link.agent, base_url) for link in creators]
        node["rico:hasCreator"] = [node_id(link.agent, base_url) for link in creators]
    recipients = [link for link in links if link.role == "recipient"]
    if recipients:
        node["recipient"] = [agent_node(link.agent, base_url) for link in recipients]
        node["rico:hasAddressee"] = [node_id(link.agent, base_url) for link in recipients]
    mentioned = [link for link in links if link.role == "mentioned"]
    if mentioned:
        node["about"] = [{"@id": node_id(link.agent, base_url)} for link in mentioned]
        node["rico:hasOrHadSubject"] = [node_id(link.agent, base_url) for link in mentioned]
    if date := record.date:
        if date.is_range:
            node["temporalCoverage"] = date.iso()
        else:
            node["dateCreated"] = _date_value(date)
        node["rico:hasCreationDate"] = _rico_date(date)
    _other_dates(node, source)
    if archival:
        node["holdingArchive"] = {"@id": node_id(source.series.repository, base_url)}
        node["rico:hasOrHadHolder"] = node_id(source.series.repository, base_url)
        node["position"] = source.number
    else:
        if record.number:
            node["position"] = record.number
        if record.pages:
            node["pagination"] = record.pages
    if record.url:
        # The digitised original: where the document itself can be read.
        node["url"] = record.url
        node["sameAs"] = record.url
    related = _related_nodes(source, base_url)
    if related:
        node.update(related)
    return node


def _property_values(identifiers) -> list[dict]:
    """Identifiers in other systems as schema.org PropertyValues: the scheme in propertyID,
    the code in value, the page that opens it in url."""
    values = []
    for type, label, value, link in identifiers:
        item = {"@type": "PropertyValue", "propertyID": type, "name": label, "value": value}
        if link:
            item["url"] = link
        values.append(item)
    return values


def _related_nodes(source, base_url: str) -> dict:
    """Editions and translations (schema.org workExample, translationOfWork and
    workTranslation) and the other side's reports (dcterms:relation), where they were loaded
    (catalogue.querysets.source_relations_attach)."""
    node: dict = {}
    for item in [*source.editions(), *source.other_side_reports()]:
        target = {"@id": _absolute(base_url, item.source.get_absolute_url())}
        forward = item.relation is not None and item.relation.source_id == source.pk
        if item.type == "translation":
            key = "translationOfWork" if forward else "workTranslation"
        elif item.type == "other_side":
            key = "dcterms:relation"
        else:  # the same text in another edition, a draft, an excerpt, or further along
            key = "workExample"
        node.setdefault(key, []).append(target)
    return node


def _other_dates(node: dict, source) -> None:
    """Written, sent, received, published: schema.org has words for publication (and creation,
    where the source has no main date); RiC-O types every one of them on a date node."""
    rows = _prefetched(source, "dates")
    if not rows:
        return
    dated = []
    for row in rows:
        date = document_date(row)
        if date is None:
            continue
        rico = _rico_date(date)
        rico["rico:hasDateType"] = {"@type": "rico:DateType", "rico:name": row.role}
        if row.time is not None and not row.date_original:
            # A local clock time with no zone: words, not a typed xsd:dateTime.
            rico["rico:expressedDate"] = f"{date.iso()} {row.time.strftime('%H:%M')}"
        dated.append(rico)
        if row.role == "published" and not date.is_range and "datePublished" not in node:
            node["datePublished"] = _date_value(date)
        if row.role == "written" and not date.is_range and "dateCreated" not in node:
            node["dateCreated"] = _date_value(date)
    if dated:
        node["rico:isAssociatedWithDate"] = dated


def _prefetched(source, name: str) -> list:
    cache = getattr(source, "_prefetched_objects_cache", {})
    return list(cache[name]) if name in cache else []


def _links(source) -> list:
    cache = getattr(source, "_prefetched_objects_cache", {})
    return list(cache["source_agents"]) if "source_agents" in cache else []


def event_node(event, base_url: str) -> dict:
    node = {
        "@id": node_id(event, base_url),
        "@type": ["Event", "rico:Event"],
        "name": [{"@value": event.title, "@language": "ja"}]
        + ([{"@value": event.title_en, "@language": "en"}] if event.title_en else []),
    }
    if event.description:
        node["description"] = event.description
    if date := document_date(event):
        if date.is_range:
            node["startDate"] = date.w3cdtf()[0]
            node["endDate"] = date.w3cdtf()[1]
        else:
            node["startDate"] = date.iso()
    node["rico:isEvidencedBy"] = [
        _absolute(base_url, source.get_absolute_url()) for source in event.sources.all()
    ]
    node["actor"] = [{"@id": node_id(agent, base_url)} for agent in event.actors.all()]
    return node


def claim_node(claim, base_url: str) -> dict:
    work = claim.work
    node = {
        "@id": node_id(claim, base_url),
        "@type": ["Claim", "rico:Record"],
        "text": {"@value": claim.text, "@language": work.language_id},
        "appearance": {
            "@type": "CreativeWork",
            "name": work.title,
            "author": work.authors,
            "datePublished": {"@value": str(work.year), "@type": "xsd:gYear"},
            **({"pagination": claim.pages} if claim.pages else {}),
        },
    }
    if claim.text_en:
        node["description"] = {"@value": claim.text_en, "@language": "en"}
    sources = [evidence.source for evidence in claim.evidence.all()]
    node["isBasedOn"] = [{"@id": _absolute(base_url, s.get_absolute_url())} for s in sources]
    node["rico:isEvidencedBy"] = [_absolute(base_url, s.get_absolute_url()) for s in sources]
    # The claim page prefetches its (visible) events as `linked_events`.
    events = claim.linked_events if hasattr(claim, "linked_events") else claim.events.all()
    node["about"] = [{"@id": node_id(event, base_url)} for event in events]
    return node


def node_for(obj, base_url: str) -> dict:
    """The JSON-LD node of any record that has one."""
    builders = {
        Source: source_node,
        Series: series_node,
        Repository: repository_node,
        Agent: agent_node,
        Event: event_node,
        Claim: claim_node,
    }
    builder = builders.get(type(obj))
    if builder is None:
        # Works, stages, positions…: no vocabulary mapping yet, so a blank node with a name.
        return {"@type": "Thing", "name": str(obj)}
    return builder(obj, base_url)


# Serving ----------------------------------------------------------------------------------------


def accepts_jsonld(request) -> bool:
    """Whether the client asks for JSON-LD before HTML (a browser's */* does not count)."""
    accept = request.headers.get("Accept", "")
    ranked = [part.split(";")[0].strip() for part in accept.split(",")]
    return MEDIA_TYPE in ranked and (
        "text/html" not in ranked or ranked.index(MEDIA_TYPE) < ranked.index("text/html")
    )


class JSONLDRenderer(BaseRenderer):
    """`Accept: application/ld+json` on the API: the record (or a page of records) as JSON-LD;
    errors stay plain JSON bodies."""

    media_type = MEDIA_TYPE
    format = "jsonld"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        context = renderer_context or {}
        response, view, request = (context.get(k) for k in ("response", "view", "request"))
        if response is not None and response.status_code >= 400 or view is None:
            return json.dumps(data, ensure_ascii=False)
        base_url = request.build_absolute_uri("/")
        if getattr(view, "action", None) == "retrieve":
            return dumps(document(node_for(view.get_object(), base_url)))
        page = getattr(getattr(view, "paginator", None), "page", None)
        objects = page.object_list if page is not None else []
        return dumps(document([node_for(obj, base_url) for obj in objects]))


def published_nodes(base_url: str) -> list[dict]:
    """Every published record's node (series, repositories and agents are never drafts)."""
    from negotiations.source_links import sources_with_links

    sources = sources_with_links(Source.objects.published(), public=True)
    claims = (
        Claim.objects.published()
        .select_related("work")
        .prefetch_related("evidence__source", "events")
    )
    events = Event.objects.published().prefetch_related("sources", "actors")
    series = Series.objects.select_related("repository", "parent")
    agents = Agent.objects.prefetch_related("names", "identifiers")
    return [
        *(source_node(source, base_url) for source in sources),
        *(series_node(one, base_url) for one in series),
        *(repository_node(one, base_url) for one in Repository.objects.all()),
        *(agent_node(agent, base_url) for agent in agents),
        *(event_node(event, base_url) for event in events),
        *(claim_node(claim, base_url) for claim in claims),
    ]


def dump_graph(base_url: str, format: str = "nt") -> str:
    """The published records as N-Triples (through rdflib, which checks every term) or as
    one JSON-LD document with a @graph."""
    doc = document(published_nodes(base_url))
    if format == "jsonld":
        return dumps(doc) + "\n"
    import rdflib

    graph = rdflib.Graph().parse(data=json.dumps(doc), format="json-ld")
    return graph.serialize(format="nt")


JSONLD_SCHEMA = {
    "type": "object",
    "description": "JSON-LD (schema.org and RiC-O): one record, or a page of records in @graph.",
    "required": ["@context"],
    "properties": {
        "@context": {"type": "object"},
        "@id": {"type": "string", "format": "uri"},
        "@graph": {"type": "array", "items": {"type": "object"}},
    },
    "additionalProperties": True,
}


def jsonld_schema_hook(result, generator, request, public):
    """drf-spectacular postprocessing: JSON-LD is served by reads only, in a shape of its own
    (not the JSON record's), and never for errors."""
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if MEDIA_TYPE not in content:
                    continue
                if method == "get" and str(status).startswith("2"):
                    content[MEDIA_TYPE] = {"schema": JSONLD_SCHEMA}
                else:
                    del content[MEDIA_TYPE]
    return result
