"""The command line: parse arguments, run a command, print its problems. Thin on purpose:
the engine never prints; this is the one place that does."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import __version__
from .build import Options, Result, build
from .diagnostics import (
    Diagnostic,
    Severity,
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
    started = time.perf_counter()
    options = Options(site_dir=args.site, out_dir=args.out, drafts=args.drafts,
                      write=command == "build", strict=args.strict)
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
    return (f"built {result.pages} pages into {out}: {len(r.written)} files written, "
            f"{r.unchanged} unchanged, {len(r.deleted)} deleted; {counts} ({elapsed:.2f} s)")


_cache: dict[str, list[str]] = {}


def _read_line(path: str, line: int) -> str | None:
    if path not in _cache:
        try:
            _cache[path] = Path(path).read_text("utf-8", errors="replace").split("\n")
        except OSError:
            _cache[path] = []
    lines = _cache[path]
    return lines[line - 1] if 0 < line <= len(lines) else None
