"""Incremental builds: only the pages that show a changed file are rendered again, and
the result is byte for byte what a cold build makes."""

import os
import shutil
import sqlite3

import lxml.html
from conftest import copy_example, edit

from factsite.build import Options, build
from factsite.content import markdown as markup


def snapshot(out):
    """Every file we make (Pagefind's index, and the manifest listing it, vary by run)."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and "pagefind" not in p.parts and p.name != ".factsite-manifest.json"}


def assert_same_as_cold(site, out, tmp_path):
    cold = build(Options(site_dir=site, out_dir=tmp_path / "cold"))
    assert cold.ok
    assert snapshot(out) == snapshot(tmp_path / "cold")


def first_build(tmp_path):
    site = copy_example(tmp_path / "site")
    out = tmp_path / "public"
    result = build(Options(site_dir=site, out_dir=out))
    assert result.ok and len(result.rendered) == result.pages
    return site, out, result.state



def test_editing_one_claim_renders_only_the_pages_that_show_it(tmp_path):
    site, out, state = first_build(tmp_path)
    edit(site / "content/claims/paperwork-glitch.yaml", "Neither names the person",
         "Neither report names the person")
    result = build(Options(site_dir=site, out_dir=out), previous=state)
    assert result.ok
    rendered = set(result.rendered)
    assert "claims/paperwork-glitch/index.html" in rendered
    for shows_it in ("sources/vice-report/index.html", "sources/miami-herald-report/index.html",
                     "claims/120-cubans-one-flight/index.html",  # related
                     "claimants/miami-herald/index.html", "ratings/unverifiable/index.html",
                     "tags/ice/index.html", "index.html", "claims/index.html"):
        assert shows_it in rendered, shows_it
    for unrelated in ("claims/wet-foot-dry-foot/index.html", "sources/attorneys-herald/index.html",
                      "about/index.html", "tags/asylum/index.html"):
        assert unrelated not in rendered, unrelated
    assert len(rendered) < result.pages / 2
    ours = sorted(p for p in result.report.written if not p.startswith("pagefind/"))
    assert ours == [  # only the files whose bytes changed (and the search index, again):
        "claims.csv", "claims.json", "claims/paperwork-glitch/index.html",  # (the Spanish
        "es/claims.csv", "es/claims.json", "es/feed.xml", "feed.xml"]  # edition lists it)
    assert_same_as_cold(site, out, tmp_path)


def test_a_figure_change_reaches_the_article_and_the_claims_citing_it(tmp_path):
    site, out, state = first_build(tmp_path)
    edit(site / "content/claims/ninety-day-window.md", "value: 90", "value: 60")
    result = build(Options(site_dir=site, out_dir=out), previous=state)
    assert {"articles/what-we-know-about-the-havana-flight/index.html",
            "claims/cuba-must-accept-all-deportees/index.html"} <= set(result.report.written)
    assert_same_as_cold(site, out, tmp_path)


def test_deleting_a_related_claim_updates_the_page_that_listed_it(tmp_path):
    site, out, state = first_build(tmp_path)
    (site / "content/claims/ice-no-lawful-basis.yaml").unlink()
    for name in ("credible-fear-interviews.yaml",):
        path = site / "content/claims" / name
        edit(path, "related: [ice-no-lawful-basis]\n", "")
        edit(path, "[[ice-no-lawful-basis|ICE's statement that\n  they had no lawful basis to "
             "remain]]", "ICE's statement")
    article = site / "content/articles/what-we-know-about-the-havana-flight.md"
    edit(article, ":\n[[ice-no-lawful-basis]].", ".")
    result = build(Options(site_dir=site, out_dir=out), previous=state)
    assert result.ok, result.diagnostics
    assert "claims/ice-no-lawful-basis/index.html" in result.report.deleted
    assert_same_as_cold(site, out, tmp_path)


def test_a_template_change_renders_every_page_without_parsing_markdown(tmp_path, monkeypatch):
    site, out, state = first_build(tmp_path)
    (site / "templates").mkdir()
    (site / "templates/404.html").write_text("{% extends 'base.html' %}{% block main %}"
                                             "<h1>Lost</h1>{% endblock %}")
    calls = []
    monkeypatch.setattr(markup, "parse", lambda *a, **k: calls.append(a))
    result = build(Options(site_dir=site, out_dir=out), previous=state)
    assert result.ok and len(result.rendered) == result.pages
    assert calls == []
    assert "<h1>Lost</h1>" in (out / "404.html").read_text()


def test_a_failed_build_keeps_the_state_of_the_last_good_one(tmp_path):
    site, out, state = first_build(tmp_path)
    claim = site / "content/claims/paperwork-glitch.yaml"
    good = claim.read_text()
    claim.write_text(good.replace("rating: unverifiable", "rating: nope"))
    failed = build(Options(site_dir=site, out_dir=out), previous=state)
    assert not failed.ok and failed.state is state
    claim.write_text(good.replace("Neither names", "Nobody names"))
    again = build(Options(site_dir=site, out_dir=out), previous=failed.state)
    assert again.ok and "claims/paperwork-glitch/index.html" in again.report.written
    assert "claims/wet-foot-dry-foot/index.html" not in again.rendered


def test_the_cache_carries_the_state_to_the_next_run(tmp_path):
    site = copy_example(tmp_path / "site")
    out = tmp_path / "public"
    assert build(Options(site_dir=site, out_dir=out)).ok
    again = build(Options(site_dir=site, out_dir=out))  # a new run: state from .cache/
    assert again.ok and again.rendered == [] and again.report.written == []
    assert [str(d) for d in again.diagnostics] == \
        [str(d) for d in build(Options(site_dir=site, out_dir=out, cache=False)).diagnostics]
    edit(site / "content/claims/paperwork-glitch.yaml", "Neither names the person",
         "Neither report names the person")
    third = build(Options(site_dir=site, out_dir=out))
    assert "claims/paperwork-glitch/index.html" in third.rendered
    assert len(third.rendered) < third.pages / 2
    assert_same_as_cold(site, out, tmp_path)


def test_a_deleted_output_file_is_made_again(tmp_path):
    site, out, state = first_build(tmp_path)
    (out / "claims/wet-foot-dry-foot/index.html").unlink()
    again = build(Options(site_dir=site, out_dir=out), previous=state)
    assert again.rendered == ["claims/wet-foot-dry-foot/index.html"]
    assert (out / "claims/wet-foot-dry-foot/index.html").is_file()


def test_a_damaged_cache_is_ignored_not_trusted(tmp_path):
    site = copy_example(tmp_path / "site")
    out = tmp_path / "public"
    assert build(Options(site_dir=site, out_dir=out)).ok
    (site / ".cache/factsite.sqlite").write_bytes(b"not a database at all" * 100)
    for extra in site.glob(".cache/factsite.sqlite-*"):
        extra.unlink()
    again = build(Options(site_dir=site, out_dir=out))
    assert again.ok and len(again.rendered) == again.pages
    assert_same_as_cold(site, out, tmp_path)


def test_no_cache_reads_and_writes_none(tmp_path):
    site = copy_example(tmp_path / "site")
    out = tmp_path / "public"
    assert build(Options(site_dir=site, out_dir=out, cache=False)).ok
    assert not (site / ".cache").exists()


def test_what_the_cache_has_lost_is_made_again_from_the_files(tmp_path, monkeypatch):
    """Records and texts are read back from the cache as pages need them (a big site's
    would not fit in memory); when the cache has lost them, they are made again from the
    files, and the pages are the same."""
    from factsite.engine.memo import Memo

    site = copy_example(tmp_path / "site")
    assert build(Options(site_dir=site, out_dir=tmp_path / "kept", cache=False)).ok
    assert build(Options(site_dir=site, out_dir=tmp_path / "cached")).ok
    assert snapshot(tmp_path / "cached") == snapshot(tmp_path / "kept")

    asked = []
    monkeypatch.setattr(Memo, "fragment", lambda self, key: asked.append(key))  # lost
    monkeypatch.setattr(Memo, "unit", lambda self, key: asked.append(key))
    (site / "templates").mkdir()  # (a template change: every page is made again)
    (site / "templates/404.html").write_text("{% extends 'base.html' %}{% block main %}"
                                             "<h1>Lost</h1>{% endblock %}")
    assert build(Options(site_dir=site, out_dir=tmp_path / "cached", jobs=1)).ok
    assert len(asked) > 20
    (site / "templates/404.html").unlink()
    assert build(Options(site_dir=site, out_dir=tmp_path / "cached", jobs=1)).ok
    assert snapshot(tmp_path / "cached") == snapshot(tmp_path / "kept")


def test_a_cache_from_another_site_is_not_trusted(tmp_path):
    """Another site's cache (copied over, say) changes nothing: what is in it is looked up
    by each file's own digest and the site's own folder."""
    other = copy_example(tmp_path / "other")
    edit(other / "content/claims/paperwork-glitch.yaml", "Neither names the person",
         "The other site's words")
    assert build(Options(site_dir=other, out_dir=tmp_path / "other-out")).ok
    site = copy_example(tmp_path / "site")
    shutil.copytree(other / ".cache", site / ".cache")
    assert build(Options(site_dir=site, out_dir=tmp_path / "public")).ok
    assert_same_as_cold(site, tmp_path / "public", tmp_path)
    assert b"The other site" not in (tmp_path / "public/claims/paperwork-glitch/index.html"
                                     ).read_bytes()


class _Payload:
    """A pickle that would run a command when loaded."""

    def __init__(self, target):
        self.target = target

    def __reduce__(self):
        return (os.system, (f"touch {self.target}",))


def test_a_cache_that_would_run_code_is_refused(tmp_path):
    import pickle

    site = copy_example(tmp_path / "site")
    out = tmp_path / "public"
    assert build(Options(site_dir=site, out_dir=out)).ok
    hostile = b"p" + pickle.dumps(_Payload(tmp_path / "ran"))
    db = sqlite3.connect(site / ".cache/factsite.sqlite")
    with db:
        db.execute("UPDATE cache SET value = ?", (hostile,))  # every value in it
    db.close()
    again = build(Options(site_dir=site, out_dir=out))
    assert again.ok and not (tmp_path / "ran").exists()
    assert_same_as_cold(site, out, tmp_path)


def test_a_stored_copy_of_where_a_claim_was_said_verifies_its_wording(tmp_path):
    """The page a claim was said on, stored in the claim's appearances/ folder: its wording
    is verified, and the claim's page and the count line change as a cold build's do;
    the copy deleted, they are as they were."""
    site = copy_example(tmp_path / "site")
    claim = site / "content/claims/wet-foot-dry-foot.yaml"
    edit(claim, "paragraph 5\n    source: vice-report\n", "paragraph 5\n")  # no copy yet
    out, page = tmp_path / "public", "claims/wet-foot-dry-foot/index.html"
    first = build(Options(site_dir=site, out_dir=out))
    assert first.ok, first.diagnostics
    before = snapshot(out)
    unverified = [d for d in first.diagnostics if "wording is not verified" in d.message]
    assert [d.pos.path.rsplit("/", 1)[-1] for d in unverified] == ["wet-foot-dry-foot.yaml"]

    copy = site / "content/claims/wet-foot-dry-foot/appearances/1.txt"
    copy.parent.mkdir(parents=True)
    copy.write_text("The January 2017 agreement was a drastic shift from the “wet foot, dry "
                    "foot” policy that granted legal protections to virtually all Cuban "
                    "migrants who set foot on U.S. soil.\n")
    added = build(Options(site_dir=site, out_dir=out), previous=first.state)
    cold = build(Options(site_dir=site, out_dir=tmp_path / "cold"))
    assert added.ok and cold.ok
    assert page in added.rendered
    assert (added.quotes.said_verified, added.quotes.said_total) == (
        first.quotes.said_verified + 1, first.quotes.said_total)
    assert str(added.quotes) == str(cold.quotes)  # the count line's figures
    assert [str(d) for d in added.diagnostics] == [str(d) for d in cold.diagnostics]
    assert not any("wording is not verified" in d.message for d in added.diagnostics)
    after = snapshot(out)
    assert after == snapshot(tmp_path / "cold")
    assert "Wording not checked" in before[page].decode()
    assert "Wording checked against" in after[page].decode()

    copy.unlink()
    back = build(Options(site_dir=site, out_dir=out), previous=added.state)
    assert page in back.rendered
    assert str(back.quotes) == str(first.quotes)
    assert [str(d) for d in back.diagnostics] == [str(d) for d in first.diagnostics]
    assert snapshot(out) == before


# ---- editions (issue 18): a translation added, then deleted, between two builds ------------


def cold_snapshot(site, out):
    """What a build of the same files makes from nothing (no state, no cache)."""
    cold = build(Options(site_dir=site, out_dir=out, cache=False))
    assert cold.ok, cold.diagnostics
    return snapshot(out)


def html(out, path):
    return lxml.html.fromstring((out / path).read_bytes())


PAPERWORK_ES = """\
claim: >-
  Al menos otro inmigrante iba a ser deportado ese día, pero lo retiraron de la lista en el
  último momento por un "error de papeleo".
