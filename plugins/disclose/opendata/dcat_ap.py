"""catalog.jsonld: the published datasets as a DCAT-AP 3.0 catalogue in JSON-LD, for European
and national portals that harvest DCAT-AP (data.json stays for DCAT-US harvesters).

Written from the DataTable and the configuration only, like every other dataset output. Every
resource has a stable `@id` (datasets from their index numbers), and the values DCAT-AP wants as
IRIs use the EU vocabularies: file types, frequencies and the language; publishers are
foaf:Agent, contact points vcard:Kind, periods dct:PeriodOfTime.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from .. import urls
from ..config import Settings
from ..model import Document
from .outputs import DOWNLOADS

EU = "http://publications.europa.eu/resource/authority"
IANA = "http://www.iana.org/assignments/media-types"
LANGUAGE = {"@id": f"{EU}/language/ZHO", "@type": "dct:LinguisticSystem"}
FREQUENCY = {"每日": "DAILY", "每周": "WEEKLY", "每月": "MONTHLY", "每季度": "QUARTERLY", "每半年": "ANNUAL_2",
             "每年": "ANNUAL", "不定期": "IRREG"}
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#", "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}


def _zh(text: str) -> dict[str, str]:
    return {"@value": text, "@language": "zh"}


def _date(day: dt.date) -> dict[str, str]:
    return {"@value": day.isoformat(), "@type": "xsd:date"}


def _agent(base: str, key: str, name: str) -> dict[str, Any]:
    return {"@id": f"{base}/#agent-{key}", "@type": "foaf:Agent", "foaf:name": _zh(name)}


def _period(temporal: str) -> dict[str, Any] | None:
    """dct:PeriodOfTime from `YYYY-MM-DD/YYYY-MM-DD` (the descriptor's temporal)."""
    start, _, end = temporal.partition("/")
    try:
        begin, finish = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    except ValueError:
        return None
    return {"@type": "dct:PeriodOfTime", "dcat:startDate": _date(begin), "dcat:endDate": _date(finish)}


def _distributions(doc: Document, base: str, licence: str | None) -> list[dict[str, Any]]:
    folder, page = f"{base}/{urls.doc_files(doc)}", f"{base}/{urls.doc_url(doc)}"
    out = []
    for d in DOWNLOADS:
        if not d.distribution:
            continue
        kind = d.name.rsplit(".", 1)[1].upper()
        item: dict[str, Any] = {
            "@id": f"{folder}/{d.name}", "@type": "dcat:Distribution", "dct:title": _zh(d.label),
            "dcat:accessURL": {"@id": page, "@type": "rdfs:Resource"},
            "dcat:downloadURL": {"@id": f"{folder}/{d.name}", "@type": "rdfs:Resource"},
            "dcat:mediaType": {"@id": f"{IANA}/{d.media_type}", "@type": "dct:MediaType"},
            "dct:format": {"@id": f"{EU}/file-type/{kind}", "@type": "dct:MediaTypeOrExtent"},
        }
        if licence:
            item["dct:license"] = {"@id": licence, "@type": "dct:LicenseDocument"}
        out.append(item)
    return out


def dataset(doc: Document, settings: Settings, base: str) -> dict[str, Any]:
    """One dcat:Dataset (its @id: the landing page, which the index number names, plus #dataset)."""
    t = doc.table
    org = settings.publisher(doc.publisher)
    cat = settings.category(doc.category)
    day = doc.published or doc.created
    licence = settings.opendata.licences.get(t.licence)
    page = f"{base}/{urls.doc_url(doc)}"
    out: dict[str, Any] = {
        "@id": f"{page}#dataset", "@type": "dcat:Dataset",
        "dct:identifier": doc.index_no, "dct:title": _zh(doc.title),
        "dct:description": _zh(doc.summary or doc.title),
        "dcat:keyword": [_zh(k) for k in (doc.keywords or (cat.name if cat else doc.category,))],
        "dct:issued": _date(day), "dct:modified": _date(day),
        "dct:publisher": _agent(base, doc.publisher, org.name if org else doc.publisher),
        "dcat:contactPoint": {"@id": f"{base}/#contact", "@type": "vcard:Kind",
                              "vcard:fn": _zh(settings.opendata.contact_name or settings.site.host_org),
                              "vcard:hasEmail": {"@id": f"mailto:{settings.site.contact.email}"}},
        "dcat:landingPage": {"@id": page, "@type": "foaf:Document"},
        "dct:language": LANGUAGE,
        "dcat:theme": {"@id": f"{base}/{urls.category(doc.category)}#concept", "@type": "skos:Concept",
                       "skos:prefLabel": _zh(cat.name if cat else doc.category),
                       "skos:inScheme": {"@id": f"{base}/{urls.CATALOGUE}#categories"}},
        "dcat:distribution": _distributions(doc, base, licence),
    }
    if t.spatial:
        out["dct:spatial"] = {"@id": f"{base}/#place-{quote(t.spatial)}", "@type": "dct:Location",
                              "skos:prefLabel": _zh(t.spatial)}
    period = _period(t.temporal) if t.temporal else None
    if period:
        out["dct:temporal"] = period
    if t.frequency in FREQUENCY:
        out["dct:accrualPeriodicity"] = {"@id": f"{EU}/frequency/{FREQUENCY[t.frequency]}", "@type": "dct:Frequency"}
    return out


def catalog(datasets: list[Document], settings: Settings, base: str) -> dict[str, Any]:
    """The DCAT-AP 3.0 catalogue of the published datasets (empty list when there are none)."""
    site = settings.site
    days = [d.published or d.created for d in datasets]
    out: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": f"{base}/catalog.jsonld#catalog", "@type": "dcat:Catalog",
        "dct:title": _zh(f"{site.name} 数据开放"),
        "dct:description": _zh(f"{site.host_org}发布的经保密处理的统计数据集；每个数据集附 CSV、XLSX、JSON 下载。"),
        "dct:publisher": _agent(base, "host", site.host_org),
        "foaf:homepage": {"@id": f"{base}/{urls.OPENDATA}", "@type": "foaf:Document"},
        "dct:language": LANGUAGE,
        "dcat:themeTaxonomy": {"@id": f"{base}/{urls.CATALOGUE}#categories", "@type": "skos:ConceptScheme",
                               "dct:title": _zh(f"{site.name} 组配分类")},
        "dcat:dataset": [dataset(d, settings, base) for d in datasets],
    }
    if days:
        out["dct:modified"] = _date(max(days))
    return out
