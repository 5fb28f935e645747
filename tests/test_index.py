"""Link and plan: the index made from every file's facts (references, groups, source
lists), and the outputs with what each one shows (the dependency graph)."""

from conftest import ROOT, site_index

from factsite.site.urls import paginate


def linked_example(drafts=False):
    index, plan = site_index(ROOT, drafts)
    assert not [p for p in (*index.problems, *plan.problems) if p.is_error]
    return index


def planned_example():
    return site_index(ROOT)[1]


def test_claim_page_depends_on_what_it_shows():
    graph = planned_example().graph
    deps = graph["claims/cuba-must-accept-all-deportees/index.html"]
    assert {"content/claims/cuba-must-accept-all-deportees.yaml",  # itself
            "content/sources/vice-report.yaml",  # cited
            "content/sources/us-cuba-joint-statement.yaml",  # listed
            "content/claimants/vice-news.yaml",  # its claimant
            "content/claims/ninety-day-window.md",  # a figure it shows, a related claim
            "content/claims/wet-foot-dry-foot.yaml",  # related
            "site.yaml", "template:claim.html"} <= set(deps)
    assert "content/claims/paperwork-glitch.yaml" not in deps


def test_source_page_depends_on_every_claim_relying_on_it():
    deps = planned_example().graph["sources/attorneys-herald/index.html"]
    assert "content/claims/check-in-arrests.yaml" in deps
    assert "content/sources/attorneys-herald.yaml" in deps
    assert "content/claims/120-cubans-one-flight.yaml" not in deps


def test_article_depends_on_claims_whose_figures_and_verdicts_it_shows():
    deps = planned_example().graph["articles/what-we-know-about-the-havana-flight/index.html"]
    assert "content/claims/37000-cubans-with-deportation-orders.yaml" in deps
    assert "content/claims/wet-foot-dry-foot.yaml" in deps
    assert "content/sources/federal-sources-herald.yaml" in deps


def test_every_input_a_page_shows_is_a_file_of_the_site():
    """The graph names inputs as the scan does, or a change to them would go unnoticed."""
    from factsite.content.files import scan
    from factsite.engine.history import read_history
    from factsite.engine.store import Store

    files = scan(ROOT)
    history = read_history(files, Store(None))  # (each check's history, from git)
    known = set(files.digests) | set(history.digests) | {"plan"}
    plan = planned_example()
    for path, inputs in plan.graph.items():
        for name in inputs:
            assert name in known or name.startswith("template:"), (path, name)
    assert "plan" in plan.graph["sitemap.xml"]


def test_source_list_numbers_cited_sources_first_then_the_rest():
    entries = linked_example().entries[("claim", "ninety-day-window")]
    assert [(e.number, e.source) for e in entries] == [
        (1, "vice-report"), (2, "us-cuba-joint-statement"), (3, "ice-statement-to-herald")]


def test_sources_know_every_check_and_article_relying_on_them():
    uses = linked_example().uses["vice-report"]
    assert ("claim", "37000-cubans-with-deportation-orders") in uses
    assert ("article", "what-we-know-about-the-havana-flight") in uses


def test_related_claims_go_both_ways():
    related = linked_example().related
    assert "paperwork-glitch" in related["120-cubans-one-flight"]
    assert "120-cubans-one-flight" in related["paperwork-glitch"]


def test_claimant_names_become_slugged_pages():
    index = linked_example()
    assert index.claimant_of["check-in-arrests"] == \
        "immigration-attorneys-quoted-by-the-miami-herald"
    assert index.claimants["ice"].name == "U.S. Immigration and Customs Enforcement (ICE)"


def test_tags_are_slugged_with_their_spelling_kept():
    tags = linked_example().tags
    assert tags["u-s-cuba-agreement"].name == "U.S.-Cuba agreement"
    assert "what-we-know-about-the-havana-flight" in tags["deportation"].articles


def test_paginate():
    pages = paginate("claims/", tuple("abcde"), 2)
    assert [(u, i, n, c) for u, i, n, c in pages] == [
        ("claims/", ("a", "b"), 1, 3), ("claims/page/2/", ("c", "d"), 2, 3),
        ("claims/page/3/", ("e",), 3, 3)]


def test_slugify():
    from factsite.content.slugs import slugify

    assert slugify("Díaz-Canel") == "diaz-canel"
    assert slugify("  U.S.–Cuba  agreement ") == "u-s-cuba-agreement"
    assert slugify("Москва") == "moskva"
    assert slugify("!!!").startswith("x-") and slugify("!!!") != slugify("???")
    assert slugify("../../etc") == "etc"