short: Otro deportado fue retirado del vuelo por un "error de papeleo"
summary: >-
  VICE atribuye al Herald el relato de [#pulled] retirada de la lista
  [@vice-report; @miami-herald-report].
figures:
  pulled:
    label: Personas retiradas de la lista en el último momento
    unit: persona
translated: 2026-11-21
analysis: |
  El vuelo mismo se verifica en [[120-cubans-one-flight]].
"""


def test_a_translation_added_then_deleted(tmp_path):
    """A check translated into Spanish between two builds: its Spanish page appears, the
    English page gains the hreflang links and the language switcher, and /es/claims/ lists
    it by its Spanish title, linking the Spanish page; the translation deleted, every file
    is as it was. Each time, byte for byte what a cold build of the same files makes."""
    site, out, state = first_build(tmp_path)
    before = snapshot(out)
    english = "claims/paperwork-glitch/index.html"
    assert "es/claims/paperwork-glitch/index.html" not in before
    assert not html(out, english).xpath("//link[@hreflang]")
    assert not html(out, english).xpath("//nav[@class='languages']")

    translation = site / "content/claims/paperwork-glitch.es.yaml"
    translation.write_text(PAPERWORK_ES)
    added = build(Options(site_dir=site, out_dir=out), previous=state)
    assert added.ok, added.diagnostics
    assert snapshot(out) == cold_snapshot(site, tmp_path / "cold-added")
    assert len(added.rendered) < added.pages / 2  # (what shows the check, in each language)

    spanish = html(out, "es/claims/paperwork-glitch/index.html")
    assert spanish.get("lang") == "es"
    assert "error de papeleo" in spanish.findtext(".//h1")
    page = html(out, english)
    assert {(link.get("hreflang"), link.get("href"))
            for link in page.xpath("//link[@rel='alternate'][@hreflang]")} == {
        ("en", "https://example.org/claims/paperwork-glitch/"),
        ("es", "https://example.org/es/claims/paperwork-glitch/"),
        ("x-default", "https://example.org/claims/paperwork-glitch/")}
    assert [a.get("href") for a in page.xpath("//nav[@class='languages']//a")] == [
        "/es/claims/paperwork-glitch/"]
    listed = {a.get("href"): a for a in html(out, "es/claims/index.html").xpath(
        "//*[contains(@class, 'card-title')]/a")}
    assert "/claims/paperwork-glitch/" not in listed
    card = listed["/es/claims/paperwork-glitch/"]
    assert "error de papeleo" in card.text_content() and card.get("lang") is None

    translation.unlink()
    deleted = build(Options(site_dir=site, out_dir=out), previous=added.state)
    assert deleted.ok, deleted.diagnostics
    assert "es/claims/paperwork-glitch/index.html" in deleted.report.deleted
    assert snapshot(out) == before == cold_snapshot(site, tmp_path / "cold-deleted")


def test_a_page_translated_is_linked_from_the_spanish_texts_that_link_it(tmp_path):
    """The Spanish about page links the corrections policy in its text: to the Spanish
    policy once there is one, to the English one again when it is deleted (the page is made
    again each time, as a cold build makes it)."""
    site, out, state = first_build(tmp_path)
    before = snapshot(out)

    def links(path):
        return [a.get("href") for a in html(out, path).xpath("//main//a")
                if "corrections-policy" in a.get("href", "")]

    assert links("es/about/index.html") == ["/corrections-policy/"]
    policy = site / "content/pages/corrections-policy.es.md"
    policy.write_text("---\ntitle: Política de correcciones\ntranslated: 2026-11-21\n---\n"
                      "Corregimos los errores a la vista de todos.\n")
    added = build(Options(site_dir=site, out_dir=out), previous=state)
    assert added.ok, added.diagnostics
    assert snapshot(out) == cold_snapshot(site, tmp_path / "cold-added")
    assert links("es/about/index.html") == ["/es/corrections-policy/"]
    assert links("about/index.html") == ["/corrections-policy/"]

    policy.unlink()
    deleted = build(Options(site_dir=site, out_dir=out), previous=added.state)
    assert deleted.ok, deleted.diagnostics
    assert snapshot(out) == before == cold_snapshot(site, tmp_path / "cold-deleted")
