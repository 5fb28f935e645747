"""Stage 3, link: references, indexes, output pages and the dependency graph."""

from conftest import ROOT

from factsite.build import parse_markdown
from factsite.content import files as load
from factsite.content import validate
from factsite.site import index as link
from factsite.site.pages import paginate


def linked_example(drafts=False):
    inputs = load.read_site(ROOT)
    content, problems = validate.validate(inputs)
    assert not [p for p in problems if p.is_error]
    fragments, _ = parse_markdown(content, None, None)
    linked, problems = link.link(content, fragments, include_drafts=drafts)
    assert not [p for p in problems if p.is_error], problems
    return linked


def test_claim_page_depends_on_what_it_shows():
    graph = linked_example().graph
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
    linked = linked_example()
    deps = linked.graph["sources/attorneys-herald/index.html"]
    assert "content/claims/check-in-arrests.yaml" in deps
    assert "content/sources/attorneys-herald.yaml" in deps
    assert "content/claims/120-cubans-one-flight.yaml" not in deps


def test_article_depends_on_claims_whose_figures_and_verdicts_it_shows():
    deps = linked_example().graph["articles/what-we-know-about-the-havana-flight/index.html"]
    assert "content/claims/37000-cubans-with-deportation-orders.yaml" in deps
    assert "content/claims/wet-foot-dry-foot.yaml" in deps
    assert "content/sources/federal-sources-herald.yaml" in deps


def test_every_output_page_is_in_the_graph():
    linked = linked_example()
    assert set(linked.graph) == {o.path for o in linked.outputs}


def test_source_list_numbers_cited_sources_first_then_the_rest():
    entries = linked_example().entries[("claim", "ninety-day-window")]
    assert [(e.number, e.source) for e in entries] == [
        (1, "vice-report"), (2, "us-cuba-joint-statement"), (3, "ice-statement-to-herald")]
    assert entries[0].quote.startswith("Instead, the Cuban government has 90 days")


def test_source_uses_carry_the_quotes_relied_on():
    uses = linked_example().uses["vice-report"]
    by_claim = {u.id: u for u in uses if u.kind == "claim"}
    assert "There are more than 37,000 Cubans in the U.S. with deportation orders" in \
        by_claim["37000-cubans-with-deportation-orders"].quotes
    assert any(u.kind == "article" for u in uses)


def test_related_claims_go_both_ways():
    related = linked_example().related
    assert "paperwork-glitch" in related["120-cubans-one-flight"]
    assert "120-cubans-one-flight" in related["paperwork-glitch"]


def test_claimant_names_become_slugged_pages():
    linked = linked_example()
    assert linked.claimant_of["check-in-arrests"] == \
        "immigration-attorneys-quoted-by-the-miami-herald"
    assert linked.claimants["ice"].name == "U.S. Immigration and Customs Enforcement (ICE)"


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
