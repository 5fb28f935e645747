"""The guard against silent edits: a published claim compared with itself at an earlier
commit (`check --since REF`). Pure: the two versions are read by `commands.since`.

A change readers would want to know about needs a new entry in the claim's `corrections`
log, dated on or after REF's day:
- the rating: an entry of kind correction, update or retraction with `rating_before`
  saying what the rating was;
- a figure's value (or a figure gone): an entry of kind correction, update or retraction;
- the claim's wording, its words as said, or the summary's substance: an entry of any kind
  (a typo or a clarification will do), unless the edit is at most site.yaml's `small_edit`
  characters.
The log itself only grows: an entry published at REF may not be removed or rewritten, and
a published claim is retracted, not removed or made a draft again.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re

from ..content.model import Claim, Correction
from ..content.values import Text
from ..diagnostics import Diagnostic, Pos, error
from .history import edit_size, figure_text, substance

SUBSTANTIVE = ("correction", "update", "retraction")  # kinds that may change a verdict
WORDS = (("claim", "the claim's wording"), ("said", "the claim's words as said"),
         ("summary", "the summary"))


def silent_edits(before: Claim, after: Claim, since: dt.date, ref: str, small_edit: int
                 ) -> list[Diagnostic]:
    """What changed in a published claim since `ref` (whose day is `since`) without the
    corrections entry that should say so."""
    if before.draft:
        return []
    if after.draft:
        return [error(after.loc("draft"), f"this check was published at {ref}: a published "
                      "check is not made a draft again; retract it instead (a `corrections` "
                      "entry with kind: retraction saying why)")]
    had = {_entry(c) for c in before.corrections}
    new = [c for c in after.corrections if _entry(c) not in had and c.date >= since]
    where = f"a `corrections` entry dated {since.isoformat()} or later"
    return [*_log_kept(before, after, ref), *_rating(before, after, new, ref, where),
            *_figures(before, after, new, ref, where),
            *_words(before, after, new, ref, where, small_edit)]


def gone(path: str, claim: Claim, ref: str) -> Diagnostic:
    """A claim published at `ref` that the site no longer has."""
    return error(Pos(path), f"the check '{claim.id}' was published at {ref} and is gone: a "
                 "published check is retracted, not removed; put the file back and add a "
                 "`corrections` entry with kind: retraction saying why (to move it, keep its "
                 "id and list the old address in `aliases`)")


def _entry(c: Correction) -> tuple:
    """An entry as the guard compares it: where it is written in the file does not count,
    nor how its text is spaced."""
    return c.date, c.kind, substance(c.text), c.rating_before


def _log_kept(before: Claim, after: Claim, ref: str) -> list[Diagnostic]:
    kept = {_entry(c) for c in after.corrections}
    had = {_entry(c) for c in before.corrections}
    unmatched = [c for c in after.corrections if _entry(c) not in had]
    out = []
    for c in before.corrections:
        if _entry(c) in kept:
            continue
        # rewritten: the entry of the same day and kind is where the change is to be seen
        rewritten = next((n for n in unmatched if (n.date, n.kind) == (c.date, c.kind)), None)
        where = after.loc("corrections")
        if rewritten is not None:
            unmatched.remove(rewritten)
            old = substance(c.text)
            where = _changed_at(rewritten, "text", old) if substance(rewritten.text) != old \
                else rewritten.loc("rating_before")
        out.append(error(where, f"the {c.kind} of {c.date.isoformat()} was published at "
                         f"{ref} and has been removed or rewritten: the corrections log only "
                         "grows; restore it, and add a new entry for what changed since"))
    return out


def _rating(before: Claim, after: Claim, new: list[Correction], ref: str, where: str
            ) -> list[Diagnostic]:
    if before.rating == after.rating:
        return []
    marked = [c for c in new if c.rating_before]
    right = [c for c in marked if c.rating_before == before.rating]
    if any(c.kind in SUBSTANTIVE for c in right):
        return []
    if right:  # (the rating it had, on a typo or a clarification)
        c = right[-1]
        return [error(c.loc("kind"), f"this {c.kind} changes the rating from "
                      f"'{before.rating}' to '{after.rating}': a change of verdict is a "
                      "correction, an update or a retraction; make its kind one of those")]
    if marked:
        c = marked[-1]
        return [error(c.loc("rating_before"), f"rating_before is '{c.rating_before}', but at "
                      f"{ref} the rating was '{before.rating}'")]
    fit = [c for c in new if c.kind in SUBSTANTIVE]
    if fit:
        return [error(fit[-1].pos, f"this {fit[-1].kind} comes with the rating's change from "
                      f"'{before.rating}' to '{after.rating}': add `rating_before: "
                      f"{before.rating}` to it")]
    return [error(after.loc("rating"), f"the rating changed from '{before.rating}' to "
                  f"'{after.rating}' since {ref} with no correction saying so: add {where} "
                  f"with kind: correction, rating_before: {before.rating}, and why")]


def _figures(before: Claim, after: Claim, new: list[Correction], ref: str, where: str
             ) -> list[Diagnostic]:
    if any(c.kind in SUBSTANTIVE for c in new):
        return []
    out = []
    for old in before.figures:
        figure = after.figure(old.id)
        was = figure_text(old)
        if figure is None:
            out.append(error(after.loc("figures"), f"the figure '{old.id}' ({was}) was "
                             f"published at {ref} and is gone, with no correction saying "
                             f"so: add {where} with kind: correction or update"))
        elif figure_text(figure) != was:
            out.append(error(figure.loc("value"), f"the figure '{old.id}' changed from {was} "
                             f"to {figure_text(figure)} since {ref} with no correction "
                             f"saying so: add {where} with kind: correction or update"
                             + (" (a typo or clarification does not cover a figure)"
                                if new else "")))
    return out


def _words(before: Claim, after: Claim, new: list[Correction], ref: str, where: str,
           small_edit: int) -> list[Diagnostic]:
    if new:
        return []
    out = []
    for name, what in WORDS:
        old, now = substance(getattr(before, name)), substance(getattr(after, name))
        size = edit_size(old, now) if old else 0  # (words added where there were none: new)
        if size > small_edit:
            allowed = f"; site.yaml's small_edit lets {small_edit} through" if small_edit \
                else ""
            out.append(error(_changed_at(after, name, old), f"{what} changed since {ref} "
                             f"({size} characters{allowed}) with no corrections entry: add "
                             f"{where} (kind: typo or clarification for a small fix)"))
    return out


_WORD = re.compile(r"\S+")


def _changed_at(record: Claim | Correction, name: str, old: str) -> Pos:
    """Where a field's words first differ from `old` (its substance at REF), so that CI's
    annotation lands on the changed line of a long text; the field's start for a one-line
    value."""
    value = getattr(record, name)
    if not isinstance(value, Text):
        return record.loc(name)
    words = [(m.start(), w) for m in _WORD.finditer(value.source) if (w := substance(m[0]))]
    if not words:
        return record.loc(name)
    matcher = difflib.SequenceMatcher(None, old.split(), [w for _, w in words],
                                      autojunk=False)
    first = next((j1 for op, _, _, j1, _ in matcher.get_opcodes() if op != "equal"),
                 len(words))
    return value.locate(words[min(first, len(words) - 1)][0])
