"""A site's editions: one per language. The site's own language is at the root, as a
one-language site always was; each of its other languages (site.yaml's `languages`) is
an edition under /<code>/, with the same listings, tags, claimants, ratings, sources,
feeds, search and open data, in that language's words, and a page for each check,
article and page translated into it. A check not yet translated is listed (in its own
language, linking the original) or left out, as site.yaml's `untranslated` says.

A translation holds only the text that changes (`model.ClaimTranslation`…); `translate`
lays it over the original, so every figure, rating, source and quote is the original's,
in every language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError

from ..content import model
from ..content.siteconfig import Site
from ..site.index import Index

# The kinds of output every edition has (the others, like assets, the sitemap, robots.txt
# and the editor schemas, are the site's, once).
EDITIONED = frozenset({"home", "claims", "claim", "share-image", "embed", "oembed", "sources",
                       "source", "tags", "tag", "ratings", "rating", "claimants", "claimant",
                       "articles", "article", "corrections", "page", "search", "feed",
                       "corrections-feed", "data", "redirect"})


@dataclass(frozen=True)
class Edition:
    """The site in one of its languages: its code, where its pages are ("" at the root,
    "es/"), and the site as its readers see it (its title, menu and rating labels)."""

    code: str
    prefix: str
    site: Site

    @property
    def own(self) -> bool:
        """The site's own language, at the root?"""
        return not self.prefix


def editions(site: Site) -> tuple[Edition, ...]:
    """The site's own language first, then the others in site.yaml's order."""
    return (Edition(site.language, "", site),
            *(Edition(lang.code, f"{lang.code}/", site.edition(lang.code))
              for lang in site.languages))


def has(index: Index, edition: Edition | None, kind: str, key: str) -> bool:
    """Does this edition (None: the site's own) have this claim's (article's, page's) own
    page?"""
    return edition is None or edition.own \
        or edition.code in index.translations.get((kind, key), {})


def shown(index: Index, edition: Edition | None, kind: str, ids: Iterable[str]
          ) -> tuple[str, ...]:
    """The items of a listing in this edition: every one, or (when site.yaml says to hide
    the untranslated) those translated into it."""
    if index.site.untranslated == "list":
        return tuple(ids)
    return tuple(i for i in ids if has(index, edition, kind, i))


def missing(plan: Any, edition: Edition) -> frozenset[str]:
    """The URLs of the site's own language that this edition does not have (the checks,
    articles and pages not translated into it, the assets): its links to them go to the
    original."""
    if edition.own:
        return frozenset()
    outputs = plan.outputs
    return frozenset(o.url for o in outputs.values()
                     if not o.lang and edition.prefix + o.path not in outputs)


@dataclass(frozen=True, slots=True)
class Alternate:
    """The same page in one of the site's languages: for hreflang and the switcher."""

    code: str
    name: str  # the language's name in itself: "español"
    url: str  # absolute
    href: str  # root-relative
    current: bool


def alternates(plan: Any, site: Site, output: Any) -> tuple[Alternate, ...]:
    """This page in every language that has it, the site's own first (none when it is in
    one language only)."""
    own = output.path[len(output.lang) + 1:] if output.lang else output.path
    # (each language's place, not its Edition: this runs for every page and sitemap entry)
    found = [(code, "" if code == site.language else f"{code}/") for code in site.codes]
    found = [(code, prefix) for code, prefix in found if prefix + own in plan.outputs]
    if len(found) < 2:
        return ()
    return tuple(Alternate(code, language_name(code), site.root_url + prefix + output.url,
                           site.base_path + prefix + output.url,
                           code == (output.lang or site.language)) for code, prefix in found)


@lru_cache(maxsize=64)
def language_name(code: str) -> str:
    """A language's name as its own speakers write it: English, español, português."""
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name() or code
    except (ValueError, UnknownLocaleError):
        return code


def translation_files(index: Index, kind: str, key: str) -> set[str]:
    """Every translation of a claim (article, page): what its pages in any language show,
    and which languages have it."""
    return set(index.translations.get((kind, key), {}).values())


def translate(original: Any, translation: Any) -> Any:
    """The original record with the translation's text laid over it."""
    if isinstance(translation, model.ClaimTranslation):
        texts = {f.id: f for f in translation.figures}
        figures = tuple(replace(f, label=texts[f.id].label or f.label,
                                unit=texts[f.id].unit or f.unit) if f.id in texts else f
                        for f in original.figures)
        return replace(original, claim=translation.claim, short=translation.short,
                       summary=translation.summary, analysis=translation.analysis,
                       figures=figures)
    if isinstance(translation, model.ArticleTranslation | model.PageTranslation):
        return replace(original, title=translation.title,
                       summary=translation.summary or original.summary,
                       body=translation.body)
    return original
