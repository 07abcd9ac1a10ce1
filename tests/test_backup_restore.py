"""Backup and restore as docs/operations.md describes them: pg_dump (custom format) of a live
catalogue, the database emptied, pg_restore, and everything answers as before: record counts,
history rows, an OAI-PMH harvest, and a resumption token issued before the backup."""

import glob
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.apps import apps
from django.core import signing
from django.db import connection
from lxml import etree

from research.oai.state import TOKEN_SALT
from tests import factories as f

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]
OAI = "{http://www.openarchives.org/OAI/2.0/}"


def binary(name: str) -> str:
    """A PostgreSQL client program: on the PATH, or in Debian's versioned directories."""
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


def client_environment() -> tuple[list[str], dict]:
    """Connection arguments and environment for the PostgreSQL programs (the test database)."""
    db = connection.settings_dict
    arguments = ["--host", db["HOST"] or "localhost", "--username", db["USER"]]
    if db["PORT"]:
        arguments += ["--port", str(db["PORT"])]
    return arguments, {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}


def table_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if model._meta.app_label in ("catalogue", "negotiations", "auth", "authtoken"):
                cursor.execute(f'SELECT count(*) FROM "{model._meta.db_table}"')
                counts[model._meta.db_table] = cursor.fetchone()[0]
    return counts


def postings() -> int:
    """The sources' gram postings, which triggers keep and no model declares."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM catalogue_source_gram")
        return cursor.fetchone()[0]


def harvest(client) -> tuple[list[bytes], str]:
    """Every ListRecords page (without the response date), and the first resumption token."""
    pages, params, first_token = [], {"verb": "ListRecords", "metadataPrefix": "oai_dc"}, ""
    while True:
        document = etree.fromstring(client.get("/oai", params).content)
        document.remove(document.find(f"{OAI}responseDate"))
        document.find(f"{OAI}request").attrib.pop("resumptionToken", None)  # echoed as sent
        token = document.find(f".//{OAI}resumptionToken")
        text = token.text if token is not None else None
        if text:
            # A token is signed with the time it was issued, and so is its expiry: compare
            # what it carries (the harvest's position, to the microsecond).
            token.attrib.pop("expirationDate")
            token.text = json.dumps(signing.loads(text, salt=TOKEN_SALT))
        pages.append(etree.tostring(document))
        if not text:
            return pages, first_token
        first_token = first_token or text
        params = {"verb": "ListRecords", "resumptionToken": text}


@pytest.mark.django_db(transaction=True)
def test_pg_dump_and_pg_restore_give_back_the_same_catalogue(client, settings, tmp_path: Path):
    settings.OAI_PAGE_SIZE = 2
    for _ in range(5):
        evidence = f.EvidenceFactory()
        evidence.source.summary = "revised"
        evidence.source.save()  # a second history row, and microseconds in updated_at
    f.SourceFactory(status="draft")
    before_counts = table_counts()
    before_postings = postings()
    assert before_postings
    before_pages, token = harvest(client)
    assert token and len(before_pages) == 3
    assert before_counts["catalogue_historicalsource"] == 11  # two per evidence source, one draft

    arguments, env = client_environment()
    database = connection.settings_dict["NAME"]
    dump = tmp_path / "kosho.dump"
    subprocess.run(
        [binary("pg_dump"), *arguments, "--format=custom", "--file", str(dump), database],
        env=env,
        check=True,
        capture_output=True,
    )
    with connection.cursor() as cursor:
        tables = ", ".join(f'"{name}"' for name in before_counts)
        cursor.execute(f"TRUNCATE {tables} CASCADE")
    assert set(table_counts().values()) == {0}
    assert postings() == 0
    connection.close()  # pg_restore --clean drops and recreates the tables
    restored = subprocess.run(
        [
            binary("pg_restore"),
            *arguments,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            database,
            str(dump),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert restored.returncode == 0, restored.stderr

    assert table_counts() == before_counts
    # Restored as dumped: pg_restore creates the triggers after it has loaded the rows.
    assert postings() == before_postings
    after_pages, _ = harvest(client)
    assert after_pages == before_pages
    # A harvester that started before the backup carries on with its token after the restore.
    resumed = client.get("/oai", {"verb": "ListRecords", "resumptionToken": token})
    assert resumed.status_code == 200
    assert b"<error" not in resumed.content
