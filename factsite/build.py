"""The whole build, as a table of contents: first gather everything from every file, then
check it, then render it all to memory, and only then write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import incremental, link, load, markup, render, validate, write
from .diagnostics import Diagnostic, Pos, display_path, error, has_errors
from .incremental import State
from .model import Content, Site, Text


@dataclass(frozen=True)
class Options:
    site_dir: Path
    out_dir: Path | None = None  # None: public/ inside the site
    drafts: bool = False
    write: bool = True  # False for `check`


@dataclass
class Result:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    report: write.WriteReport | None = None
    pages: int = 0
    rendered: list[str] = field(default_factory=list)  # the pages rendered this time
    state: State | None = None  # for the next build to reuse
    base_path: str = ""  # base_url's path, once site.yaml has been read

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def build(options: Options, previous: State | None = None) -> Result:
    result = Result(state=previous)
    problems = result.diagnostics

    inputs = load.read_site(options.site_dir)  # 1. read every file
    problems += inputs.diagnostics
    content, found = validate.validate(inputs)  # 2. typed records, per-file checks
    problems += found
    if content is None:
        return result
    result.base_path = content.site.base_path
    known = previous.fragments if previous else {}
    fragments, parsed = parse_markdown(content, known)  # 3. Markdown, phase 1
    linked, found = link.link(content, fragments, include_drafts=options.drafts)  # 4. references
    problems += found
    env, found = render.environment(inputs.template_dirs)  # 5. templates compile
    problems += found
    if has_errors(problems) or env is None:
        return result
    strings = render.load_strings(inputs.template_dirs, content.site.language)
    look = render.look(linked, inputs.template_dirs, strings)
    stale = incremental.stale_pages(previous, linked.outputs, linked.graph, inputs.digests, look)
    outputs, result.rendered, found = render.render_site(  # 6. pages, in memory
        linked, env, strings, stale, previous.outputs if previous else None)
    problems += found
    result.pages = len(linked.outputs)
    if has_errors(problems) or not options.write:
        return result
    out_dir = options.out_dir or options.site_dir / "public"
    try:
        guard_output(out_dir, options.site_dir)
        result.report = write.write_output(outputs, out_dir)  # 7. only now, write
    except (write.WriteRefused, OSError) as exc:
        problems.append(error(Pos(display_path(out_dir)), str(exc)))
        return result
    result.state = State(inputs.digests, look, {p.path: p for p in linked.outputs},
                         linked.graph, outputs, parsed)
    return result


Parsed = dict[tuple[str, bool], markup.Fragment]  # (Markdown source, inline) → phase 1


def site_config(site_dir: Path) -> tuple[Site | None, list[Diagnostic]]:
    """site.yaml alone, for the commands that need the site's settings but not its content."""
    doc, problems = load.read_document(site_dir / "site.yaml", site_dir, "site", {})
    if doc is None:
        return None, problems or [error(Pos("site.yaml"), "site.yaml not found")]
    site, found = validate.convert(doc)
    return site, problems + found + (validate.check_site(site) if site else [])


def parse_markdown(content: Content, known: Parsed) -> tuple[dict[Text, markup.Fragment], Parsed]:
    """Phase 1 for every Markdown text in the site (corrections inline). A text parsed
    before (in `known`) is not parsed again."""
    texts: list[tuple[Text, bool]] = []
    for claim in content.claims:
        texts += [(claim.summary, False), *((c.text, True) for c in claim.corrections)]
        if claim.analysis is not None:
            texts.append((claim.analysis, False))
    texts += [(record.body, False) for record in (*content.articles, *content.pages)]
    fragments, parsed = {}, {}
    for text, inline in texts:
        key = (text.source, inline)
        parsed[key] = known.get(key) or parsed.get(key) or markup.parse(text.source, inline=inline)
        fragments[text] = parsed[key]
    return fragments, parsed


def guard_output(out_dir: Path, site_dir: Path) -> None:
    """The output may not be, or be inside, the site's own source folders."""
    out = out_dir.resolve()
    site = site_dir.resolve()
    protected = [site, *(site / name for name in ("content", "templates", "static"))]
    for folder in protected:
        if out == folder or (folder != site and out.is_relative_to(folder.resolve())):
            raise write.WriteRefused(f"refusing to write into {display_path(out_dir)}: it holds "
                                     "the site's own files; choose another --out")
    if site.is_relative_to(out):
        raise write.WriteRefused(f"refusing to write into {display_path(out_dir)}: the site "
                                 "itself is inside it")
