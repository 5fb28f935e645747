"""The claim's side of the evidence: its words as said (`said`), checked against the stored
copy of each place it was made.

An appearance's stored copy is the file the desk keeps of that page or transcript, in the
claim's own folder (content/claims/<claim>/appearances/<n>.txt or .html, n counting the
appearances from 1, or the file its `copy` names), or the stored copy of the source that
records it (`source`). Like a source's, it is evidence for `check`, never published. The
words are compared as quotes are (see `quotes`). A paraphrase (`claim`) is not checked.

Pure: the claim, its folder's copies and its appearances' sources in, what was found out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from ..content.addresses import COPY_ENDINGS
from ..content.model import Appearance, Claim, Source, StoredCopy
from ..diagnostics import Diagnostic, Pos, error, warning
from .quotes import closest, verified


class Wording(NamedTuple):
    """The words an appearance is checked for, and whether its stored copy has them (None:
    it has no stored copy)."""

    appearance: int  # counted from 1
    words: str
    found: bool | None


def folder_of(claim: Claim) -> str:
    """The folder of a claim's appearances' stored copies, relative to the site."""
    return claim.file.rsplit(".", 1)[0] + "/appearances/"


def said_at(claim: Claim, place: Appearance) -> str | None:
    """The words said at a place: its own `said`, else the claim's, unless someone else
    made the claim there (their words are theirs: only their own `said` is checked)."""
    return place.said or (None if place.claimant else claim.said)


def copy_of(claim: Claim, n: int, place: Appearance, folder: Mapping[str, StoredCopy],
            sources: Mapping[str, Source], source_copies: Mapping[str, StoredCopy]
            ) -> StoredCopy | Source | None:
    """Appearance n's stored copy: the source's that records it, the file its `copy` names,
    or <n>.txt / <n>.html in the claim's folder. A source the desk holds no copy of
    (`no_copy`) is returned itself: its reason stands for the copy."""
    if place.source:
        source = sources.get(place.source)
        copy = source_copies.get(place.source)
        return copy or (source if source is not None and source.no_copy else None)
    if place.copy:
        return folder.get(place.copy)
    return next((folder[f"{n}{e}"] for e in COPY_ENDINGS if f"{n}{e}" in folder), None)


def check_wording(claim: Claim, folder: Mapping[str, StoredCopy],
                  sources: Mapping[str, Source], source_copies: Mapping[str, StoredCopy]
                  ) -> tuple[list[Diagnostic], tuple[Wording, ...]]:
    """Each appearance's words (its own `said`, else the claim's) against its stored copy,
    and the copies in the claim's folder that no appearance reads."""
    out: list[Diagnostic] = []
    results = []
    used: set[str] = set()
    for n, place in enumerate(claim.places, 1):
        copy = copy_of(claim, n, place, folder, sources, source_copies)
        if isinstance(copy, StoredCopy) and not place.source:
            used.add(copy.rel.rsplit("/", 1)[-1])
        if place.copy and copy is None:
            out.append(error(place.loc("copy"), f"appearance {n}'s stored copy "
                             f"'{place.copy}' is not in {folder_of(claim)}: add the file, or "
                             "correct the name"))
        words = said_at(claim, place)
        if not words:
            continue
        pos = place.loc("said") if place.said else claim.loc("said")
        if isinstance(copy, StoredCopy):
            whose = f"the stored copy of '{place.source}', which records appearance {n}" \
                if place.source else f"the stored copy of appearance {n}"
            problem = _check(words, copy, f"{whose} ({copy.path})", pos)
            out += [problem] if problem else []
            results.append(Wording(n, words, problem is None))
        else:
            results.append(Wording(n, words, None))
    if not out:  # (a named copy that is missing says so already)
        out += _unchecked(claim, results, sources)
    out += _unused(claim, folder, used)
    return out, tuple(results)


def _check(words: str, copy: StoredCopy, where: str, pos: Pos) -> Diagnostic | None:
    if verified(words, copy):
        return None
    passage = closest(words, copy)
    if passage is None:
        return error(pos, f"the claim's wording is not in {where}, and no passage of it comes "
                     "close: is this the right copy, or are these someone else's words?")
    return error(pos, f'the claim\'s wording is not in {where}; the closest passage is '
                 f'"{passage.text}": ' + "; ".join(passage.differences))


def _unchecked(claim: Claim, results: list[Wording], sources: Mapping[str, Source]
               ) -> list[Diagnostic]:
    """A wording no stored copy can check: a warning, unless each appearance's source is
    one the desk says it holds no copy of."""
    if not results or any(r.found is not None for r in results):
        return []
    places = claim.places
    if all(places[r.appearance - 1].source and (s := sources.get(
            places[r.appearance - 1].source)) is not None and s.no_copy for r in results):
        return []
    first = results[0]
    place = places[first.appearance - 1]
    pos = place.loc("said") if place.said else claim.loc("said")
    return [warning(pos, "the claim's wording is not verified: no appearance has a stored "
                    "copy to check it against; store the page or transcript as "
                    f"{folder_of(claim)}{first.appearance}.txt (or .html), or name the "
                    "source that records it with 'source:' on the appearance")]


def _unused(claim: Claim, folder: Mapping[str, StoredCopy], used: set[str]
            ) -> list[Diagnostic]:
    out = []
    for name, copy in sorted(folder.items()):
        if name not in used:
            out.append(warning(Pos(copy.path), f"no appearance of '{claim.id}' reads this "
                               f"stored copy: name it <n>{name[name.rfind('.'):]} for the "
                               "n-th appearance, or give an appearance 'copy: "
                               f"{name}', or remove it"))
    return out
