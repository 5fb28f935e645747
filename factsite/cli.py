"""The command line: parse arguments, run a command, print its problems. Thin on purpose:
the engine never prints; this is the one place that does."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from . import __version__
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
    format_text,
    sort_key,
)

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


def _common(top: bool) -> argparse.ArgumentParser:
    """Options accepted before or after the command. Under a command their defaults are
    SUPPRESS, so `--site x build` is not undone by the command's own defaults."""
    common = argparse.ArgumentParser(add_help=False)

    def default(value):
        return value if top else argparse.SUPPRESS

    common.add_argument("--site", type=Path, default=default(Path(".")), metavar="DIR",
                        help="the site's folder, with site.yaml and content/ (default: .)")
    common.add_argument("--out", type=Path, default=default(None), metavar="DIR",
                        help="where to write the site (default: public/ inside the site)")
    common.add_argument("--drafts", action="store_true", default=default(False),
                        help="include drafts (for a preview deploy)")
    common.add_argument("--strict", action="store_true", default=default(False),
                        help="treat warnings as errors")
    common.add_argument("--no-cache", dest="cache", action="store_false", default=default(True),
                        help="neither read nor write the cache in the site's .cache/")
    common.add_argument("--jobs", type=int, default=default(0), metavar="N",
                        help="processes for big batches of work (default: every core)")
    common.add_argument("--format", choices=("text", "github", "json"), default=default("text"),
                        help="how to print problems: text, GitHub annotations, or JSON")
    loud = common.add_mutually_exclusive_group()
    loud.add_argument("-q", "--quiet", action="store_true", default=default(False),
                      help="print errors only")
    loud.add_argument("-v", "--verbose", action="store_true", default=default(False),
                      help="print every file written")
    return common


def parser() -> argparse.ArgumentParser:
    common = _common(top=False)
    p = argparse.ArgumentParser(
        prog="build.py", parents=[_common(top=True)],
        description="Build a fact-check site from site.yaml, content/ and templates/.")
    p.add_argument("--version", action="version", version=f"factsite {__version__}")
    commands = p.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("build", parents=[common], help="check, then build the site "
                        "(the default)")
    commands.add_parser("check", parents=[common],
                        help="validate everything and write nothing")
    serve = commands.add_parser("serve", parents=[common], help="live preview: rebuild on "
                                "every save and reload the browser (drafts shown)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    new = commands.add_parser("new", parents=[common], help="start a new claim, source, "
                              "claimant, article or page from a ready-to-fill file")
    new.add_argument("kind", choices=("claim", "source", "claimant", "article", "page"))
    new.add_argument("slug", help="its id: lowercase letters, digits and hyphens")
    commands.add_parser("schemas", parents=[common], help="write the editor JSON Schemas "
                        "into the site's schemas/ folder")
    add_evidence_commands(commands, common)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
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
    elapsed = time.perf_counter() - started
    failed = report(result.diagnostics, args)
    if not args.quiet and args.format == "text":
        print(summary(command, result, options, elapsed), file=sys.stderr)
        if args.verbose and result.report:
            for path in result.report.written:
                print(f"  wrote {path}", file=sys.stderr)
            for path in result.report.deleted:
                print(f"  deleted {path}", file=sys.stderr)
    return EXIT_PROBLEMS if failed else EXIT_OK


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
    try:
        path = scaffold.new_file(args.site, args.kind, args.slug, site)
    except (scaffold.ScaffoldError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"wrote {path}: fill it in, then run: python build.py check", file=sys.stderr)
    return EXIT_OK


def report(diagnostics: list[Diagnostic], args: argparse.Namespace) -> bool:
    """Print every problem at once; True when the command failed."""
    if args.strict:
        diagnostics = [Diagnostic(d.pos, Severity.ERROR, d.message) for d in diagnostics]
    shown = sorted(diagnostics, key=sort_key)
    if args.quiet:
        shown = [d for d in shown if d.is_error]
    if args.format == "github":
        text = format_github(shown)
    elif args.format == "json":
        text = format_json(shown)
    else:
        text = format_text(shown, read_line=_read_line)
    if text:
        print(text, file=sys.stdout if args.format != "text" else sys.stderr)
    return any(d.is_error for d in diagnostics)


def summary(command: str, result: Result, options: Options, elapsed: float) -> str:
    errors = sum(d.is_error for d in result.diagnostics)
    warnings = len(result.diagnostics) - errors
    counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    if result.quotes and result.quotes.total:
        counts += f"; {result.quotes}"
    if not result.ok or (options.strict and result.diagnostics):
        verb = "check failed" if command == "check" else "build failed, nothing written"
        return f"{verb}: {counts}"
    if command == "check":
        return f"checked {result.pages} pages: {counts} ({elapsed:.2f} s)"
    r = result.report
    out = options.out_dir or options.site_dir / "public"
    search = f"; search index {result.search_seconds:.2f} s" if result.search_seconds else ""
    return (f"built {result.pages} pages into {out}: {len(r.written)} files written, "
            f"{r.unchanged} unchanged, {len(r.deleted)} deleted; {counts} ({elapsed:.2f} s"
            f"{search})")


# ---- evidence commands: links, archive, import (they never run in a build) -------------


def add_evidence_commands(commands, common: argparse.ArgumentParser) -> None:
    links = commands.add_parser("links", parents=[common], help="check that every source's "
                                "url and archived copy still answer (not part of a build)")
    links.add_argument("--fresh", action="store_true", help="ask again even for links "
                       "checked in the last day")
    links.add_argument("--timeout", type=float, default=linkcheck.Settings.timeout,
                       metavar="SECONDS", help="give up on a link after this long")
    links.add_argument("--delay", type=float, default=linkcheck.Settings.delay,
                       metavar="SECONDS", help="pause between two requests to one host")
    archive = commands.add_parser("archive", parents=[common], help="find Internet Archive "
                                  "copies of sources that have none and write them into "
                                  "the source files")
    archive.add_argument("--save", action="store_true", help="ask Save Page Now for a copy "
                         "where the Archive has none")
    archive.add_argument("--available-endpoint", default=archiving.Endpoints.available,
                         metavar="URL", help="the Wayback availability API")
    archive.add_argument("--save-endpoint", default=archiving.Endpoints.save, metavar="URL",
                         help="Save Page Now (the page's URL is appended)")
    archive.add_argument("--save-interval", type=float, default=archiving.Settings.save_interval,
                         metavar="SECONDS", help="the least time between two saves")
    bring = commands.add_parser("import", parents=[common], help="turn ClaimReview markup "
                                "into claim and source files (never overwrites a file)")
    bring.add_argument("format", choices=["claimreview"], help="what the file holds")
    bring.add_argument("file", type=Path, help="JSON-LD, a JSON API capture or an HTML page")


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
