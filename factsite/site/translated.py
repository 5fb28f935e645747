"""Link, for translations: which published claim, article or page each translation file
translates, into which of the site's languages; each one that cannot be attached (a
language site.yaml does not list, an id the site does not have, a second file into the
same language) a problem, and one brought up to date before its original last changed a
warning."""

from __future__ import annotations

from collections.abc import Mapping

from ..content.model import Site
from ..diagnostics import Diagnostic, Pos, did_you_mean, error, warning
from .facts import Facts


def is_translation(facts: Facts) -> bool:
    return facts.kind.endswith("-translation")


def translations(site: Site, facts: Mapping[str, Facts], owners: Mapping[tuple[str, str], str],
                 published: Mapping[str, Facts], problems: list[Diagnostic]
                 ) -> dict[tuple[str, str], dict[str, str]]:
    """Each published claim's, article's and page's translations, by language: into one of
    the site's other languages, one file each, citing only the original's sources; one
    brought up to date before the original last changed is a warning."""
    codes = [lang.code for lang in site.languages]
    out: dict[tuple[str, str], dict[str, str]] = {}
    for rel, f in sorted(facts.items()):
        if not is_translation(f) or f.broken:
            continue
        kind = f.kind.removesuffix("-translation")
        if f.language not in codes:
            problems.append(error(Pos(f.path), f"'{f.language}' is not one of the site's "
                                  "other languages: add it to site.yaml's `languages`"
                                  + (f" (they are: {', '.join(codes)})" if codes else "")))
            continue
        original = owners.get((kind, f.id))
        if original is None:
            known = [k for (k2, k) in owners if k2 == kind]
            problems.append(error(Pos(f.path), f"this translates the {kind} '{f.id}', which "
                                  "the site does not have" + (did_you_mean(f.id, known) or
                                                              ": rename the file")))
            continue
        if original not in published:
            continue  # (a draft's translation waits with it)
        done = out.setdefault((kind, f.id), {})
        if f.language in done:
            problems.append(error(Pos(f.path), f"'{f.id}' already has a translation into "
                                  f"{f.language}: {facts[done[f.language]].path}; keep one"))
            continue
        done[f.language] = rel
        problems += _translation_problems(f, facts[original], owners)
    return out


def _translation_problems(f: Facts, original: Facts, owners: Mapping[tuple[str, str], str]
                          ) -> list[Diagnostic]:
    out = []
    changed = original.modified or original.date
    if changed and f.date and changed > f.date:
        out.append(warning(f.translated_pos or Pos(f.path), f"{original.path} was changed on "
                           f"{changed}, after this translation was brought up to date "
                           f"({f.date}): bring it up to date with the original, then set "
                           "'translated' to that day"))
    sources = set(original.cited) | set(original.listed)
    for ref in f.refs:
        if ref.kind == "source" and ref.key not in sources and ("source", ref.key) in owners:
            out.append(error(ref.pos, f"the original ({original.path}) does not rely on "
                             f"'{ref.key}': a translation cites the original's sources"))
    return out
