"""OAI-PMH 2.0 provider: published sources as Dublin Core (oai_dc), for other catalogues to harvest.

- Records are the published sources; drafts are never exposed. Deleted records: "no" (the
  catalogue keeps no tombstones, so a source returned to draft or deleted simply disappears).
- Identifiers: oai:<OAI_REPOSITORY_IDENTIFIER>:source/<id>.
- Datestamps are `updated_at` in UTC; `from`/`until` take days or seconds (YYYY-MM-DDThh:mm:ssZ).
- Sets: `repository:<slug>` and `series:<slug>` (a series set holds the sources of the series
  and of every series below it), under the parent sets `repository` and `series`.
- Lists are paged by (updated_at, pk) keyset; the resumption token is that key and the request's
  arguments, signed with django.core.signing, so the server keeps no state between requests.
"""

import datetime
import re

from django.conf import settings
from django.db.models import Min, Prefetch, Q
from django.http import HttpResponse
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from lxml import etree

from catalogue.citation_record import citation_record, document_date
from catalogue.models import Repository, Series, Source
from catalogue.querysets import source_agents_with_names
from core.safety import xml_text, xml_unsafe
from core.text import language_of_title
from research.oai.mods import MODS_NS, MODS_SCHEMA, mods
from research.oai.state import BadToken, ResumptionState
from research.records import cached_records, with_record_keys

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
# MODS carries what Dublin Core cannot (the volume a document is in, name parts, archival
# location, date ranges with their qualifier): see research/oai/mods.py.
METADATA_FORMATS = {"oai_dc": (OAI_DC_SCHEMA, OAI_DC_NS), "mods": (MODS_SCHEMA, MODS_NS)}

# verb: (required arguments, optional arguments, exclusive argument)
VERBS = {
    "Identify": (set(), set(), None),
    "ListMetadataFormats": (set(), {"identifier"}, None),
    "ListSets": (set(), set(), "resumptionToken"),
    "GetRecord": ({"identifier", "metadataPrefix"}, set(), None),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
}
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SECONDS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
# The value patterns of the OAI-PMH schema: a value outside them cannot even be echoed back.
_PREFIX = re.compile(r"[A-Za-z0-9\-_.!~*'()]+")
_SET_SPEC = re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*")


class OAIError(Exception):
    """A protocol error: rendered as <error code=…>message</error>."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def _e(parent, tag: str, text: str | None = None, **attributes):
    # Records saved before control characters were refused may still hold some: XML cannot.
    element = etree.SubElement(
        parent, tag, {k: xml_text(v) for k, v in attributes.items() if v is not None}
    )
    if text is not None:
        element.text = xml_text(text)
    return element


def _oai(tag: str) -> str:
    return f"{{{OAI_NS}}}{tag}"


def datestamp(moment: datetime.datetime) -> str:
    """A record datestamp: UTC, to the second, as the repository's granularity declares."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def oai_identifier(source) -> str:
    return f"oai:{settings.OAI_REPOSITORY_IDENTIFIER}:source/{source.pk}"


