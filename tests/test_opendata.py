"""The open data: claims.json validated with jsonschema against the schema the site
publishes, compared with the YAML; claims.csv read back with the csv module."""

import copy
import csv
import io
import json

import jsonschema
import pytest
from conftest import ROOT, build_site, copy_example, edit
from readers import claimant_yaml, claims_yaml, fetch, modified, read_yaml, serve

from factsite.render import dataschema, opendata


def load(out):
    doc = json.loads((out / "claims.json").read_text("utf-8"))
    schema = json.loads((out / "schemas/claims.schema.json").read_text("utf-8"))
    return doc, schema


def errors(doc, schema):
    validator = jsonschema.Draft202012Validator(schema,
                                                format_checker=jsonschema.FormatChecker())
    return sorted(e.message for e in validator.iter_errors(doc))


def test_claims_json_validates_against_its_published_schema(example_public):
    doc, schema = load(example_public)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"] == "https://example.org/schemas/claims.schema.json" == doc["$schema"]
    assert errors(doc, schema) == []


@pytest.mark.parametrize("break_it", [
    lambda d: d["claims"][0].pop("url"),
    lambda d: d["claims"][0].update(surprise=1),
    lambda d: d["claims"][0]["rating"].update(value="five"),
    lambda d: d["claims"][0].update(published="18 November 2026"),
    lambda d: d["claims"][0]["corrections"].append({"date": "2026-11-30", "kind": "oops",
                                                    "text": "x"}),
    lambda d: d["claims"][0]["figures"].append({"id": "Not An Id"}),
    lambda d: d["claims"][0].update(short="x" * 76),
    lambda d: d["claims"][0].update(appeared={"where": "a speech"}),  # (the old form)
    lambda d: d["claims"][0]["appearances"][0].update(wording_verified="yes"),
    lambda d: d["claims"][0]["appearances"][0].update(date="last Friday"),
    lambda d: d["claims"][0]["appearances"][0].pop("archived"),
])
def test_the_schema_refuses_what_claims_json_never_holds(example_public, break_it):
    doc, schema = load(example_public)
    broken = copy.deepcopy(doc)
    break_it(broken)
    assert errors(broken, schema) != []


def test_claims_json_says_what_the_yaml_says(example_public):
    doc, _ = load(example_public)
    config = read_yaml(ROOT / "site.yaml")
    labels = {r["id"]: r["label"] for r in config["ratings"]}
    claims = claims_yaml(ROOT)
    assert sorted(c["id"] for c in doc["claims"]) == sorted(claims)
    dates = [c["published"] for c in doc["claims"]]
    assert dates == sorted(dates, reverse=True), "newest first"
    assert [r["id"] for r in doc["ratings"]] == [r["id"] for r in config["ratings"]]
    for record in doc["claims"]:
        claim = claims[record["id"]]
        assert record["url"] == f"https://example.org/claims/{record['id']}/"
        assert record["claim"] == " ".join(claim["claim"].split())
        assert record["short"] == claim.get("short")
        assert record["rating"]["id"] == claim["rating"]
        assert record["rating"]["label"] == labels[claim["rating"]]
        assert record["published"] == claim["published"]
        assert record["updated"] == claim.get("updated")
        assert record["modified"] == modified(claim)
        assert record["tags"] == claim.get("tags", [])
        assert record["checked_by"] == claim.get("checked_by", [])
        assert "[@" not in record["summary"] and "<" not in record["summary"], "plain text"
        file = claimant_yaml(ROOT, claim["claimant"])
        assert record["claimant"]["name"] == (file["name"] if file else claim["claimant"])
        figures = claim.get("figures", {})
        assert {f["id"]: f["value"] for f in record["figures"]} == \
            {k: float(v["value"]) for k, v in figures.items()}
        for figure in record["figures"]:
            assert figure["quote"] == figures[figure["id"]].get("quote")
        listed = [s if isinstance(s, dict) else {"source": s} for s in claim["sources"]]
        by_id = {s["id"]: s for s in record["sources"]}
        assert [s["number"] for s in record["sources"]] == list(range(1, len(by_id) + 1))
        for entry in listed:
            source = by_id[entry["source"]]
            assert source["quote"] == entry.get("quote")
            assert source["locator"] == entry.get("locator")
            yaml_source = read_yaml(ROOT / f"content/sources/{entry['source']}.yaml")
            assert source["title"] == yaml_source["title"]
            assert source["url"] == yaml_source.get("url")
            assert source["archived"] == yaml_source.get("archived")
        assert [c["date"] for c in record["corrections"]] == \
            [c["date"] for c in claim.get("corrections", [])]
        assert record["said"] == claim.get("said")
        check_appearances(ROOT, record, claim)
    verified = [a["wording_verified"] for c in doc["claims"] for a in c["appearances"]]
    assert True in verified and None in verified, "the example has both, checked above"


