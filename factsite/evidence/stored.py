"""A source's stored copy (content/sources/<id>.txt or .html): the desk's copy of the
source's text, which `check` verifies quotes against. Never published."""

from __future__ import annotations

from ..content.model import StoredCopy
from ..diagnostics import Diagnostic, Pos, error
from . import htmltext


def parse_stored_copy(data: bytes, rel: str, path: str
                      ) -> tuple[StoredCopy | None, list[Diagnostic]]:
    """Plain text, or a saved page whose readable text is taken."""
    if rel.endswith(".txt"):
        try:
            text: str | None = data.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            text = None
    else:
        decoded = htmltext.decode(data)
        text = htmltext.extract(decoded) if decoded is not None else None
    if text is None:
        return None, [error(Pos(path), "the stored copy is not UTF-8 text: save it as UTF-8")]
    return StoredCopy(rel, path, text), []
