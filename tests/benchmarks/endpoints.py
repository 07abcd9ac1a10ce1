"""Two baselines for the source list of the API, served beside it (see urls.py):

- the floor: the same fields of the same 50 published sources, read with hand-written SQL
  (PostgreSQL) and written with orjson — what the page costs without the ORM and DRF;
- plain: a DRF ModelSerializer with its default related fields over an unprepared queryset —
  what the page costs written the obvious way (one query per row and relation).
"""

import orjson
from django.db import connection
from django.http import HttpResponse
from rest_framework import generics, serializers

from catalogue.identifiers import identifier_link, is_digitised
from catalogue.models import Source
from config.pagination import PageNumberPagination
from core.dates import format_partial_date

PAGE_SQL = """
SELECT s.id, s.number, s.pages, s.kind, s.title, s.title_en, s.title_romanized,
       s.date_start, s.date_end, s.date_precision, s.date_approximate, s.date_original,
       s.summary, s.external_id, s.url, s.status, s.created_at, s.updated_at,
       se.id, se.slug, se.title, se.title_en, se.abbreviation,
       r.id, r.slug, r.name, r.name_en, s.version, s.side
FROM catalogue_source s
JOIN catalogue_series se ON se.id = s.series_id
JOIN catalogue_repository r ON r.id = se.repository_id
WHERE s.status = 'published'
ORDER BY s.date_start ASC NULLS LAST, se."order", se.slug, s.number, s.id
LIMIT %s OFFSET %s
"""
LANGUAGES_SQL = """
SELECT source_id, language_id FROM catalogue_source_languages
WHERE source_id = ANY(%s) ORDER BY language_id
"""
AGENTS_SQL = """
SELECT sa.source_id, sa.role, a.id, a.slug, a.kind,
       (SELECT json_object_agg(n.language, n.value) FROM catalogue_agentname n
        WHERE n.agent_id = a.id AND n.preferred)
FROM catalogue_sourceagent sa JOIN catalogue_agent a ON a.id = sa.agent_id
WHERE sa.source_id = ANY(%s) ORDER BY sa.source_id, sa.role, sa."order", sa.id
"""
EVENTS_SQL = """
SELECT es.source_id, e.id, st.slug FROM negotiations_eventsource es
JOIN negotiations_event e ON e.id = es.event_id AND e.status = 'published'
LEFT JOIN negotiations_stage st ON st.id = e.stage_id
WHERE es.source_id = ANY(%s) ORDER BY e.date_start, e.id
"""
DATES_SQL = """
SELECT source_id, role, date_start, date_end, date_precision, date_approximate, date_original,
       time, note
FROM catalogue_sourcedate WHERE source_id = ANY(%s) ORDER BY source_id, date_start, id
"""
IDENTIFIERS_SQL = """
SELECT source_id, type, value, note FROM catalogue_sourceidentifier
WHERE source_id = ANY(%s) ORDER BY source_id, id
"""
CLAIMS_SQL = """
SELECT ev.source_id, c.id, st.slug FROM negotiations_evidence ev
JOIN negotiations_claim c ON c.id = ev.claim_id AND c.status = 'published'
LEFT JOIN negotiations_claim_stages cs ON cs.claim_id = c.id
LEFT JOIN negotiations_stage st ON st.id = cs.stage_id
WHERE ev.source_id = ANY(%s)
"""


DATE_COLUMNS = ("date_start", "date_end", "date_precision", "date_approximate")


