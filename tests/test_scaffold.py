"""`build.py new`: ready-to-fill files that pass `check` once filled, never overwriting."""

import subprocess
import sys

import pytest
from conftest import ROOT, copy_example, fill

BUILD = str(ROOT / "build.py")
EPOCH = "1795000000"  # 2026-11-18


def new(site, *args):
    return subprocess.run([sys.executable, BUILD, "new", *args], cwd=site, capture_output=True,
                          text=True, env={"SOURCE_DATE_EPOCH": EPOCH, "PATH": "/usr/bin"})


def check(site, *args):
    return subprocess.run([sys.executable, BUILD, "check", "-q", *args], cwd=site,
                          capture_output=True, text=True)



def test_new_claim_is_ready_to_fill_and_checks_once_filled(tmp_path):
    site = copy_example(tmp_path / "site")
    done = new(site, "claim", "havana-flight-count")
    assert done.returncode == 0, done.stderr
    path = site / "content/claims/havana-flight-count.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schemas/claim.schema.json\n")
    assert "published: 2026-11-18" in text
    assert "# The statement checked, as it was made." in text
    assert "One of: accurate, mostly-accurate, missing-context, misleading, false, " \
        "unverifiable." in text
    unfilled = check(site, "--strict")
    assert unfilled.returncode == 1
    assert "content/claims/havana-flight-count.yaml:10:7: error: unfinished draft: 'claim' " \
        "is empty" in unfilled.stderr
    fill(path, [("claim:\n", "claim: One flight carried 120 people.\n"),
                ("claimant:\n", "claimant: vice-news\n"),
                ("rating:\n", "rating: accurate\n"),
                ("summary:\n", "summary: It did [@vice-report].\n"),
                ("  - source:\n", "  - source: vice-report\n")])
    filled = check(site)
    assert filled.returncode == 0, filled.stderr


@pytest.mark.parametrize("kind,path,fills", [
    ("source", "content/sources/new-report.yaml",
     [("title:\n", "title: A report\n"), ("publisher:\n", "publisher: A paper\n")]),
    ("claimant", "content/claimants/new-person.yaml", [("name:\n", "name: A Person\n")]),
    ("article", "content/articles/new-article.md", [("title:\n", "title: An article\n")]),
    ("page", "content/pages/new-page.md", [("title:\n", "title: A page\n")]),
])
def test_other_kinds_check_once_filled(tmp_path, kind, path, fills):
    site = copy_example(tmp_path / "site")
    slug = path.rsplit("/", 1)[1].split(".")[0]
    assert new(site, kind, slug).returncode == 0
    fill(site / path, fills)
    done = check(site)
    assert done.returncode == 0, done.stderr


def test_new_refuses_to_overwrite_and_bad_slugs(tmp_path):
    site = copy_example(tmp_path / "site")
    existing = site / "content/claims/paperwork-glitch.yaml"
    before = existing.read_bytes()
    done = new(site, "claim", "paperwork-glitch")
    assert done.returncode == 1 and "already exists" in done.stderr
    assert existing.read_bytes() == before
    done = new(site, "claim", "ninety-day-window")  # exists as .md
    assert done.returncode == 1 and "ninety-day-window.md already exists" in done.stderr
    done = new(site, "source", "Bad Slug")
    assert done.returncode == 1 and "like 'bad-slug'" in done.stderr
    assert not list((site / "content/sources").glob("Bad*"))


def test_new_writes_the_schema_it_points_at_in_a_site_without_one(tmp_path):
    site = copy_example(tmp_path / "site")  # site.yaml and content/: no schemas/
    assert not (site / "schemas").exists()
    done = new(site, "claim", "first")
    assert done.returncode == 0, done.stderr
    schema = site / "schemas/claim.schema.json"
    assert schema.is_file() and "schemas/claim.schema.json" in done.stderr
    assert (ROOT / "schemas/claim.schema.json").read_bytes() == schema.read_bytes()
    assert "then run: python " + BUILD + " check" in \
        (site / "content/claims/first.yaml").read_text(), "the command the user typed"
    assert "docs/content.md" not in (site / "content/claims/first.yaml").read_text()
    before = schema.stat().st_mtime_ns
    assert new(site, "source", "second").returncode == 0
    assert schema.stat().st_mtime_ns == before, "unchanged schemas are not rewritten"
    schema.write_text("{}")
    assert new(site, "claimant", "third").returncode == 0
    assert schema.read_bytes() == (ROOT / "schemas/claim.schema.json").read_bytes()


@pytest.mark.parametrize("kind,draft", [("claim", True), ("article", True), ("page", True),
                                        ("source", True), ("claimant", True)])
def test_new_files_are_drafts_where_the_kind_can_be_one(tmp_path, kind, draft):
    site = copy_example(tmp_path / "site")
    assert new(site, kind, "fresh").returncode == 0
    path = next((site / "content").glob("*/fresh.*"))
    assert ("draft: true" in path.read_text().splitlines()) is draft


def test_new_placeholders_are_not_the_example_sites_story(tmp_path):
    site = copy_example(tmp_path / "site")
    for kind in ("claim", "source", "claimant", "article", "page"):
        assert new(site, kind, "fresh").returncode == 0
    for path in (site / "content").glob("*/fresh.*"):
        text = path.read_text().lower()
        for word in ("cuba", "havana", "vice", "herald", "deport", "flight", "ninety-day"):
            assert word not in text, (path.name, word)