def stored_copy(site, claim_id, n, place):
    """Whether the desk holds a copy of appearance n (the source's that records it, or the
    claim's own, in the folder named as its file: the id, here), by the files in the
    site."""
    if place.get("source"):
        return any((site / f"content/sources/{place['source']}{e}").is_file()
                   for e in (".txt", ".html"))
    folder = site / "content/claims" / claim_id / "appearances"
    names = [place["copy"]] if place.get("copy") else [f"{n}.txt", f"{n}.html"]
    return any((folder / name).is_file() for name in names)


def check_appearances(site, record, claim):
    """Each appearance the YAML lists, in order, with its fields; its wording verified
    (the build passed) when it has words to check and a stored copy, else null."""
    places = claim.get("appearances", [])
    assert len(record["appearances"]) == len(places), record["id"]
    for n, (got, place) in enumerate(zip(record["appearances"], places, strict=True), 1):
        for key in ("where", "url", "date", "archived", "archived_on", "said"):
            assert got[key] == place.get(key), (record["id"], n, key)
        other = place.get("claimant")
        file = claimant_yaml(site, other) if other else None
        assert got["claimant"] == (file["name"] if file else other)
        words = place.get("said") or (None if other else claim.get("said"))
        expected = True if words and stored_copy(site, record["id"], n, place) else None
        assert got["wording_verified"] is expected, (record["id"], n)


def test_every_url_in_the_open_data_is_a_built_page(example_public):
    doc, _ = load(example_public)
    urls = [c["url"] for c in doc["claims"]] + [c["claimant"]["url"] for c in doc["claims"]] + \
        [s["page"] for c in doc["claims"] for s in c["sources"]] + \
        [r["url"] for r in doc["ratings"]] + [doc["$schema"]]
    with serve(example_public) as server:
        for url in urls:
            assert fetch(url, server)[0] == 200, url


def test_claims_csv_has_one_row_per_claim_agreeing_with_the_json(example_public):
    data = (example_public / "claims.csv").read_bytes()
    assert data.count(b"\r\n") >= len(load(example_public)[0]["claims"]) + 1, "CRLF lines"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    doc, _ = load(example_public)
    assert [r["id"] for r in rows] == [c["id"] for c in doc["claims"]]
    assert list(rows[0]) == list(opendata.CSV_COLUMNS)
    for row, record in zip(rows, doc["claims"], strict=True):
        assert row["claim"] == record["claim"] and row["summary"] == record["summary"]
        assert row["rating_label"] == record["rating"]["label"]
        assert row["rating_value"] == ("" if record["rating"]["value"] is None
                                       else str(record["rating"]["value"]))
        assert row["source_ids"].split(" | ") == [s["id"] for s in record["sources"]]
        assert row["retracted"] == "false"


