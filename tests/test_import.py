"""`build.py import claimreview FILE`: on the publishers' real markup in
../shared/corpora/claimreview-markup/ (read there, never copied), and on small made-up
records for each wrapping and each gap."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import ROOT, SHARED, build_site, copy_example, require

from factsite.build import Options, build, read_content
from factsite.commands import claimreview, importer

CORPUS = SHARED / "corpora" / "claimreview-markup"
RECORD = re.compile(r"^(?P<file>\S+) #(?P<n>\d+): (?P<what>.*)$")


def run_import(site: Path, path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "import", "claimreview",
                           str(path), *args], cwd=site, capture_output=True, text=True,
                          timeout=120)


def check(site: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "check", *args], cwd=site,
                          capture_output=True, text=True, timeout=120)


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted((site / "content").rglob("*")) if p.is_file()}


# ---- the real markup -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    require(CORPUS, "the shared folder ../shared (corpora/claimreview-markup) beside the "
            "project")
    site = copy_example(tmp_path_factory.mktemp("corpus") / "site")
    runs = {path.name: run_import(site, path) for path in sorted(CORPUS.iterdir())
            if path.suffix in (".json", ".html")}
    return site, runs


def test_every_record_is_imported_or_reported_with_a_reason(imported):
    site, runs = imported
    records = []
    for name, run in runs.items():
        assert "Traceback" not in run.stderr + run.stdout, name
        assert run.returncode == 0, (name, run.stdout, run.stderr)
        lines = [RECORD.match(line) for line in run.stdout.splitlines()]
        records += [m for m in lines if m]
        total = re.search(r"^(\d+) record\(s\): (\d+) imported as drafts \((\d+) with gaps to "
                          r"fill\), (\d+) not imported$", run.stdout, re.M)
        assert total, run.stdout
        found, done, _, skipped = (int(g) for g in total.groups())
        assert found == done + skipped == len([m for m in lines if m]), run.stdout
    assert len(records) == 40  # the corpus README counts 40 ClaimReview objects
    for m in records:
        what = m.group("what")
        assert what.startswith("content/claims/") or what.startswith("not imported: "), what
    written = [m.group("what").split(",")[0] for m in records
               if m.group("what").startswith("content/claims/")]
    for claim in written:
        assert (site / claim.split(" ")[0].rstrip(";")).is_file(), claim


def test_the_imported_claims_pass_check(imported):
    site, _ = imported
    for args in ((), ("--drafts",)):  # a draft's references are checked with --drafts
        run = check(site, *args)
        assert run.returncode == 0, run.stderr
        assert " 0 errors" in run.stderr and "Traceback" not in run.stderr


def test_gaps_are_drafts_that_check_warns_about(imported):
    site, runs = imported
    fakes = runs["newtral_fakes_index_raw.json"].stdout  # claimant missing in all 15
    assert fakes.count("no claimant in the markup (placeholder, marked missing)") == 15
    assert ("15 record(s): 15 imported as drafts (15 with gaps to fill), 0 not imported"
            in fakes)
    run = check(site)
    warned = re.findall(r"^(content/claims/\S+):\d+:\d+: warning: 'claimant' was missing from "
                        r"the imported record", run.stderr, re.M)
    assert len(warned) >= 15
    content, _ = read_content(site)
    drafts = {c.file for c in content.claims if c.missing}
    assert set(warned) <= drafts and all(c.draft for c in content.claims if c.missing)


def test_every_appearance_is_read_and_a_date_alone_is_a_gap(imported):
    site, runs = imported
    content, _ = read_content(site)
    claims = {c.imported.url: c for c in content.claims if c.imported and c.imported.url}
    fatabyyano = next(c for url, c in claims.items() if "fatabyyano.net" in url)
    assert [a.url for a in fatabyyano.appearances] == [
        "https://www.facebook.com/Quicknews12/videos/3829470550510217/",
        "https://www.facebook.com/watch/?v=444074934316133",
        "https://www.facebook.com/Khawatir63/videos/625685648898698/",
        "https://www.facebook.com/watch/?v=635395651480805"]
    africa = next(c for url, c in claims.items() if "africacheck.org" in url)
    (place,) = africa.appearances
    assert (place.where, place.url, place.date) == (
        "State of the city address", "https://youtu.be/jA8iEODBe5Q?t=1368", dt.date(2020, 3, 18))
    assert africa.claimant == "Mzwandile Masina"  # (the first of the names it gives)
    # Taiwan FactCheck Center gives only the date it was said: a place to fill in.
    assert "an appearance with only a date, no address or name (placeholder 'where', marked " \
        "missing)" in runs["tfc_taiwan_raw.json"].stdout
    tfc = next(c for url, c in claims.items() if "tfc-taiwan.org.tw" in url)
    (place,) = tfc.appearances
    assert (place.url, place.date) == (None, dt.date(2022, 4, 4)) and place.where
    assert "appearances" in tfc.missing and tfc.draft
    warned = check(site).stderr
    assert re.search(rf"^{re.escape(tfc.file)}:\d+:\d+: warning: 'appearances' was missing "
                     "from the imported record", warned, re.M)


def test_ratings_are_mapped_or_said_to_be_unmapped(imported):
    _, runs = imported
    out = "\n".join(run.stdout for run in runs.values())
    assert "rating 'Falso' → 'false'" in out
    assert "rating 'Engañoso' → 'misleading'" in out
    assert "rating 'não_é_bem_assim' → 'missing-context'" in out
    assert "rating 'زائف' → 'false'" in out and "rating '錯誤' → 'false'" in out
    assert "rating 'Half true', 3 on a scale from 1 to 5 → 'missing-context'" in out
    assert re.search(r"could not map 'Reker hat diesen Satz nie gesagt\..*' onto the site's "
                     r"ratings \(placeholder 'unverifiable', marked missing\)", out)


def test_importing_again_overwrites_nothing(imported):
    site, _ = imported
    before = files_of(site)
    again = run_import(site, CORPUS / "newtral_fact_check_index_raw.json")
    assert again.returncode == 0
    assert again.stdout.count("not imported: content/claims/") == 15
    assert files_of(site) == before


def test_the_corpus_is_read_where_it_is_not_copied():
    assert not [p for p in ROOT.rglob("*_raw.json") if "node_modules" not in p.parts]


# ---- each wrapping, on made-up records ---------------------------------------------------------

def review(n: int, **extra) -> dict:
    base = {"@type": "ClaimReview", "claimReviewed": f"The moon is made of cheese, number {n}",
            "datePublished": "2024-03-0" + str(n % 9 + 1),
            "url": f"https://checks.example/2024/moon-cheese-claim-{n}/",
            "author": {"@type": "Organization", "name": "Example Checks"},
            "itemReviewed": {"@type": "Claim", "author": {"@type": "Person",
                                                          "name": "A. Person"}},
            "reviewRating": {"@type": "Rating", "alternateName": "False"}}
    return {**base, **extra}


def page(*blocks: object) -> str:
    scripts = "".join(f'<script type="application/ld+json">{json.dumps(b)}</script>'
                      for b in blocks)
    return f"<html><head>{scripts}</head><body><p>A page</p></body></html>"


WRAPPINGS = {
    "one object": json.dumps({"@context": "https://schema.org", **review(1)}),
    "a list": json.dumps([review(1), review(2)]),
    "a graph": json.dumps({"@context": "https://schema.org",
                           "@graph": [{"@type": "WebPage"}, review(1), review(2)]}),
    "a feed": json.dumps({"@type": "DataFeed", "dataFeedElement": [
        {"@type": "DataFeedItem", "item": [review(1)]},
        {"@type": "DataFeedItem", "item": [review(2)]}]}),
    "an HTML page": page({"@type": "WebSite"}, review(1), [review(2)]),
    "HTML in a JSON string": json.dumps({"page": page({"@type": ["Review", "ClaimReview"],
                                                       **{k: v for k, v in review(1).items()
                                                          if k != "@type"}}),
                                         "more": [{"content": page(review(2))}]}),
}


@pytest.mark.parametrize("wrapping", WRAPPINGS)
def test_every_wrapping_is_read(wrapping):
    found, notes = claimreview.find(WRAPPINGS[wrapping])
    claims = [claimreview.Review.read(obj).claim for obj in found]
    expected = 1 if wrapping == "one object" else 2
    assert claims == [f"The moon is made of cheese, number {n}"
                      for n in range(1, expected + 1)]
    assert notes == []


def test_an_invalid_block_is_noted_not_dropped_silently():
    broken = '<script type="application/ld+json">{"@type": "ClaimReview", oops}</script>'
    found, notes = claimreview.find(page(review(1)) + broken)
    assert len(found) == 1
    assert len(notes) == 1 and "mentions ClaimReview but is not valid JSON" in notes[0]


def minimal_import(tmp_path: Path, data: str) -> tuple[Path, subprocess.CompletedProcess]:
    site = copy_example(tmp_path / "site")
    source = tmp_path / "markup.json"
    source.write_text(data)
    return site, run_import(site, source)


def test_gaps_and_reasons_on_made_up_records(tmp_path):
    records = [
        review(1),
        review(2, claimReviewed="  "),  # nothing to check
        review(3, datePublished="", itemReviewed={"@type": "Claim"}),
        review(4, reviewRating={"ratingValue": "-1", "bestRating": "-1", "worstRating": "-1",
                                "alternateName": ""}),
        review(5, reviewRating={"ratingValue": 5, "bestRating": 5, "worstRating": 1}),
        review(1),  # the same review twice
    ]
    site, run = minimal_import(tmp_path, json.dumps(records))
    lines = run.stdout.splitlines()
    assert run.returncode == 0, run.stderr
    assert lines[1] == ("markup.json #2: not imported: it has no claimReviewed, so there is no "
                        "statement to check")
    assert "(gaps to fill)" in lines[2] and "no claimant in the markup" in lines[2]
    assert "no datePublished (placeholder: today, marked missing)" in lines[2]
    assert "could not map no verdict onto the site's ratings" in lines[3]
    assert "rating no verdict, 5 on a scale from 1 to 5 → 'accurate'" in lines[4]
    assert lines[5] == "markup.json #6: not imported: the same review as #1"
    assert lines[6] == ("6 record(s): 4 imported as drafts (2 with gaps to fill), 2 not "
                        "imported")
    result = build(Options(site_dir=site, write=False, drafts=True))
    assert result.ok, [str(d) for d in result.diagnostics if d.is_error]
    missing = {str(d.pos.path).split("/")[-1]: d.message for d in result.diagnostics
               if "was missing from the imported record" in d.message}
    assert sorted(missing) == ["moon-cheese-claim-3.yaml", "moon-cheese-claim-4.yaml"]


def read_places(item: dict) -> list[tuple]:
    """What the reader finds of where the claim was made: (url, date, where, author,
    archived) for each place."""
    found, _ = claimreview.find(json.dumps(review(1, itemReviewed=item)))
    return [tuple(p) for p in claimreview.Review.read(found[0]).places]


def test_appearances_in_every_shape_are_read_once():
    post, video = "https://social.example/post/1", "https://video.example/v/2"
    claim = {"@type": "Claim", "author": {"@type": "Person", "name": "A. Person"}}
    assert read_places({**claim, "appearance": post}) == [(post, None, None, None, None)]
    assert read_places({**claim, "appearance": [post, {"@id": video}]}) == [
        (post, None, None, None, None), (video, None, None, None, None)]
    assert read_places({**claim, "appearance": {
        "@type": "CreativeWork", "url": post, "name": "A post", "datePublished": "2024-01-02",
        "author": {"@type": "Person", "name": "B. Person"},
        "archivedAt": "https://web.archive.org/web/2024/" + post}}) == [
        (post, dt.date(2024, 1, 2), "A post", "B. Person",
         "https://web.archive.org/web/2024/" + post)]
    # firstAppearance: merged into the same place in the list, else first
    assert read_places({**claim, "datePublished": "2024-01-01",
                        "firstAppearance": {"url": video, "datePublished": "2024-01-01"},
                        "appearance": [{"url": post}, {"url": video, "name": "A video"}]}) \
        == [(post, None, None, None, None), (video, dt.date(2024, 1, 1), "A video", None, None)]
    assert read_places({**claim, "firstAppearance": video, "appearance": [post]}) == [
        (video, None, None, None, None), (post, None, None, None, None)]
    # the item's own date and name are the first place's, or the one place
    assert read_places({**claim, "datePublished": "2024-01-03", "name": "A rally",
                        "appearance": [post]}) == [
        (post, dt.date(2024, 1, 3), "A rally", None, None)]
    assert read_places({**claim, "datePublished": "2024-01-03"}) == [
        (None, dt.date(2024, 1, 3), None, "A. Person", None)]
    assert read_places({**claim, "url": post}) == []  # a Claim's url is not where it was made
    assert read_places({"@type": "CreativeWork", "url": post, "author": {"name": "A. Person"}}
                       ) == [(post, None, None, "A. Person", None)]  # the legacy form's is
    assert read_places({**claim, "appearance": [{"url": "javascript:alert(1)"}, "not a url",
                                                {"name": "x" * 81}]}) == []


def test_imported_appearances_are_written_as_a_list(tmp_path):
    item = {"@type": "Claim", "author": {"@type": "Person", "name": "A. Person"},
            "datePublished": "2024-01-01",
            "appearance": [{"url": "https://social.example/post/1", "author": {"name": "a-bot"},
                            "archivedAt": "https://web.archive.org/web/2024/x"},
                           {"url": "https://social.example/post/2",
                            "author": {"name": "A. Person"}},
                           {"name": "A speech", "archivedAt": "https://archive.example/x"}]}
    records = [review(1, itemReviewed=item),
               review(2, itemReviewed={"@type": "Claim", "datePublished": "2024-01-02",
                                       "author": {"name": "A. Person"}})]
    site, run = minimal_import(tmp_path, json.dumps(records))
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert "gaps to fill" not in lines[0]
    assert "an archived copy without the address it is a copy of (left out)" in lines[0]
    assert "(gaps to fill)" in lines[1] and "an appearance with only a date" in lines[1]
    first = yaml.safe_load((site / "content/claims/moon-cheese-claim-1.yaml").read_text())
    assert first["appearances"] == [
        {"url": "https://social.example/post/1", "date": dt.date(2024, 1, 1),
         "claimant": "a-bot", "archived": "https://web.archive.org/web/2024/x"},
        {"url": "https://social.example/post/2"},  # (the claim's own claimant)
        {"where": "A speech"}]
    assert "missing" not in first and "appeared" not in first
    assert yaml.safe_load((site / "content/claimants/a-bot.yaml").read_text()) == {
        "name": "a-bot"}  # (a name that reads as an id gets its file)
    second = yaml.safe_load((site / "content/claims/moon-cheese-claim-2.yaml").read_text())
    assert second["appearances"] == [{"where": importer.PLACEHOLDER_WHERE,
                                      "date": dt.date(2024, 1, 2)}]
    assert second["missing"] == ["appearances"] and second["draft"] is True
    result = build(Options(site_dir=site, write=False, drafts=True))
    assert result.ok, [str(d) for d in result.diagnostics if d.is_error]
    missing = [str(d.pos.path).split("/")[-1] for d in result.diagnostics
               if "'appearances' was missing from the imported record" in d.message]
    assert missing == ["moon-cheese-claim-2.yaml"]


def test_markup_in_imported_text_is_shown_as_text(tmp_path):
    nasty = review(1, reviewRating={"alternateName": "<script>alert(1)</script> [@x] *no*"})
    site, run = minimal_import(tmp_path, json.dumps(nasty))
    assert run.returncode == 0, run.stdout + run.stderr
    out = tmp_path / "public"
    build_site(site, out, drafts=True)  # every imported check is a draft
    html = (out / "claims/moon-cheese-claim-1/index.html").read_text()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [@x] *no*" in html


def test_a_source_file_of_the_same_name_is_not_overwritten(tmp_path):
    site = copy_example(tmp_path / "site")
    mine = site / "content/sources/moon-cheese-claim-1.yaml"
    mine.write_text("title: Mine\npublisher: Me\nurl: https://example.org/mine\n")
    source = tmp_path / "markup.json"
    source.write_text(json.dumps(review(1)))
    run = run_import(site, source)
    assert run.returncode == 0
    assert mine.read_text() == "title: Mine\npublisher: Me\nurl: https://example.org/mine\n"
    assert (site / "content/sources/moon-cheese-claim-1-2.yaml").is_file()
    assert "[@moon-cheese-claim-1-2]" in (site / "content/claims/moon-cheese-claim-1.yaml"
                                          ).read_text()


def test_a_file_with_no_claimreview(tmp_path):
    site, run = minimal_import(tmp_path, json.dumps({"@type": "NewsArticle"}))
    assert run.returncode == 1 and "markup.json: no ClaimReview found" in run.stdout
    missing = run_import(site, tmp_path / "nowhere.json")
    assert missing.returncode == 1 and "cannot import" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_import_as_json_is_json_alone(tmp_path):
    site = copy_example(tmp_path / "site")
    source = tmp_path / "markup.json"
    source.write_text(json.dumps([review(1), review(2, claimReviewed=""), review(1)]))
    run = run_import(site, source, "--format", "json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)  # nothing else on stdout
    first, second, third = data["records"]
    assert first["imported"] and first["files"] == [
        "content/claims/moon-cheese-claim-1.yaml", "content/sources/moon-cheese-claim-1.yaml"]
    assert "rating 'False' → 'false'" in first["notes"]
    assert (second["imported"], second["files"], second["reason"]) == (
        False, [], "it has no claimReviewed, so there is no statement to check")
    assert third["reason"] == "the same review as #1"
    assert (data["imported"], data["skipped"], data["problems"]) == (1, 2, [])
    assert all((site / rel).is_file() for rel in data["written"])

    missing = run_import(site, tmp_path / "nowhere.json", "--format", "json")
    assert missing.returncode == 1
    assert json.loads(missing.stdout)["error"].startswith("cannot import ")


# ---- whose check it is: an imported check is the publisher's until the desk adopts it ------

AFP_URL = "https://factcheck.afp.com/cdc-does-not-add-flu-and-pneumonia-deaths-covid-19-toll"
AFP_CLAIM = "content/claims/cdc-does-not-add-flu-and-pneumonia-deaths-covid-19-toll.yaml"
AFP_APPEARANCE = ("https://www.facebook.com/photo.php?fbid=1334206990098622&set=a.134474800071853"
                  "&type=3")
AFP_PAGE = "claims/cdc-does-not-add-flu-and-pneumonia-deaths-covid-19-toll/index.html"


def json_ld(html: str) -> list[dict]:
    return [json.loads(block) for block in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def test_an_imported_check_is_credited_to_its_publisher_until_adopted(tmp_path):
    require(CORPUS, "the shared folder ../shared (corpora/claimreview-markup) beside the "
            "project")
    site = copy_example(tmp_path / "site")
    run = run_import(site, CORPUS / "afp_raw.json")
    assert run.returncode == 0, run.stdout + run.stderr
    data = yaml.safe_load((site / AFP_CLAIM).read_text())
    assert data["draft"] is True and "missing" not in data  # a draft with no gaps
    # (its itemReviewed is the legacy CreativeWork: its url is where the claim was made)
    assert data["appearances"] == [{"url": AFP_APPEARANCE, "date": dt.date(2020, 5, 14)}]
    assert data["imported"] == {"publisher": "AFP Fact Check", "url": AFP_URL,
                                "published": dt.date(2020, 6, 24), "rating": "False"}

    out = tmp_path / "preview"
    build_site(site, out, drafts=True)
    html = (out / AFP_PAGE).read_text()
    assert (f'Checked by <a href="{AFP_URL}">AFP Fact Check</a> on <time datetime="2020-06-24">'
            f'June 24, 2020</time>: <q>False</q> · <a href="{AFP_URL}">read their check</a>'
            ) in html
    assert "the verdict is theirs, not ours" in html
    assert "Our verdict" not in html and "on our scale" not in html
    assert not [d for d in json_ld(html) if d.get("@type") == "ClaimReview"]  # not ours
    # Nowhere else is their verdict put on the desk's scale: cards, rating pages, the feed.
    assert _card(out / "claims/index.html") == "Checked by AFP Fact Check: False"
    rating_page = (out / f"ratings/{data['rating']}/index.html").read_text()
    assert AFP_PAGE.removesuffix("index.html") not in rating_page
    entry = _entry(out / "feed.xml")
    assert "Checked by AFP Fact Check: False." in entry and "Our verdict" not in entry

    # Published without being adopted: check says whose it still is, at the block.
    claim = site / AFP_CLAIM
    claim.write_text(claim.read_text().replace("draft: true\n", ""))
    warned = check(site)
    line = claim.read_text().splitlines().index("imported:") + 2
    assert (f"{AFP_CLAIM}:{line}:3: warning: this check is AFP Fact Check's, imported and not "
            "yet adopted: its page shows their verdict, not the desk's") in warned.stderr

    # Adopted, as docs/evidence.md says: the desk's rating, adopted: true, no draft.
    claim.write_text(claim.read_text().replace("  rating: 'False'\n",
                                               "  rating: 'False'\n  adopted: true\n"))
    assert "not yet adopted" not in check(site).stderr
    out = tmp_path / "public"
    build_site(site, out)
    html = (out / AFP_PAGE).read_text()
    assert "Our verdict" in html and "1 of 5 on our scale" in html
    assert _card(out / "claims/index.html") == "False"  # the desk's own, now
    assert AFP_PAGE.removesuffix("index.html") in (
        out / f"ratings/{data['rating']}/index.html").read_text()
    assert "Our verdict: False." in _entry(out / "feed.xml")
    assert (f'First checked by <a href="{AFP_URL}">AFP Fact Check</a> on <time '
            f'datetime="2020-06-24">June 24, 2020</time>: <q>False</q>') in html
    (review,) = [d for d in json_ld(html) if d.get("@type") == "ClaimReview"]
    site_yaml = yaml.safe_load((site / "site.yaml").read_text())
    assert review["author"]["name"] == site_yaml["publisher"]["name"]
    assert review["isBasedOn"] == AFP_URL
    doc = json.loads((out / "claims.json").read_text("utf-8"))
    schema = json.loads((out / "schemas/claims.schema.json").read_text("utf-8"))
    assert not list(jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.FormatChecker()).iter_errors(doc))
    (afp,) = [c for c in doc["claims"] if c["imported"]]
    assert afp["imported"] == {"publisher": "AFP Fact Check", "url": AFP_URL,
                               "published": "2020-06-24", "rating": "False", "adopted": True}


def _card(listing: Path) -> str:
    """The verdict on the AFP check's card in a listing, as readers see it."""
    html = listing.read_text()
    at = html.index(f'href="/{AFP_PAGE.removesuffix("index.html")}"')
    card = html[html.rindex('<article class="card', 0, at):at]
    verdict = card.split('class="card-verdict">')[1].split("</p>")[0]
    return re.sub(r"<[^>]+>|\s+", " ", verdict).strip()


def _entry(feed: Path) -> str:
    """The AFP check's entry in the Atom feed."""
    root = ET.fromstring(feed.read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    for entry in root.findall("a:entry", ns):
        if AFP_PAGE.removesuffix("index.html") in entry.find("a:id", ns).text:
            return ET.tostring(entry, encoding="unicode")
    raise AssertionError("no feed entry for the AFP check")
