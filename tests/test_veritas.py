"""Appearances at scale, on real fact-checks: the Veritas corpus (738 Snopes checks, each
with the page its claim first appeared on and that page's scraped text, in
../shared/corpora/veritas/, read there and never copied) made into a site by
bench/veritas.py. The site checks and builds; every wording it gives as said is verified
against the stored copy of the page; every claim page's ClaimReview declares where its
claim appeared (read with extruct, as search engines read it)."""

import re
import subprocess
import sys

import extruct
import pytest
import yaml
from conftest import ROOT, SHARED, require

sys.path.insert(0, str(ROOT / "bench"))
import veritas  # bench/veritas.py: the converter the benchmark runs too

CORPUS = SHARED / "corpora" / "veritas" / "veritas4.1.csv"
WORDINGS = re.compile(r"(\d+) of (\d+) claims' wordings verified against where they were made")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    require(CORPUS, "the shared folder ../shared (corpora/veritas) beside the project, or "
            "FACTSITE_SHARED naming it")
    folder = tmp_path_factory.mktemp("veritas") / "factsite"
    veritas.write(veritas.convert(veritas.read_records(CORPUS)), folder)
    return folder


@pytest.fixture(scope="module")
def public(site, tmp_path_factory):
    """The site built once: (the build's output folder, what it said)."""
    out = tmp_path_factory.mktemp("veritas-public") / "public"
    built = run("--site", site, "--out", out)
    assert built.returncode == 0, built.stderr[-3000:]
    return out, built.stderr


def run(*args):
    return subprocess.run([sys.executable, "build.py", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)


def wordings(stderr):
    """(verified, of how many) from the count line."""
    found = WORDINGS.search(stderr.splitlines()[-1])
    assert found, stderr[-2000:]
    return int(found[1]), int(found[2])


def claims(site):
    return {p.stem: yaml.safe_load(p.read_text("utf-8"))
            for p in sorted((site / "content" / "claims").glob("*.yaml"))}


def test_hundreds_of_claims_each_with_where_it_appeared(site):
    made = claims(site)
    assert len(made) >= 300
    places = [c["appearances"][0] for c in made.values()]
    assert all(p.get("where") for p in places)
    # the three kinds of address the corpus has: a page, a Wayback Machine copy of one
    # (the page's own address inside it), an archive.today copy (whose page it is not said)
    assert any("url" in p and "archived" not in p for p in places)
    assert any(p.get("archived", "").startswith(("http://web.archive.org/web/",
                                                 "https://web.archive.org/web/"))
               and p["url"] in p["archived"] for p in places)
    assert any("url" not in p and re.match(r"https?://archive\.(is|fo|li)/", p["archived"])
               for p in places if "archived" in p)
    assert all(re.match(r"https?://", p["url"]) for p in places if "url" in p)
    copies = list((site / "content" / "claims").glob("*/appearances/1.txt"))
    assert len(copies) >= 300
    assert not any("Welcome to nginx!" in p.read_text("utf-8") for p in copies)


def test_site_checks_and_builds_with_every_wording_verified(site, public):
    checked = run("check", "--site", site)
    assert checked.returncode == 0, checked.stderr[-3000:]
    assert " 0 errors" in checked.stderr.splitlines()[-1], checked.stderr[-3000:]
    verified, total = wordings(checked.stderr)
    assert verified == total > 0
    said = sum(1 for c in claims(site).values() if c.get("said"))
    assert total == said
    assert wordings(public[1]) == (verified, total)


def test_claim_reviews_declare_every_appearance(site, public):
    out = public[0]
    made = claims(site)
    sample = sorted(made)[::15] + [i for i, c in made.items() if "url" in c["appearances"][0]
                                   and "archived" in c["appearances"][0]][:10]
    for claim_id in sample:
        url = f"https://example.org/claims/{claim_id}/"
        page = out / "claims" / claim_id / "index.html"
        items = extruct.extract(page.read_text("utf-8"), base_url=url,
                                syntaxes=["json-ld"])["json-ld"]
        reviews = [i for i in items if i.get("@type") == "ClaimReview"]
        assert len(reviews) == 1, claim_id
        found = reviews[0]["itemReviewed"].get("appearance", [])
        found = [found] if isinstance(found, dict) else found
        declared = [p["url"] for p in made[claim_id]["appearances"] if "url" in p]
        assert declared == [w.get("url") for w in found if w.get("url")], claim_id


@pytest.mark.parametrize("verdict, rating", [
    ("false", "false"), ("false.", "false"), ("true.", "true"), ("mostly true", "mostly-true"),
    ("mostly false", "mostly-false"), ("legend", "legend"),
    ("true (but not for the reason you think)", "true"), ("satire", None)])
def test_snopes_verdicts_on_the_sites_scale(verdict, rating):
    assert veritas.rating_of(verdict) == rating
