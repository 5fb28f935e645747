"""The whole build, as a table of contents: first gather everything from every file, then
check it, then render it all to memory, and only then write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import evidence, link, load, markup, render, validate, write
from .diagnostics import Diagnostic, Pos, display_path, error, has_errors
from .model import Content, Text


@dataclass(frozen=True)
class Options:
    site_dir: Path
    out_dir: Path | None = None  # None: public/ inside the site
    drafts: bool = False
    write: bool = True  # False for `check`
    strict: bool = False  # warnings fail too: nothing is written when there are any


@dataclass
class Result:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    report: write.WriteReport | None = None
    pages: int = 0
    quotes: evidence.Tally | None = None  # quotes verified against stored copies

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def build(options: Options) -> Result:
    result = Result()
    problems = result.diagnostics

    inputs = load.read_site(options.site_dir)  # 1. read every file
    problems += inputs.diagnostics
    content, found = validate.validate(inputs)  # 2. typed records, per-file checks
    problems += found
    if content is None:
        return result
    result.quotes, found = evidence.check(content, evidence.today())  # quotes, figures, dates
    problems += found
    fragments = parse_markdown(content)  # 3. Markdown, phase 1
    linked, found = link.link(content, fragments, include_drafts=options.drafts)  # 4. references
    problems += found
    env, found = render.environment(inputs.template_dirs)  # 5. templates compile
    problems += found
    if has_errors(problems) or env is None:
        return result
    strings = render.load_strings(inputs.template_dirs, content.site.language)
    outputs, found = render.render_site(linked, env, strings)  # 6. every page, in memory
    problems += found
    result.pages = len(linked.outputs)
    if has_errors(problems) or not options.write or (options.strict and problems):
        return result
    out_dir = options.out_dir or options.site_dir / "public"
    try:
        guard_output(out_dir, options.site_dir)
        result.report = write.write_output(outputs, out_dir)  # 7. only now, write
    except (write.WriteRefused, OSError) as exc:
        problems.append(error(Pos(display_path(out_dir)), str(exc)))
    return result


def parse_markdown(content: Content) -> dict[Text, markup.Fragment]:
    """Phase 1 for every Markdown text in the site (corrections inline)."""
    fragments: dict[Text, markup.Fragment] = {}
    for claim in content.claims:
        fragments[claim.summary] = markup.parse(claim.summary.source)
        for correction in claim.corrections:
            fragments[correction.text] = markup.parse(correction.text.source, inline=True)
        if claim.analysis is not None:
            fragments[claim.analysis] = markup.parse(claim.analysis.source)
    for record in (*content.articles, *content.pages):
        fragments[record.body] = markup.parse(record.body.source)
    return fragments


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
