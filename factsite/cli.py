"""The command line: parse arguments, run a command, print its problems. Thin on purpose:
the engine never prints; this is the one place that does."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import TextIO

from .arguments import parse, program
from .build import Content, Options, Result, build, read_content, site_config
from .commands import archive as archiving
from .commands import importer
from .commands import links as linkcheck
from .diagnostics import (
    Diagnostic,
    Severity,
    as_json,
    format_github,
    format_json,
    sort_key,
)
from .diagnostics import format_text as diagnostics_text

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    command = args.command or "build"
    try:
        return run(command, args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug of ours, not the user's: say so briefly
        if getattr(args, "verbose", False):
            raise
        print(f"internal error (a bug in factsite, not in your content): {exc!r}\n"
              "run again with -v to see the traceback, and please report it", file=sys.stderr)
        return EXIT_BUG


def run(command: str, args: argparse.Namespace) -> int:
    if command == "init":
        return make_site(args)
    if not args.site.is_dir():
        print(f"error: the site folder {args.site} does not exist", file=sys.stderr)
        return EXIT_USAGE
    if command == "serve":
        from .commands.serve import serve

        return serve(args.site, args.host, args.port)
    if command in ("new", "schemas"):
        return make_files(command, args)
    if command in EVIDENCE_COMMANDS:
        return EVIDENCE_COMMANDS[command](args)
    started = time.perf_counter()
    options = Options(site_dir=args.site, out_dir=args.out, drafts=args.drafts,
                      write=command == "build", jobs=args.jobs, cache=args.cache,
                      strict=args.strict)
    result = build(options)
    if getattr(args, "since", None):
        result.diagnostics += _since(args.site, args.since)
    if getattr(args, "standard", None):
        result.diagnostics += _standard(args)
    elapsed = time.perf_counter() - started
    if args.verbose and result.report:
        for path in result.report.written:
            print(f"  wrote {path}", file=sys.stderr)
        for path in result.report.deleted:
            print(f"  deleted {path}", file=sys.stderr)
    failed = report(result.diagnostics, args, counted=False)
    if args.format == "text" and (failed or not args.quiet):  # last: next to the first error
        line = summary(command, result, options, elapsed)
        print(paint(line, RED if failed else "", sys.stderr), file=sys.stderr)
    return EXIT_PROBLEMS if failed else EXIT_OK


def _since(site_dir: Path, ref: str) -> list[Diagnostic]:
    """check --since: the claims edited since REF without a correction saying so."""
    from .commands.since import check_since

    site, _ = site_config(site_dir)
    return check_since(site_dir, ref, site.small_edit if site else 0)


def _standard(args: argparse.Namespace) -> list[Diagnostic]:
    """check --standard: the checklist of a fact-checkers' code, printed (on stdout) as
    what the site shows for each commitment; what it lacks, as problems."""
    from .commands import standards

    content, _ = read_content(args.site)
    if content is None:  # (site.yaml's own problems are the build's to report)
        return []

    def published(records: tuple) -> list:
        return [r for r in records if not getattr(r, "draft", False)]

    desk = standards.Desk(content.site, published(content.pages), published(content.claims),
                          published(content.sources),
                          {p.name: bool(p.conflicts) for p in published(content.people)})
    items = standards.checklist(desk, args.standard)
    if args.format == "text" and not args.quiet:
        print(standards.report(items, args.standard))
    return standards.problems(items, args.standard)


def make_site(args: argparse.Namespace) -> int:
    """init: a new site in an empty folder."""
    from .commands import init

    try:
        init.init_site(args.dir)
    except (init.InitError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    _, typed = program()
    if typed.endswith(".py"):  # `python build.py`: still found after `cd DIR`
        typed = f"python {Path(sys.argv[0]).resolve()}"
    print(init.next_steps(args.dir, typed), file=sys.stderr)
    return EXIT_OK


def make_files(command: str, args: argparse.Namespace) -> int:
    """The commands that create files in the site: new and schemas."""
    from .commands import new as scaffold

    site, problems = site_config(args.site)
    if problems and report(problems, args):
        return EXIT_PROBLEMS
    if command == "schemas":
        changed = scaffold.write_schemas(args.site, site)
        print(f"schemas: {len(changed)} file(s) updated" + "".join(f"\n  {c}" for c in changed),
              file=sys.stderr)
        return EXIT_OK
    _, typed = program()
    try:
        path, schemas = scaffold.new_file(args.site, args.kind, args.slug, site, typed)
    except (scaffold.ScaffoldError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    for changed in schemas:
        print(f"wrote {args.site / changed} (the editor schema it points at)", file=sys.stderr)
    print(f"wrote {path}: fill it in, then run: {typed} check", file=sys.stderr)
    return EXIT_OK


# ---- how problems are printed ------------------------------------------------------------

RED, YELLOW, BOLD, RESET = "\033[31m", "\033[33m", "\033[1m", "\033[0m"


def colour_on(stream: TextIO) -> bool:
    """Colour for a terminal; NO_COLOR (any value) turns it off, FORCE_COLOR on."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


def paint(text: str, colour: str, stream: TextIO) -> str:
    return f"{colour}{text}{RESET}" if colour and colour_on(stream) else text