def floor_sources(request):
    size = min(int(request.GET.get("page_size", 20)), 100)
    page = int(request.GET.get("page", 1))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM catalogue_source WHERE status = 'published'")
        count = cursor.fetchone()[0]
        cursor.execute(PAGE_SQL, [size, (page - 1) * size])
        rows = cursor.fetchall()
        ids = [row[0] for row in rows]
        related = {}
        for name, sql in (
            ("languages", LANGUAGES_SQL),
            ("agents", AGENTS_SQL),
            ("events", EVENTS_SQL),
            ("claims", CLAIMS_SQL),
            ("dates", DATES_SQL),
            ("identifiers", IDENTIFIERS_SQL),
        ):
            cursor.execute(sql, [ids])
            related[name] = cursor.fetchall()
    by_id = {}
    results = []
    for r in rows:
        item = {
            "id": r[0],
            "version": r[27],
            "series": {
                "id": r[18],
                "slug": r[19],
                "title": r[20],
                "title_en": r[21],
                "abbreviation": r[22],
            },
            "repository": {"id": r[23], "slug": r[24], "name": r[25], "name_en": r[26]},
            "number": r[1],
            "pages": r[2],
            "kind": r[3],
            "title": r[4],
            "title_en": r[5],
            "title_romanized": r[6],
            "languages": [],
            **dict(zip(DATE_COLUMNS, r[7:11], strict=True)),
            "date_original": r[11],
            "date_display": format_partial_date(r[7], r[8], r[9], r[10]),
            "agents": [],
            "summary": r[12],
            "external_id": r[13],
            "url": r[14],
            "identifiers": [],
            "digitised_url": "",
            "dates": [],
            "side": r[28],
            "status": r[15],
            # A plain citation: the real one is formatted by catalogue.citations.
            "citation": f"{r[22] or r[20]} {r[1]}, {r[2]}: {r[4]}",
            "citation_ja": None,
            "events": [],
            "claims": [],
            "stages": [],
            "created_at": r[16],
            "updated_at": r[17],
        }
        by_id[r[0]] = item
        results.append(item)
    for source_id, code in related["languages"]:
        by_id[source_id]["languages"].append(code)
    for source_id, role, agent_id, slug, kind, preferred in related["agents"]:
        preferred = orjson.loads(preferred) if isinstance(preferred, str) else preferred or {}
        by_id[source_id]["agents"].append(
            {
                "id": agent_id,
                "slug": slug,
                "kind": kind,
                "name": preferred.get("en") or next(iter(preferred.values()), slug),
                "preferred_names": preferred,
                "role": role,
            }
        )
    for source_id, role, *date, time, note in related["dates"]:
        by_id[source_id]["dates"].append(
            {
                "role": role,
                **dict(zip(DATE_COLUMNS, date[:4], strict=True)),
                "date_original": date[4],
                "date_display": format_partial_date(*date[:4]),
                "time": time,
                "note": note,
            }
        )
    for source_id, type_, value, note in related["identifiers"]:
        link = identifier_link(type_, value)
        by_id[source_id]["identifiers"].append(
            {
                "type": type_,
                "value": value,
                "note": note,
                "link": link,
                "digitised": is_digitised(type_) and bool(link),
            }
        )
    for item in results:
        # The first identifier that opens the document, else the record's URL.
        opening = (i["link"] for i in item["identifiers"] if i["digitised"])
        item["digitised_url"] = next(opening, item["url"])
    for name in ("events", "claims"):
        for source_id, pk, stage in related[name]:
            item = by_id[source_id]
            if pk not in item[name]:
                item[name].append(pk)
            if stage and stage not in item["stages"]:
                item["stages"].append(stage)
    body = {"count": count, "next": None, "previous": None, "results": results}
    return HttpResponse(orjson.dumps(body), content_type="application/json")


class PlainSourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = [
            "id",
            "series",
            "number",
            "pages",
            "kind",
            "title",
            "title_en",
            "title_romanized",
            "languages",
            "date_start",
            "date_end",
            "date_precision",
            "date_approximate",
            "date_original",
            "agents",
            "summary",
            "external_id",
            "url",
            "status",
            "events",
            "claims",
            "created_at",
            "updated_at",
        ]


class PlainSourceList(generics.ListAPIView):
    serializer_class = PlainSourceSerializer
    pagination_class = PageNumberPagination
    queryset = Source.objects.published()
