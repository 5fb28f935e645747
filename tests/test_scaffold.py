"""`build.py new`: ready-to-fill files that pass `check` once filled, never overwriting."""

import subprocess
import sys

import pytest
from conftest import ROOT, copy_example

BUILD = str(ROOT / "build.py")
EPOCH = "1795000000"  # 2026-11-18


def new(site, *args):
    return subprocess.run([sys.executable, BUILD, "new", *args], cwd=site, capture_output=True,
                          text=True, env={"SOURCE_DATE_EPOCH": EPOCH, "PATH": "/usr/bin"})


def check(site):
    return subprocess.run([sys.executable, BUILD, "check", "-q"], cwd=site,
                          capture_output=True, text=True)


def fill(path, values):
    text = path.read_text()
    for old, new_text in values:
        assert old in text, old
        text = text.replace(old, new_text, 1)
    path.write_text(text)


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
    unfilled = check(site)
    assert unfilled.returncode == 1
    assert "content/claims/havana-flight-count.yaml:6:7: error: 'claim' is empty" in \
        unfilled.stderr
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