def counts(diagnostics: list[Diagnostic]) -> str:
    """'1 error, 2 warnings'."""
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def report(diagnostics: list[Diagnostic], args: argparse.Namespace, counted: bool = True
           ) -> bool:
    """Print every problem at once, warnings first and errors last (the first error ends
    up next to the count); True when the command failed. `counted`: end with a line
    counting them (a build's summary counts them itself)."""
    if args.strict:
        diagnostics = [Diagnostic(d.pos, Severity.ERROR, d.message) for d in diagnostics]
    shown = sorted(diagnostics, key=lambda d: (d.is_error, sort_key(d)))
    if args.quiet:
        shown = [d for d in shown if d.is_error]
    failed = any(d.is_error for d in diagnostics)
    if args.format == "github":
        text = format_github(shown)
    elif args.format == "json":
        text = format_json(shown)
    else:
        text = format_text(shown, sys.stderr)
        if text and counted:
            text += "\n" + paint(counts(shown), RED if failed else "", sys.stderr)
    if text:
        print(text, file=sys.stdout if args.format != "text" else sys.stderr)
    return failed


def format_text(diagnostics: list[Diagnostic], stream: TextIO) -> str:
    """Each problem as `diagnostics.format_text` shows it (its line, then the excerpt),
    with the `path:line:col: severity:` part coloured for a terminal."""
    colour = colour_on(stream)
    blocks = []
    for d in diagnostics:
        block = diagnostics_text([d], read_line=_read_line)
        if colour:
            tint = RED if d.is_error else YELLOW
            block = block.replace(str(d), f"{BOLD}{d.pos}{RESET}: {BOLD}{tint}"
                                  f"{d.severity.value}{RESET}: {d.message}", 1)
        blocks.append(block)
    return "\n".join(blocks)


def summary(command: str, result: Result, options: Options, elapsed: float) -> str:
    counted = counts(result.diagnostics)
    if result.quotes and (result.quotes.total or result.quotes.said_total):
        counted += f"; {result.quotes}"
    if result.history and result.ok:
        counted += f"; no history pages: {result.history}"
    if not result.ok or (options.strict and result.diagnostics):
        verb = "check failed" if command == "check" else "build failed, nothing written"
        return f"{verb}: {counted}"
    if command == "check":
        return f"checked {result.pages} pages: {counted} ({elapsed:.2f} s)"
    r = result.report
    out = options.out_dir or options.site_dir / "public"
    search = f"; search index {result.search_seconds:.2f} s" if result.search_seconds else ""
    return (f"built {result.pages} pages into {out}: {len(r.written)} files written, "
            f"{r.unchanged} unchanged, {len(r.deleted)} deleted; {counted} ({elapsed:.2f} s"
            f"{search})")


# ---- evidence commands: links, archive, import (they never run in a build) -------------


def _content(args: argparse.Namespace) -> tuple[Content | None, list[Diagnostic]]:
    """The site's records for a command that is not a build, and their errors."""
    content, found = read_content(args.site)
    return content, [d for d in found if d.is_error]


def _finish(args: argparse.Namespace, text: str | None, data: dict,
            problems: list[Diagnostic], failed: bool = False) -> int:
    """Print what a command did and its problems; its exit code. With --format json, one
    JSON document on stdout, `data` with the problems beside it; else `text` for people on
    stdout, then the problems as `report` prints them."""
    if args.format != "json":
        if text:
            print(text)
        failed |= report(problems, args)
        return EXIT_PROBLEMS if failed else EXIT_OK
    if args.strict:
        problems = [Diagnostic(d.pos, Severity.ERROR, d.message) for d in problems]
    shown = sorted((d for d in problems if d.is_error or not args.quiet), key=sort_key)
    print(json.dumps({**data, "problems": as_json(shown)}, indent=2, ensure_ascii=False))
    return EXIT_PROBLEMS if failed or any(d.is_error for d in problems) else EXIT_OK


def run_links(args: argparse.Namespace) -> int:
    content, errors = _content(args)
    if content is None:
        return _finish(args, None, {"links": []}, errors, failed=True)
    settings = linkcheck.Settings(timeout=args.timeout, delay=args.delay,
                                  cache_for=0 if args.fresh else linkcheck.Settings.cache_for)
    results = linkcheck.check(linkcheck.site_urls(content), settings,
                              args.site / linkcheck.CACHE)
    return _finish(args, linkcheck.table(results), linkcheck.as_json(content, results),
                   errors + linkcheck.findings(content, results))


def run_archive(args: argparse.Namespace) -> int:
    content, errors = _content(args)
    if content is None:
        return _finish(args, None, archiving.Report().as_json(), errors, failed=True)
    endpoints = archiving.Endpoints(args.available_endpoint, args.save_endpoint)
    settings = archiving.Settings(save_interval=args.save_interval)
    done = archiving.archive(args.site, content, save_missing=args.save, endpoints=endpoints,
                             settings=settings)
    return _finish(args, "\n".join(done.lines), done.as_json(), errors, failed=done.failed)


def run_import(args: argparse.Namespace) -> int:
    content, errors = _content(args)
    if content is None:
        return _finish(args, None, importer.Report().as_json(args.file), errors, failed=True)
    try:
        done = importer.import_file(args.site, content, args.file)
    except OSError as exc:
        message = f"cannot import {args.file}: {exc.strerror or exc}"
        if args.format == "json":
            return _finish(args, None, {**importer.Report().as_json(args.file),
                                        "error": message}, errors, failed=True)
        print(f"error: {message}", file=sys.stderr)
        return EXIT_PROBLEMS
    return _finish(args, "\n".join(done.lines), done.as_json(args.file), errors,
                   failed=not (done.imported or done.skipped))


EVIDENCE_COMMANDS = {"links": run_links, "archive": run_archive, "import": run_import}


_cache: dict[str, list[str]] = {}


def _read_line(path: str, line: int) -> str | None:
    if path not in _cache:
        try:
            _cache[path] = Path(path).read_text("utf-8", errors="replace").split("\n")
        except OSError:
            _cache[path] = []
    lines = _cache[path]
    return lines[line - 1] if 0 < line <= len(lines) else None
