"""What a source or claim page carries for reference managers and search engines: Highwire
`citation_*` meta tags (read by Zotero, Google Scholar, Mendeley), the record as embedded
JSON-LD, and `rel="alternate"` links to its BibTeX, RIS, CSL-JSON and JSON-LD forms. Written
from the same citation record and linked-data nodes as the exports, so that every reader gets
the same title, authors, date and container."""

import json
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.safestring import mark_safe

from catalogue.citation_record import CitationRecord
from research import exports, linked_data


def citation_meta(record: CitationRecord) -> list[tuple[str, str]]:
    container = record.container
    tags = [("citation_title", record.title)]
    tags += [("citation_author", name.inverted) for name in record.authors]
    if record.date:
        # Highwire dates are single (YYYY/MM/DD or less): a range gives its start here; the
        # whole range is in the JSON-LD.
        tags.append(("citation_date", record.date.w3cdtf()[0].replace("-", "/")))
    if container.is_periodical:
        tags.append(("citation_journal_title", container.title))
        tags.append(("citation_issue", record.number))
    elif not container.is_archival:
        tags.append(("citation_inbook_title", container.title))
        tags.append(("citation_series_title", container.series_title))
        tags.append(("citation_volume", container.volume_apart))
        if container.editor:
            tags.append(("citation_editor", container.editor.inverted))
        tags.append(("citation_publisher", container.publisher))
        if year := container.publication_year:
            tags.append(("citation_publication_date", str(year)))
    else:
        tags.append(("citation_archive", record.archive))
        tags.append(("citation_archive_location", record.archive_location))
    tags.append(("citation_firstpage", record.first_page))
    tags.append(("citation_lastpage", record.last_page))
    tags += [("citation_language", code) for code in record.languages]
    tags.append(("citation_public_url", record.record_url))
    tags.append(("citation_fulltext_html_url", record.url))
    return [(name, value) for name, value in tags if value]


def coins(record: CitationRecord) -> str:
    """An OpenURL ContextObject in SPAN (COinS) title, for tools that read no meta tags."""
    container = record.container
    pairs = [("ctx_ver", "Z39.88-2004"), ("rfr_id", "info:sid/kosho")]
    if container.is_periodical:
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", "article")]
        pairs += [("rft.atitle", record.title), ("rft.jtitle", container.title)]
        pairs.append(("rft.issue", record.number))
    elif container.is_archival:
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.type", record.genre)]
        pairs += [("rft.title", record.title), ("rft.source", record.archive_location)]
    else:
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", "bookitem")]
        pairs += [("rft.atitle", record.title), ("rft.btitle", container.title)]
        pairs += [("rft.pub", container.publisher), ("rft.place", container.place)]
        pairs.append(("rft.series", container.series_title))
    for name in record.authors:
        if name.is_person:
            pairs += [("rft.aulast", name.family), ("rft.aufirst", name.given)]
        else:
            pairs.append(("rft.aucorp", name.literal))
    if record.date:
        pairs.append(("rft.date", record.date.iso()))
    if record.pages:
        pairs += [("rft.spage", record.first_page), ("rft.epage", record.last_page)]
    pairs.append(("rft_id", record.record_url))
    return urlencode([(key, value) for key, value in pairs if value])


def script_json(doc: dict) -> str:
    """JSON for a <script> element: `<`, `>` and `&` escaped so that no title can close it."""
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    return mark_safe(  # noqa: S308 - the three characters that could end the script are escaped
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )


def alternates(source, base_url: str) -> list[tuple[str, str, str]]:
    """(media type, title, URL) of the other forms of a source record."""
    export = reverse("api:source-export-one", args=[source.pk])
    detail = reverse("api:source-detail", args=[source.pk])
    return [
        (exports.MEDIA_TYPES["bib"], "BibTeX", f"{base_url}{export}?format=bib"),
        (exports.MEDIA_TYPES["ris"], "RIS", f"{base_url}{export}?format=ris"),
        (exports.MEDIA_TYPES["json"], "CSL-JSON", f"{base_url}{export}?format=json"),
        (linked_data.MEDIA_TYPE, "JSON-LD", f"{base_url}{detail}?format=jsonld"),
    ]


def source_page_metadata(source, record: CitationRecord, base_url: str) -> dict:
    node = linked_data.source_node(source, base_url, record)
    return {
        "meta": citation_meta(record),
        "coins": coins(record),
        "jsonld": script_json(linked_data.document(node)),
        "alternates": alternates(source, base_url.rstrip("/")),
    }


def claim_page_metadata(claim, base_url: str) -> dict:
    detail = reverse("api:claim-detail", args=[claim.pk])
    node = linked_data.claim_node(claim, base_url)
    return {
        "meta": [],
        "jsonld": script_json(linked_data.document(node)),
        "alternates": [
            (linked_data.MEDIA_TYPE, "JSON-LD", f"{base_url.rstrip('/')}{detail}?format=jsonld")
        ],
    }
