"""catalog.jsonld (issue 18 item 16): the sample site's datasets as DCAT-AP 3.0, validated with
pyshacl against SEMIC's official DCAT-AP 3.0.0 SHACL shapes (tests/schemas/dcat-ap-3.0.0)."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pyshacl
import pytest
import rdflib
import yaml
from disclose.build import build_site

from tests.conftest import ROOT

SHAPES = ROOT / "tests" / "schemas" / "dcat-ap-3.0.0" / "dcat-ap-SHACL.jsonld"
EU = "http://publications.europa.eu/resource/authority"
# The EU Publications Office authority tables (file-type, frequency, language) list these codes.
EU_FILE_TYPES = {"CSV", "XLSX", "JSON"}
EU_FREQUENCY = {"每月": "MONTHLY", "每季度": "QUARTERLY", "每年": "ANNUAL"}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("dcat") / "out"
    before = os.environ.get("DISCLOSE_TODAY")
    os.environ["DISCLOSE_TODAY"] = "2026-12-02"
    try:
        build_site(ROOT / "pelicanconf.py", dest)
    finally:
        os.environ["DISCLOSE_TODAY"] = before or "2026-06-01"
    return dest


@pytest.fixture(scope="module")
def shapes():
    graph = rdflib.Graph().parse(SHAPES, format="json-ld")
    node_shapes = set(graph.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#NodeShape")))
    assert len(node_shapes) == 42  # DCAT-AP 3.0.0 lists 42 node shapes
    return graph


def violations(document: dict, shapes) -> list[str]:
    data = rdflib.Graph().parse(data=json.dumps(document), format="json-ld")
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    out = [f"{report.value(r, sh.focusNode)} {report.value(r, sh.resultPath)}: {report.value(r, sh.resultMessage)}"
           for r in report.subjects(rdflib.RDF.type, sh.ValidationResult)
           if report.value(r, sh.resultSeverity) == sh.Violation]
    assert conforms == (not out)
    return out


def catalog(out: Path) -> dict:
    return json.loads((out / "catalog.jsonld").read_text(encoding="utf-8"))


def test_catalog_conforms_to_dcat_ap_3(out: Path, shapes):
    doc = catalog(out)
    assert len(doc["dcat:dataset"]) == 3
    assert violations(doc, shapes) == []


def test_the_shapes_catch_what_the_validators_reported(out: Path, shapes):
    # Each mistake the issue names must be a violation, or the conformance test proves nothing.
    doc = catalog(out)
    no_title = copy.deepcopy(doc)
    del no_title["dct:title"]
    assert any("title" in v for v in violations(no_title, shapes))
    no_access = copy.deepcopy(doc)
    del no_access["dcat:dataset"][0]["dcat:distribution"][0]["dcat:accessURL"]
    assert any("accessURL" in v for v in violations(no_access, shapes))
    plain = copy.deepcopy(doc)
    plain["dcat:dataset"][0]["dcat:distribution"][0]["dcat:mediaType"] = "text/csv"
    plain["dcat:dataset"][0]["dct:publisher"] = "江屿市民政局"
    found = violations(plain, shapes)
    assert any("mediaType" in v for v in found) and any("publisher" in v for v in found)


def test_ids_and_eu_vocabularies(out: Path):
    doc = catalog(out)
    descriptors = {}
    for path in (ROOT / "data").glob("*.yml"):
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))
        descriptors[meta["title"]] = meta
    base = "https://xxgk.jiangyu.gov.cn.example"
    assert doc["@id"] == f"{base}/catalog.jsonld#catalog"
    for ds in doc["dcat:dataset"]:
        meta = descriptors[ds["dct:title"]["@value"]]
        number = ds["dct:identifier"]
        org, serial = number.split("/")
        assert ds["@id"] == f"{base}/xxgk/{org}/{serial}.html#dataset"  # stable: from the index number
        assert ds["dct:accrualPeriodicity"]["@id"] == f"{EU}/frequency/{EU_FREQUENCY[meta['frequency']]}"
        assert ds["dct:language"]["@id"] == f"{EU}/language/ZHO"
        assert ds["dct:publisher"]["@type"] == "foaf:Agent"
        assert ds["dcat:contactPoint"]["@type"] == "vcard:Kind"
        start, end = str(meta["temporal"]).split("/")
        assert (ds["dct:temporal"]["dcat:startDate"]["@value"], ds["dct:temporal"]["dcat:endDate"]["@value"]) == (
            start, end)
        kinds = {d["dct:format"]["@id"].rsplit("/", 1)[1] for d in ds["dcat:distribution"]}
        assert kinds == EU_FILE_TYPES
        for d in ds["dcat:distribution"]:
            assert (out / d["dcat:downloadURL"]["@id"].removeprefix(base + "/")).is_file()
            assert d["dcat:accessURL"]["@id"] == ds["dcat:landingPage"]["@id"]
