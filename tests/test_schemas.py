"""Editor JSON Schemas: derived from the field tables, current, and right about the site."""

import json

import jsonschema
import pytest
from conftest import ROOT, build_site, copy_example

from factsite.build import site_config
from factsite.content.documents import parse_bytes
from factsite.content.files import scan
from factsite.content.schemas import FILES, editor_schemas
from factsite.content.yamlnodes import parse_yaml, to_data


def validator(kind):
    schema = json.loads((ROOT / "schemas" / FILES[kind]).read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def as_editor_reads(text, first_line=1):
    node, problems = parse_yaml(text, "x.yaml", first_line)
    assert not problems
    return to_data(node)


def test_the_committed_schemas_are_up_to_date():
    site, problems = site_config(ROOT)
    assert not [p for p in problems if p.is_error]
    for name, data in editor_schemas(site).items():
        committed = ROOT / "schemas" / name
        assert committed.read_bytes() == data, f"{name} is out of date: run build.py schemas"


def test_the_schemas_accept_every_file_of_the_example_site():
    checked = 0
    for rel, file in scan(ROOT).inputs.items():
        if file.kind not in ("site", "claim", "source", "claimant", "claim-translation"):
            continue
        doc, _ = parse_bytes(file.read(), kind=file.kind, rel=rel, path=file.path,
                             stem=file.stem)
        data = to_data(doc.node)
        errors = [e.message for e in validator("site.yaml" if doc.kind == "site" else doc.kind)
                  .iter_errors(data)]
        assert errors == [], doc.path
        checked += 1
    assert checked >= 20


CLAIM = """\
claim: ICE put 120 Cubans on one flight.
claimant: vice-news
rating: accurate
summary: It did.
published: 2026-11-16
sources: [vice-report]
"""


@pytest.mark.parametrize("change,why", [
    (("sources:", "soruces:"), "unknown field"),
    (("sources: [vice-report]", "sources: vice-report"), "wrong type"),
    (("rating: accurate\n", ""), "missing required field"),
    (("published: 2026-11-16", "published: 2026-11-16\nid: Bad_ID"), "id that is not a slug"),
    (("rating: accurate", "rating: accurrate"), "rating not in the site's scale"),
    (("published: 2026-11-16", "published: 2026-11-16\ndraft: maybe"), "not a boolean"),
    (("published: 2026-11-16", "published: 2026-11-16\nchecked_by: [Nobody]"), "not on the team"),
    (("published: 2026-11-16", "published: 2026-11-16\nfigures: {a: {value: lots, "
      "label: x, source: s}}"), "a figure that is not a number"),
])
def test_the_claim_schema_rejects_what_a_schema_can_express(change, why):
    claim = validator("claim")
    assert list(claim.iter_errors(as_editor_reads(CLAIM))) == []
    bad = as_editor_reads(CLAIM.replace(*change))
    assert list(claim.iter_errors(bad)), why


def test_unquoted_false_is_the_rating_false_as_editors_read_it():
    data = as_editor_reads(CLAIM.replace("rating: accurate", "rating: false"))
    assert data["rating"] is False
    assert list(validator("claim").iter_errors(data)) == []


def test_the_built_site_publishes_them(tmp_path):
    site = copy_example(tmp_path / "site")
    out = tmp_path / "out"
    build_site(site, out)
    for name in FILES.values():
        assert (out / "schemas" / name).read_bytes() == (ROOT / "schemas" / name).read_bytes()