@csrf_exempt
@require_http_methods(["GET", "POST"])
def endpoint(request):
    """The OAI-PMH base URL: every verb, by GET or form-encoded POST."""
    params = request.POST if request.method == "POST" else request.GET
    root = etree.Element(_oai("OAI-PMH"), nsmap={None: OAI_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_NS} {OAI_SCHEMA}")
    _e(root, _oai("responseDate"), datestamp(timezone.now()))
    request_element = _e(root, _oai("request"), request.build_absolute_uri(request.path))
    try:
        verb, arguments = _arguments(params)
        # Past the checks of verb and arguments, the request is echoed with its arguments.
        for name, value in {"verb": verb, **arguments}.items():
            request_element.set(name, value)
        _HANDLERS[verb](request, root, arguments)
    except OAIError as error:
        _e(root, _oai("error"), error.message, code=error.code)
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


def _arguments(params) -> tuple[str, dict[str, str]]:
    for name, values in params.lists():
        if xml_unsafe(name) or any(xml_unsafe(value) for value in values):
            # Neither echoed nor looked up: such a value is no identifier, token or verb.
            raise OAIError("badArgument", "An argument holds a control character.")
    verbs = params.getlist("verb")
    if len(verbs) != 1 or verbs[0] not in VERBS:
        if len(verbs) > 1:
            raise OAIError("badVerb", "The verb argument is repeated.")
        raise OAIError(
            "badVerb",
            f"“{verbs[0]}” is not an OAI-PMH verb." if verbs else "The verb argument is missing.",
        )
    verb = verbs[0]
    required, optional, exclusive = VERBS[verb]
    arguments = {}
    for name in params:
        if name == "verb":
            continue
        if name not in required | optional | {exclusive}:
            raise OAIError("badArgument", f"{verb} does not take the argument “{name}”.")
        values = params.getlist(name)
        if len(values) != 1:
            raise OAIError("badArgument", f"The argument “{name}” is repeated.")
        arguments[name] = values[0]
    if exclusive and exclusive in arguments:
        if len(arguments) > 1:
            raise OAIError("badArgument", f"{exclusive} must be the only argument besides verb.")
        return verb, arguments
    if missing := sorted(required - arguments.keys()):
        raise OAIError("badArgument", f"{verb} needs the argument(s) {', '.join(missing)}.")
    if "metadataPrefix" in arguments and not _PREFIX.fullmatch(arguments["metadataPrefix"]):
        raise OAIError("badArgument", "metadataPrefix has characters a prefix cannot have.")
    if "set" in arguments and not _SET_SPEC.fullmatch(arguments["set"]):
        raise OAIError("badArgument", "set is not a setSpec (letters, digits, -_.!~*'() and :).")
    for name in ("from", "until"):
        if name in arguments:
            _utc(arguments[name], name)
    if "from" in arguments and "until" in arguments:
        if len(arguments["from"]) != len(arguments["until"]):
            raise OAIError("badArgument", "from and until must have the same granularity.")
        if _utc(arguments["from"], "from") > _utc(arguments["until"], "until"):
            raise OAIError("badArgument", "from is later than until.")
    return verb, arguments


def _utc(value: str, name: str) -> datetime.datetime:
    """A from/until value as an instant: a day means its first second."""
    try:
        if _DAY.fullmatch(value):
            return datetime.datetime.fromisoformat(value).replace(tzinfo=datetime.UTC)
        if _SECONDS.fullmatch(value):
            return datetime.datetime.fromisoformat(value[:-1]).replace(tzinfo=datetime.UTC)
    except ValueError:
        pass
    raise OAIError("badArgument", f"{name} must be a UTC date YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ.")


# --- verbs ---------------------------------------------------------------------------------------


def _identify(request, root, arguments):
    identify = _e(root, _oai("Identify"))
    _e(identify, _oai("repositoryName"), settings.OAI_REPOSITORY_NAME)
    _e(identify, _oai("baseURL"), request.build_absolute_uri(request.path))
    _e(identify, _oai("protocolVersion"), "2.0")
    for email in settings.OAI_ADMIN_EMAILS:
        _e(identify, _oai("adminEmail"), email)
    earliest = Source.objects.published().aggregate(first=Min("updated_at"))["first"]
    earliest = earliest or datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
    _e(identify, _oai("earliestDatestamp"), datestamp(earliest))
    _e(identify, _oai("deletedRecord"), "no")
    _e(identify, _oai("granularity"), GRANULARITY)


def _list_metadata_formats(request, root, arguments):
    if "identifier" in arguments:
        _published_source(arguments["identifier"])  # idDoesNotExist for unknown or drafts
    formats = _e(root, _oai("ListMetadataFormats"))
    for prefix, (schema, namespace) in METADATA_FORMATS.items():
        element = _e(formats, _oai("metadataFormat"))
        _e(element, _oai("metadataPrefix"), prefix)
        _e(element, _oai("schema"), schema)
        _e(element, _oai("metadataNamespace"), namespace)


def _list_sets(request, root, arguments):
    if "resumptionToken" in arguments:
        raise OAIError("badResumptionToken", "ListSets is answered whole; it has no tokens.")
    sets = _all_sets()
    if not sets:
        raise OAIError("noSetHierarchy", "The catalogue has no repositories or series yet.")
    element = _e(root, _oai("ListSets"))
    for spec, name in sets:
        item = _e(element, _oai("set"))
        _e(item, _oai("setSpec"), spec)
        _e(item, _oai("setName"), name)


def _get_record(request, root, arguments):
    source = _published_source(arguments["identifier"], for_record=True)
    _check_prefix(arguments["metadataPrefix"])
    record = _e(_e(root, _oai("GetRecord")), _oai("record"))
    _header(record, source, _SetSpecs())
    _metadata(_e(record, _oai("metadata")), source, request, arguments["metadataPrefix"])


def _list_identifiers(request, root, arguments):
    _list(request, root, arguments, "ListIdentifiers")


def _list_records(request, root, arguments):
    _list(request, root, arguments, "ListRecords")


_HANDLERS = {
    "Identify": _identify,
    "ListMetadataFormats": _list_metadata_formats,
    "ListSets": _list_sets,
    "GetRecord": _get_record,
    "ListIdentifiers": _list_identifiers,
    "ListRecords": _list_records,
}


def _list(request, root, arguments, verb: str):
    if "resumptionToken" in arguments:
        try:
            state = ResumptionState.from_token(arguments["resumptionToken"], verb)
        except BadToken as error:
            raise OAIError("badResumptionToken", str(error)) from error
    else:
        _check_prefix(arguments["metadataPrefix"])
        state = ResumptionState(
            verb=verb,
            metadata_prefix=arguments["metadataPrefix"],
            set_spec=arguments.get("set"),
            from_date=arguments.get("from"),
            until_date=arguments.get("until"),
        )
    qs = _selected(state)
    if state.complete_size is None:
        state.complete_size = qs.count()
    if state.after is not None:
        after, pk = datetime.datetime.fromisoformat(state.after[0]), state.after[1]
        # The first condition is implied by the second; it lets the (updated_at, id) index
        # start at the key instead of reading every earlier entry.
        qs = qs.filter(updated_at__gte=after).filter(
            Q(updated_at__gt=after) | Q(updated_at=after, pk__gt=pk)
        )
    size = settings.OAI_PAGE_SIZE
    # The page's keys and headers from one narrow query; the metadata of each record from the
    # cache of records (research.records), computed only for those not there.
    keys = with_record_keys(qs, "updated_at", "series_id")
    page = list(keys.order_by("updated_at", "pk")[: size + 1])
    if not page:
        # Also when the records still to come were withdrawn since the token was issued.
        raise OAIError("noRecordsMatch", "No published source matches these arguments.")
    more, page = len(page) > size, page[:size]
    container = _e(root, _oai(verb))
    specs = _SetSpecs()
    if verb == "ListIdentifiers":
        for source in page:
            _header(container, source, specs)
    else:
        prefix = state.metadata_prefix
        base, identifier = request.build_absolute_uri("/"), settings.OAI_REPOSITORY_IDENTIFIER
        variant = f"oai:{prefix}:{base}:{identifier}:{get_language()}"

        def compute(pks) -> dict[int, bytes]:
            return {
                source.pk: _metadata_xml(source, request, prefix)
                for source in _records().filter(pk__in=pks)
            }

        for source, metadata in zip(page, cached_records(page, compute, variant), strict=True):
            record = _e(container, _oai("record"))
            _header(record, source, specs)
            _e(record, _oai("metadata")).append(etree.fromstring(metadata))
    cursor = state.cursor
    # completeListSize is an estimate once records change mid-harvest; never below what is sent.
    complete = str(max(state.complete_size, cursor + len(page)))
    if more:
        last = page[-1]
        state.after, state.cursor = (last.updated_at.isoformat(), last.pk), cursor + len(page)
        expires = timezone.now() + datetime.timedelta(seconds=settings.OAI_TOKEN_MAX_AGE)
        _e(
            container,
            _oai("resumptionToken"),
            state.token(),
            expirationDate=datestamp(expires),
            completeListSize=complete,
            cursor=str(cursor),
        )
    elif state.after is not None:
        # The last page of a list that was resumed: an empty token closes it.
        _e(container, _oai("resumptionToken"), completeListSize=complete, cursor=str(cursor))


def _check_prefix(prefix: str) -> None:
    if prefix not in METADATA_FORMATS:
        raise OAIError(
            "cannotDisseminateFormat",
            f"Records are disseminated as {', '.join(METADATA_FORMATS)} only, not {prefix}.",
        )


def _records():
    # A record is written from the citation record: the search text and the archivist's note
    # (of sources and of their agents) are never read, so they stay in the database.
    return (
        Source.objects.published()
        .defer("search_text", "note")
        .select_related("series", "series__repository", "series__parent")
        .prefetch_related(
            "languages",
            Prefetch("source_agents", queryset=source_agents_with_names()),
            "dates",
            "identifiers",
        )
    )


def _published_source(identifier: str, for_record: bool = False):
    prefix = f"oai:{settings.OAI_REPOSITORY_IDENTIFIER}:source/"
    local = identifier[len(prefix) :] if identifier.startswith(prefix) else ""
    source = None
    if local.isdigit():
        qs = _records() if for_record else Source.objects.published()
        source = qs.filter(pk=int(local)).first()
    if source is None:
        raise OAIError("idDoesNotExist", f"No published record has the identifier {identifier}.")
    return source


def _selected(state: ResumptionState):
    qs = _records()
    if state.from_date:
        qs = qs.filter(updated_at__gte=_utc(state.from_date, "from"))
    if state.until_date:
        until = _utc(state.until_date, "until")
        # Inclusive at the declared granularity: the whole day, or the whole second.
        step = (
            datetime.timedelta(days=1)
            if _DAY.fullmatch(state.until_date)
            else datetime.timedelta(seconds=1)
        )
        qs = qs.filter(updated_at__lt=until + step)
    if state.set_spec:
        qs = _in_set(qs, state.set_spec)
    return qs


def _in_set(qs, spec: str):
    if not Repository.objects.exists() and not Series.objects.exists():
        raise OAIError("noSetHierarchy", "The catalogue has no repositories or series yet.")
    kind, _, slug = spec.partition(":")
    if kind in ("repository", "series") and not slug:
        return qs
    if kind == "repository" and ":" not in slug:
        return qs.filter(series__repository__slug=slug)
    if kind == "series" and ":" not in slug:
        series = Series.objects.filter(slug=slug).first()
        return qs.in_series(series) if series else qs.none()
    return qs.none()


def _all_sets() -> list[tuple[str, str]]:
    repositories = list(Repository.objects.order_by("slug"))
    series = list(Series.objects.select_related("repository").order_by("slug"))
    if not repositories and not series:
        return []
    sets = [("repository", "Holding institutions and publishers")]
    sets += [(f"repository:{r.slug}", _names(r.name, r.name_en)) for r in repositories]
    sets.append(("series", "Series, volumes and record groups"))
    sets += [(f"series:{s.slug}", _names(s.title, s.title_en)) for s in series]
    return sets


def _names(original: str, english: str) -> str:
    return original if not english or english == original else f"{original} / {english}"


class _SetSpecs:
    """The sets of a record: its repository, its series and every series above it."""

    def __init__(self):
        rows = Series.objects.values_list("pk", "parent_id", "slug", "repository__slug")
        self.parents, self.slugs, self.repositories = {}, {}, {}
        for pk, parent_id, slug, repository in rows:
            self.parents[pk], self.slugs[pk], self.repositories[pk] = parent_id, slug, repository

    def of(self, source) -> list[str]:
        specs = [f"repository:{self.repositories[source.series_id]}"]
        series_id, seen = source.series_id, set()
        while series_id is not None and series_id not in seen:
            seen.add(series_id)
            specs.append(f"series:{self.slugs[series_id]}")
            series_id = self.parents.get(series_id)
        return specs


def _header(parent, source, specs: _SetSpecs) -> None:
    header = _e(parent, _oai("header"))
    _e(header, _oai("identifier"), oai_identifier(source))
    _e(header, _oai("datestamp"), datestamp(source.updated_at))
    for spec in specs.of(source):
        _e(header, _oai("setSpec"), spec)


def _metadata_xml(source, request, prefix: str) -> bytes:
    """A record's metadata element (oai_dc:dc or mods:mods), serialised: what the cache of
    records keeps. It declares its own namespaces, so it reads the same wherever it is put."""
    holder = etree.Element("metadata")
    _metadata(holder, source, request, prefix)
    return etree.tostring(holder[0])


def _metadata(parent, source, request, prefix: str) -> None:
    if prefix == "mods":
        mods(parent, citation_record(source, request.build_absolute_uri("/")))
    else:
        _dublin_core(parent, source, request)


def _dublin_core(parent, source, request) -> None:
    dc = etree.SubElement(
        parent, f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS}
    )
    dc.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} {OAI_DC_SCHEMA}")

    def add(tag, text, lang=None):
        if text:
            element = _e(dc, f"{{{DC_NS}}}{tag}", text)
            if lang:
                element.set(XML_LANG, lang)

    codes = [language.code for language in source.languages.all()]
    language = language_of_title(source.title, codes)
    add("title", source.title, language)
    if source.title_en and source.title_en != source.title:
        add("title", source.title_en, "en")
    if source.title_romanized:
        add("title", source.title_romanized, f"{language}-Latn")
    links = list(source.source_agents.all())
    for role, element in (("author", "creator"), ("recipient", "contributor")):
        for link in (link for link in links if link.role == role):
            names = [name for name in link.agent.names.all() if name.preferred]
            for name in names or link.agent.names.all()[:1]:
                add(element, name.value, name.language)
    add("description", source.summary)
    recipients = [str(link.agent) for link in links if link.role == "recipient"]
    if recipients:
        add("description", f"Addressed to: {'; '.join(recipients)}", "en")
    repository = source.series.repository
    add("publisher", repository.name)
    if repository.name_en and repository.name_en != repository.name:
        add("publisher", repository.name_en, "en")
    if date := document_date(source):
        # W3CDTF, as Dublin Core's guidelines for OAI ask: a range is its first and last
        # date (two dc:date); a circa, which W3CDTF cannot say, is said in words.
        for value in date.w3cdtf():
            add("date", value)
        if date.approximate:
            add("description", f"Date approximate: {source.date_display}", "en")
    add("type", "Text")
    add("type", source.get_kind_display(), "en")
    add("identifier", oai_identifier(source))
    try:
        add("identifier", request.build_absolute_uri(source.get_absolute_url()))
    except NoReverseMatch:
        pass  # the public pages are not routed in this configuration
    add("identifier", source.external_id)
    add("identifier", source.url)
    for code in codes:
        add("language", code)
    series = source.series
    reference = ", ".join(
        part
        for part in (
            series.abbreviation or series.title,
            f"no. {source.number}" if source.number else "",
            f"{'pp' if '–' in source.pages else 'p'}. {source.pages}" if source.pages else "",
        )
        if part
    )
    add("source", reference)
    add("relation", series.title)
    if series.title_en and series.title_en != series.title:
        add("relation", series.title_en, "en")
