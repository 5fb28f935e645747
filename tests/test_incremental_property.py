"""Correct before fast: after any sequence of edits (claims, sources, articles, templates,
figures, site.yaml: added, changed, renamed, deleted), an incremental build makes byte for
byte what a cold build of the same input makes."""

import os
import shutil

from conftest import copy_example
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from factsite.build import Options, build

CLAIMS = "content/claims"


def snapshot(out):
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and p.name != ".factsite-manifest.json"}


def edit(site, path, old, new):
    file = site / path
    if file.is_file() and old in file.read_text():
        file.write_text(file.read_text().replace(old, new, 1))


# Each edit is a function of the site folder and a small number (which item, which value).
def change_summary(site, n):
    edit(site, f"{CLAIMS}/paperwork-glitch.yaml", "Neither names", f"Neither of {n} names")


def change_figure(site, n):
    edit(site, f"{CLAIMS}/37000-cubans-with-deportation-orders.yaml", "value: 37000",
         f"value: {37000 + n}")
    edit(site, f"{CLAIMS}/37000-cubans-with-deportation-orders.yaml",
         f"value: {37000 + n - 1}", f"value: {37000 + n}")


def add_claim(site, n):
    text = (site / f"{CLAIMS}/wet-foot-dry-foot.yaml").read_text()
    text = text.replace("published: 2026-11-19", f"published: 2026-11-{10 + n % 15:02d}")
    text = text.replace("tags: [U.S.-Cuba agreement, wet foot dry foot]",
                        f"tags: [Cuba, topic {n}]")
    (site / f"{CLAIMS}/added-{n}.yaml").write_text(text)


def delete_added_claim(site, n):
    for path in sorted((site / CLAIMS).glob("added-*.yaml"))[:1]:
        path.unlink()


def rename_claim(site, n):
    for path in sorted((site / CLAIMS).glob("added-*.yaml"))[:1]:
        path.rename(path.with_name(f"renamed-{n}.yaml"))


def change_source(site, n):
    edit(site, "content/sources/attorneys-herald.yaml", "quoted by the Miami Herald",
         f"quoted by the Herald ({n})")


def add_article(site, n):
    (site / f"content/articles/note-{n}.md").write_text(
        f"---\ntitle: Note {n}\ndate: 2026-11-2{n % 5}\ntags: [Cuba]\n---\n"
        f"See [[paperwork-glitch]] and [#120-cubans-one-flight.deportees] [@vice-report].\n")


def delete_article(site, n):
    for path in sorted((site / "content/articles").glob("note-*.md"))[:1]:
        path.unlink()


def change_template(site, n):
    (site / "templates").mkdir(exist_ok=True)
    (site / "templates/404.html").write_text(
        "{% extends 'base.html' %}{% block main %}<h1>Lost " + str(n) + "</h1>{% endblock %}")


def change_site(site, n):
    edit(site, "site.yaml", "per_page: 50", f"per_page: {2 + n % 5}")
    edit(site, "site.yaml", "title: Example Fact Desk", f"title: Example Fact Desk {n}")


def retag_claim(site, n):
    edit(site, f"{CLAIMS}/check-in-arrests.yaml", "tags: [ICE, deportation orders]",
         f"tags: [ICE, deportation orders, Topic {n}]")


def respell_claimant(site, n):
    edit(site, f"{CLAIMS}/check-in-arrests.yaml", "claimant: Immigration attorneys",
         "claimant: immigration Attorneys" if n % 2 else "claimant: Immigration Attorneys")


def relate(site, n):
    edit(site, f"{CLAIMS}/ninety-day-window.md", "related: [cuba-must-accept-all-deportees]",
         "related: [cuba-must-accept-all-deportees, paperwork-glitch]")


def change_stored_copy(site, n):
    """The quotes stop (or start again) being in the source's stored copy."""
    text = (site / "content/sources/vice-report.txt").read_text()
    old, new = "with deportation orders, many", "with removal orders, many"
    if old not in text:
        old, new = new, old
    (site / "content/sources/vice-report.txt").write_text(text.replace(old, new, 1))


def misquote(site, n):
    edit(site, f"{CLAIMS}/37000-cubans-with-deportation-orders.yaml",
         "quote: There are more than 37,000 Cubans in the U.S. with deportation orders, many",
         "quote: There are more than 37,000 Cuban people in the U.S. with deportation orders, many")


def break_a_claim(site, n):
    edit(site, f"{CLAIMS}/wet-foot-dry-foot.yaml", "rating: unverifiable", "rating: nope")


def mend_the_claim(site, n):
    edit(site, f"{CLAIMS}/wet-foot-dry-foot.yaml", "rating: nope", "rating: unverifiable")


EDITS = [change_summary, change_figure, add_claim, delete_added_claim, rename_claim,
         change_source, add_article, delete_article, change_template, change_site,
         retag_claim, respell_claimant, relate, change_stored_copy, misquote, break_a_claim,
         mend_the_claim]


@settings(max_examples=int(os.environ.get("FACTSITE_PROPERTY_EXAMPLES", "12")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(EDITS), st.integers(1, 9)), min_size=1,
                max_size=5), st.booleans())
@example([(change_site, 1), (add_claim, 1)], False)  # page/1/'s redirect shows "page 1 of 3"
def test_incremental_equals_cold(tmp_path_factory, steps, remember):
    """`remember` is the live preview's way: parsed files and checked claims kept too."""
    root = tmp_path_factory.mktemp("prop")
    site = copy_example(root / "site")
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + "search: false\n")
    out = root / "incremental"
    state = build(Options(site_dir=site, out_dir=out, cache=False, remember=remember)).state
    for step, (change, n) in enumerate(steps):
        change(site, n)
        incremental = build(Options(site_dir=site, out_dir=out, cache=False,
                                    remember=remember), previous=state)
        cold_out = root / f"cold-{step}"
        cold = build(Options(site_dir=site, out_dir=cold_out, cache=False))
        assert [str(d) for d in incremental.diagnostics] == [str(d) for d in cold.diagnostics]
        if cold.ok:
            assert snapshot(out) == snapshot(cold_out), (step, change.__name__)
            state = incremental.state
        shutil.rmtree(cold_out, ignore_errors=True)