# ---- drafts of sources and claimants; unfinished drafts -------------------------------------

def check_cli(site, *args):
    import subprocess
    import sys

    return subprocess.run([sys.executable, str(ROOT / "build.py"), "check", *args], cwd=site,
                          capture_output=True, text=True, timeout=60)


UNFINISHED = "title:\npublisher: Miami Herald\ndraft: true\n"


def test_an_unfinished_draft_source_is_a_warning_and_is_left_out(tmp_path):
    from conftest import build_site, copy_example

    site = copy_example(tmp_path / "site")
    (site / "content/sources/herald-flight.yaml").write_text(UNFINISHED)
    run = check_cli(site)
    assert run.returncode == 0, run.stderr
    assert ("content/sources/herald-flight.yaml:1:7: warning: unfinished draft: 'title' is "
            "empty; it needs text") in run.stderr
    assert " 0 errors, 1 warning;" in run.stderr
    assert check_cli(site, "--strict").returncode == 1  # (CI refuses it)
    for drafts in (False, True):
        out = tmp_path / f"public-{drafts}"
        build_site(site, out, drafts=drafts)
        assert not (out / "sources/herald-flight").exists()
        assert (out / "sources/vice-report/index.html").is_file()
        assert "herald-flight" not in (out / "sources/index.html").read_text()


def test_the_same_file_not_a_draft_is_an_error(tmp_path):
    from conftest import copy_example

    site = copy_example(tmp_path / "site")
    (site / "content/sources/herald-flight.yaml").write_text(
        UNFINISHED.replace("draft: true", "draft: false"))
    run = check_cli(site)
    assert run.returncode == 1
    assert ("content/sources/herald-flight.yaml:1:7: error: 'title' is empty; it needs "
            "text") in run.stderr
    assert "unfinished draft" not in run.stderr


def test_a_finished_draft_source_is_in_the_preview_and_not_the_published_site(tmp_path):
    from conftest import build_site, copy_example

    site = copy_example(tmp_path / "site")
    (site / "content/sources/herald-flight.yaml").write_text(
        UNFINISHED.replace("title:", "title: The Herald's report on the flight")
        + "no_url: the VICE News report gives no web address for it\n")
    assert "0 errors, 0 warnings" in check_cli(site).stderr
    build_site(site, tmp_path / "preview", drafts=True)
    assert "The Herald’s report on the flight" in \
        (tmp_path / "preview/sources/herald-flight/index.html").read_text()
    build_site(site, tmp_path / "public")
    assert not (tmp_path / "public/sources/herald-flight").exists()


def test_a_published_claim_relying_on_a_draft_or_unfinished_source_is_an_error(tmp_path):
    from conftest import copy_example, edit

    site = copy_example(tmp_path / "site")
    source = site / "content/sources/federal-sources-herald.yaml"
    edit(source, "kind: other\n", "kind: other\ndraft: true\n")
    claim = "content/claims/37000-cubans-with-deportation-orders.yaml"
    run = check_cli(site)
    assert run.returncode == 1
    assert f"{claim}:31:13: error: source 'federal-sources-herald' is a draft, so it will " \
        "not be published" in run.stderr
    assert check_cli(site, "--drafts").returncode == 0  # (the preview publishes drafts)
    edit(source, "title: Two federal sources quoted by the Miami Herald", "title:")
    for args in ((), ("--drafts",)):
        run = check_cli(site, *args)
        assert run.returncode == 1
        assert "content/sources/federal-sources-herald.yaml:1:7: warning: unfinished draft: " \
            "'title' is empty" in run.stderr
        assert f"{claim}:31:13: error: source 'federal-sources-herald' is an unfinished draft " \
            "(content/sources/federal-sources-herald.yaml has problems to fix, listed as " \
            "warnings), so it is left out of the site and this reference would break" \
            in run.stderr


def test_a_claim_naming_a_draft_claimant_is_an_error_and_the_claimant_has_no_page(tmp_path):
    from conftest import build_site, copy_example, edit

    site = copy_example(tmp_path / "site")
    edit(site / "content/claimants/ice.yaml", "kind: organization\n",
         "kind: organization\ndraft: true\n")
    run = check_cli(site)
    assert run.returncode == 1
    assert "error: claimant 'ice' is a draft, so it will not be published" in run.stderr
    build_site(site, tmp_path / "preview", drafts=True)
    assert (tmp_path / "preview/claimants/ice/index.html").is_file()
