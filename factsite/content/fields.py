"""The field reference in docs/content.md, made from the field tables in `model`
(`python -m factsite.content.fields docs/content.md` brings it up to date; a test fails
when it is not)."""

from __future__ import annotations

import re
from typing import Any

from .fieldtypes import ListOf
from .model import TABLES
from .tables import Fields, IdOr, MapOf


def reference(table: Fields, prefix: str = "") -> str:
    """A Markdown table of a content type's fields, nested records flattened as a.b (once:
    a second field of the same record, like the old `appeared`, is not expanded again)."""
    rows = []
    expanded: set[str] = set()
    for spec in table.fields:
        name = f"{prefix}{spec.name}"
        kind = spec.type
        inner = kind.value if isinstance(kind, MapOf) else kind.item if isinstance(kind, ListOf) \
            else kind
        inner = inner.record if isinstance(inner, IdOr) else inner
        example = "" if spec.example is None else f"`{_cell(yaml_inline(spec.example))}`"
        rows.append(f"| `{name}` | {'yes' if spec.required else ''} | {kind.words} | "
                    f"{spec.description} | {example} |")
        if isinstance(inner, Fields) and inner.name not in expanded:
            expanded.add(inner.name)
            sub = f"{name}.<id>." if isinstance(kind, MapOf) else \
                f"{name}[]." if isinstance(kind, ListOf) else f"{name}."
            rows += reference(inner, sub).splitlines()[2:]
    head = "| field | required | type | what it is | example |\n|---|---|---|---|---|"
    return "\n".join([head, *rows])


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def yaml_inline(value: Any) -> str:
    """A value as one would write it in YAML on one line (quoted where YAML needs it)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(yaml_inline(v) for v in value) + "]"
    text = str(value)
    return f'"{text}"' if text[:1] in "[]{}&*!|>'\"%@`#" or ": " in text else text


def update_docs(text: str) -> str:
    """Replace each `<!-- fields:NAME -->…<!-- /fields -->` block with the current table."""
    def table(m: re.Match) -> str:
        return f"{m.group(1)}\n{reference(TABLES[m.group(2)])}\n{m.group(3)}"

    return re.sub(r"(<!-- fields:([\w.-]+) -->)\n(?:.*?\n)?(<!-- /fields -->)", table, text,
                  flags=re.S)


if __name__ == "__main__":  # python -m factsite.content.fields docs/content.md
    import sys
    from pathlib import Path

    for name in sys.argv[1:]:
        path = Path(name)
        path.write_text(update_docs(path.read_text("utf-8")), "utf-8")
