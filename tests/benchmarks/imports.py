"""FRUS TEI import speed on a volume of ~2,000 documents, made by repeating the documents of
the test volume under new ids; against parsing alone. Each import is rolled back."""

import copy
import os
import time
from pathlib import Path

from django.db import transaction
from lxml import etree

from catalogue.services import frus_volume_import
from catalogue.tei import parse_frus_volume
from tests.benchmarks.harness import Row

SAMPLE = Path(__file__).resolve().parent.parent / "imports" / "data" / "frus1924v02-japan.xml"
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
VOLUME_ID = "frus1924v92"


def synthetic_volume(documents: int = 2000) -> bytes:
    """The sample volume with its documents repeated to `documents`, each with its own id and
    number, under a volume id no real import uses."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(SAMPLE.read_bytes(), parser)
    samples = root.findall(f".//{TEI}div[@type='document']")
    parent = samples[0].getparent()
    for sample in samples:
        sample.getparent().remove(sample)
    for n in range(1, documents + 1):
        document = copy.deepcopy(samples[n % len(samples)])
        for element in document.iter():
            if element.get(XML_ID):  # page breaks and notes carry ids too: keep them unique
                element.set(XML_ID, f"{element.get(XML_ID)}-r{n}")
        document.set(XML_ID, f"d{n}")
        document.set("n", str(n))
        parent.append(document)
    root.set(XML_ID, VOLUME_ID)
    for idno in root.iter(f"{TEI}idno"):
        if idno.get("type") == "frus":
            idno.text = VOLUME_ID
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _timed_import(volume: bytes) -> tuple[float, int]:
    with transaction.atomic():
        start = time.perf_counter()
        report = frus_volume_import(source=volume, publish=True)
        seconds = time.perf_counter() - start
        transaction.set_rollback(True)
    return seconds, len(report.created)


def run(repeat: int = int(os.environ.get("KOSHO_BENCH_IMPORT_REPEAT", "1"))) -> None:
    volume = synthetic_volume()
    start = time.perf_counter()
    documents = len(parse_frus_volume(volume).documents)
    parse_s = time.perf_counter() - start
    runs = sorted(_timed_import(volume) for _ in range(repeat))
    seconds, created = runs[len(runs) // 2]
    Row(
        area="import",
        name=f"FRUS TEI import, {created:,} documents",
        value=created / seconds,
        unit="docs/s",
        baseline="parsing alone",
        baseline_value=documents / parse_s,
        note=f"median of {repeat}: {seconds:.1f} s a volume, rolled back",
    ).emit()
