"""A round trip: the ClaimReview markup a site publishes, read back by `build.py import
claimreview` into another site, gives the same places where each claim was made. The pages'
markup is read with extruct (as search engines extract it); both sides are compared as the
YAML writes them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import extruct
from conftest import ROOT, build_site, copy_example, edit
from readers import claimant_yaml, claims_yaml, read_yaml

FIELDS = ("url", "date", "where", "claimant", "archived")
HERALD = "https://example.net/herald-report"
ARCHIVED = "https://web.archive.org/web/2026/" + HERALD


def places(site: Path, claim: dict) -> list[dict]:
    """A claim's appearances as the YAML writes them, the fields that travel in the markup
    only, with each claimant's name (an id of a claimant file read as its name)."""
    out = []
    for place in claim.get("appearances", []):
        got = {key: place.get(key) for key in FIELDS}
        record = claimant_yaml(site, got["claimant"]) if got["claimant"] else None
        got["claimant"] = record["name"] if record else got["claimant"]
        out.append(got)
    return out


def several_appearances(site: Path) -> None:
    """Addresses, dates, an archived copy, another claimant by id and by name."""
    claim = site / "content/claims/120-cubans-one-flight.yaml"
    edit(claim, "    claimant: miami-herald\n",
         f"    claimant: miami-herald\n    url: {HERALD}\n    date: 2026-11-14\n"
         f"    archived: {ARCHIVED}\n    archived_on: 2026-11-15\n")
    edit(claim, "    source: vice-report\nrating:",
         "    source: vice-report\n    url: https://example.net/vice\n    date: 2026-11-13\n"
         "  - url: https://social.example/posts/120\n    claimant: A. Poster\n"
         "    date: 2026-11-15\nrating:")
    edit(site / "content/claims/check-in-arrests.yaml", "    claimant: vice-news\n",
         "    claimant: vice-news\n    url: https://example.net/vice\n"
         "    archived: https://web.archive.org/web/2026/https://example.net/vice\n")


def claim_reviews(out: Path, root_url: str, ids: list[str]) -> list[dict]:
    """Each claim page's ClaimReview, as extruct reads it."""
    found = []
    for claim_id in ids:
        url = f"{root_url}claims/{claim_id}/"
        html = (out / f"claims/{claim_id}/index.html").read_text("utf-8")
        items = extruct.extract(html, base_url=url, syntaxes=["json-ld"])["json-ld"]
        found += [i for i in items if i.get("@type") == "ClaimReview"]
    return found


def test_appearances_survive_the_markup_and_the_import(tmp_path):
    site = copy_example(tmp_path / "site")
    several_appearances(site)
    build_site(site, tmp_path / "public")
    originals = claims_yaml(site)
    reviews = claim_reviews(tmp_path / "public", "https://example.org/", list(originals))
    assert len(reviews) == len(originals)
    markup = tmp_path / "markup.json"
    markup.write_text(json.dumps(reviews, ensure_ascii=False), "utf-8")

    again = copy_example(tmp_path / "again")  # the same sources and claimants, no claims
    for folder in ("claims", "articles"):  # (the article cites the claims' figures)
        shutil.rmtree(again / "content" / folder)
    (again / "content/claims").mkdir()
    run = subprocess.run([sys.executable, str(ROOT / "build.py"), "import", "claimreview",
                          str(markup)], cwd=again, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    n = len(originals)
    assert f"{n} record(s): {n} imported as drafts (0 with gaps to fill), 0 not imported" \
        in run.stdout
    preview = tmp_path / "preview"
    build_site(again, preview, drafts=True)  # (every imported check is a draft)

    imported = {}
    for path in sorted((again / "content/claims").iterdir()):
        if not path.is_file() or "." in path.stem:  # (a translation)
            continue
        data = read_yaml(path)
        imported[data["imported"]["url"]] = data
    assert sorted(imported) == sorted(f"https://example.org/claims/{c}/" for c in originals)
    for claim_id, claim in originals.items():
        copy = imported[f"https://example.org/claims/{claim_id}/"]
        assert places(again, copy) == places(site, claim), claim_id
    cubans = places(site, originals["120-cubans-one-flight"])
    assert [p["claimant"] for p in cubans] == ["Miami Herald", None, "A. Poster"]
    assert cubans[0]["archived"] == ARCHIVED and cubans[1]["date"] == "2026-11-13"

    # The second site's open data says the same as the first's.
    def data(out: Path) -> dict[str, list]:
        doc = json.loads((out / "claims.json").read_text("utf-8"))
        return {(c["imported"] or {}).get("url") or c["url"]: [
            {k: a[k] for k in FIELDS} for a in c["appearances"]] for c in doc["claims"]}

    assert data(preview) == data(tmp_path / "public")