def test_appearances_with_addresses_dates_claimants_and_stored_copies(tmp_path):
    """What the example does not have: appearances with URLs, dates, an archived copy,
    a claimant named by name, and a stored copy of the claim's own that is added after a
    build (the next build's data says the wording was found there)."""
    site = copy_example(tmp_path / "site")
    claim = site / "content/claims/120-cubans-one-flight.yaml"
    edit(claim, "    claimant: miami-herald\n",
         "    claimant: miami-herald\n    url: https://example.net/herald\n"
         "    date: 2026-11-14\n    archived: https://web.archive.org/web/2026/"
         "https://example.net/herald\n    archived_on: 2026-11-15\n")
    edit(claim, "    source: vice-report\nrating:",
         "    source: vice-report\n    url: https://example.net/vice\n    date: 2026-11-13\n"
         "  - where: A post\n    url: https://example.net/post\n    claimant: A. Poster\n"
         "  - where: The desk's own recording of a briefing\nrating:")
    out = tmp_path / "public"
    build_site(site, out)
    doc, schema = load(out)
    assert errors(doc, schema) == []
    claims = claims_yaml(site)
    for record in doc["claims"]:
        check_appearances(site, record, claims[record["id"]])
    record = next(c for c in doc["claims"] if c["id"] == "120-cubans-one-flight")
    herald, vice, post, briefing = record["appearances"]
    assert herald["claimant"] == "Miami Herald" and post["claimant"] == "A. Poster"
    assert vice["claimant"] is None and vice["wording_verified"] is True
    assert briefing["wording_verified"] is None  # no stored copy yet
    rows = list(csv.DictReader(io.StringIO((out / "claims.csv").read_text("utf-8"),
                                           newline="")))
    row = next(r for r in rows if r["id"] == "120-cubans-one-flight")
    assert (row["said"], row["appearances"]) == (record["said"], "4")
    assert (row["first_appeared_date"], row["first_appeared_url"],
            row["first_appeared_where"]) == ("2026-11-13", "https://example.net/vice",
                                              "VICE News report, headline and third paragraph")
    undated = next(r for r in rows if r["id"] == "wet-foot-dry-foot")  # the first listed
    assert (undated["appearances"], undated["first_appeared_date"],
            undated["first_appeared_where"]) == ("1", "", "VICE News report, paragraph 5")

    copy = site / "content/claims/120-cubans-one-flight/appearances/4.txt"
    copy.parent.mkdir(parents=True)
    copy.write_text(f"On the recording: {record['said']}.\n")
    build_site(site, out)  # (the same folder: an incremental build)
    doc, _ = load(out)
    record = next(c for c in doc["claims"] if c["id"] == "120-cubans-one-flight")
    assert record["appearances"][3]["wording_verified"] is True
    check_appearances(site, record, claims_yaml(site)[record["id"]])


def test_awkward_text_survives_the_csv_and_formulas_are_defused(tmp_path):
    site = copy_example(tmp_path / "site")
    claim = site / "content/claims/paperwork-glitch.yaml"
    text = claim.read_text()
    start = text.index("claim:")
    end = text.index("\nshort:")
    claim.write_text(text[:start] + 'claim: "=HYPERLINK(\\"https://evil.example\\"), said \\"x\\"'
                     '; y"' + text[end:])
    out = tmp_path / "public"
    build_site(site, out)
    doc, schema = load(out)
    assert errors(doc, schema) == []
    record = next(c for c in doc["claims"] if c["id"] == "paperwork-glitch")
    assert record["claim"] == '=HYPERLINK("https://evil.example"), said "x"; y'
    rows = list(csv.DictReader(io.StringIO((out / "claims.csv").read_text("utf-8"),
                                           newline="")))
    row = next(r for r in rows if r["id"] == "paperwork-glitch")
    assert row["claim"] == "'" + record["claim"], "a spreadsheet shows it as text"


def test_docs_data_md_is_up_to_date():
    text = (ROOT / "docs/data.md").read_text("utf-8")
    assert "<!-- data:json -->" in text and "<!-- data:csv -->" in text
    assert dataschema.update_docs(text) == text, \
        "run: python -m factsite.render.dataschema docs/data.md"
