"""The command line's words: every command, the options it takes, its page of help with
examples, and the program's name as the user typed it. `factsite/cli.py` runs what this
parses."""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from pathlib import Path
from typing import NamedTuple

from . import __version__
from .commands import archive as archiving
from .commands import links as linkcheck


def program() -> tuple[str, str]:
    """How the user ran factsite: the name usage lines show, and the command to type to run
    it again (`factsite`, `python build.py`, `python -m factsite`)."""
    typed = sys.argv[0] if sys.argv and sys.argv[0] else "factsite"
    name = os.path.basename(typed)
    if name == "__main__.py":
        return "factsite", "python -m factsite"
    if name.endswith(".py"):
        return name, f"python {typed}"
    return name, name


class Command(NamedTuple):
    """One command: its line in the list of commands, its own page of help, the options
    it takes (the `dest` of each) and examples (what follows the program's name)."""

    summary: str
    description: str
    options: tuple[str, ...]
    examples: tuple[str, ...]


BUILDING = ("site", "drafts", "strict", "cache", "jobs", "format", "quiet", "verbose")
COMMANDS = {
    "build": Command(
        "check, then build the site (the default)",
        "Check everything, then build the site into public/ (or --out). A build with an "
        "error writes nothing: the last public/ stays as it was. Only the files whose bytes "
        "changed are written.",
        ("out", *BUILDING),
        ("build", "build --out /tmp/www --drafts", "--site ../desk build")),
    "check": Command(
        "validate everything and write nothing",
        "Validate every file, reference, quote and figure, and write nothing. Exits 1 on "
        "any error (on any warning too with --strict). With --since REF, also compare every "
        "claim published at REF with what it is now: a changed rating, figure, wording or "
        "summary needs a new `corrections` entry.",
        BUILDING,
        ("check", "check --strict", "check --since origin/main --format github",
         "check --standard ifcn")),
    "serve": Command(
        "live preview: rebuild on every save and reload the browser (drafts shown)",
        "Build into .cache/serve/ (never public/), serve it, rebuild what changed on every "
        "save and reload the open browser pages. Drafts are shown; a mistake shows in the "
        "browser until the next good save. Ctrl-C stops it.",
        ("site",),
        ("serve", "serve --port 8080")),
    "new": Command(
        "start a new claim, source, claimant, article, page or team member's page from a "
        "ready-to-fill file",
        "Write a ready-to-fill file into content/: every field with a comment saying what "
        "it is, the optional ones commented out. It never overwrites a file. YAML files "
        "point at the editor schemas in schemas/, which it writes when they are missing or "
        "out of date.",
        ("site",),
        ("new claim my-first-claim", "new source city-report", "new page about",
         "new team ana-perez")),
    "schemas": Command(
        "write the editor JSON Schemas into the site's schemas/ folder",
        "Write the JSON Schemas that give an editor (VS Code's YAML extension) completion "
        "and checks as you type, into the site's schemas/ folder. Only files that changed "
        "are written.",
        ("site",),
        ("schemas",)),
    "init": Command(
        "start a new site in an empty folder",
        "Start a new site in DIR (created if missing; refused if it is not empty): "
        "site.yaml with a rating scale, content/ folders, editor schemas and settings, "
        "a .gitignore, a GitHub Actions workflow and a short README. It uses the default "
        "theme; add a templates/ folder only to change it.",
        (),
        ("init my-desk", "init .")),
}
EVIDENCE = ("site", "format", "verbose")
COMMANDS |= {
    "links": Command(
        "check that sources' and appearances' urls and archived copies still answer (not "
        "part of a build)",
        "Ask every source's url and archived copy, and every claim's appearances', whether "
        "they still answer, and report the dead ones where they are written. Answers are "
        "kept for a day in .cache/. Never part of a build: run it on a schedule.",
        ("strict", "quiet", *EVIDENCE),
        ("links", "links --fresh --format github")),
    "archive": Command(
        "find Internet Archive copies of sources and appearances that have none and write "
        "them into their files",
        "For each source, and each appearance of a claim, with a url and no archived copy, "
        "ask the Wayback Machine for its nearest copy and write `archived` and `archived_on` "
        "into the source file (or under the appearance's url), keeping the rest of the file "
        "as it is. With --save, ask Save Page Now where it has none.",
        EVIDENCE,
        ("archive", "archive --save")),
    "import": Command(
        "turn ClaimReview markup into claim and source files (never overwrites a file)",
        "Read ClaimReview markup (JSON-LD, a JSON API capture or an HTML page) and write a "
        "claim file, and a source file for each page it cites, for an editor to finish. "
        "Never overwrites a file; fields it cannot fill are listed in `missing`.",
        EVIDENCE,
        ("import claimreview fact-checks.json",)),
}
ALL_OPTIONS = ("site", "out", *BUILDING[1:])


def _add_options(p: argparse.ArgumentParser, names: tuple[str, ...], top: bool) -> None:
    """The shared options `names`. Under a command their defaults are SUPPRESS, so that
    `--site x build` is not undone by the command's own defaults."""

    def default(value):
        return value if top else argparse.SUPPRESS

    if "site" in names:
        p.add_argument("--site", type=Path, default=default(Path(".")), metavar="DIR",
                       help="the site's folder, with site.yaml and content/ (default: .)")
    if "out" in names:
        p.add_argument("--out", type=Path, default=default(None), metavar="DIR",
                       help="where to write the site (default: public/ inside the site)")
    if "drafts" in names:
        p.add_argument("--drafts", action="store_true", default=default(False),
                       help="include drafts (for a preview deploy)")
    if "strict" in names:
        p.add_argument("--strict", action="store_true", default=default(False),
                       help="treat warnings as errors")
    if "cache" in names:
        p.add_argument("--no-cache", dest="cache", action="store_false", default=default(True),
                       help="neither read nor write the cache in the site's .cache/")
    if "jobs" in names:
        p.add_argument("--jobs", type=int, default=default(0), metavar="N",
                       help="processes for big batches of work (default: every core)")
    if "format" in names:
        p.add_argument("--format", choices=("text", "github", "json"),
                       default=default("text"), help="how to print problems: text, GitHub "
                       "annotations, or JSON (on stdout)")
    loud = p.add_mutually_exclusive_group() if {"quiet", "verbose"} <= set(names) else p
    if "quiet" in names:
        loud.add_argument("-q", "--quiet", action="store_true", default=default(False),
                          help="print errors only")
    if "verbose" in names:
        loud.add_argument("-v", "--verbose", action="store_true", default=default(False),
                          help="print every file written, and the traceback of a bug in "
                          "factsite" if "out" in names else "show the traceback of a bug in "
                          "factsite")


def _command(commands, name: str) -> argparse.ArgumentParser:
    """A command's parser: its description, its options, its examples."""
    spec = COMMANDS[name]
    _, typed = program()
    examples = "examples:\n" + "\n".join(f"  {typed} {e}" for e in spec.examples)
    p = commands.add_parser(name, help=spec.summary, description=_wrap(spec.description),
                            epilog=examples, formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_options(p, spec.options, top=False)
    return p


def _wrap(text: str) -> str:
    """A description as lines (the help keeps an epilog's examples as they are written, so
    it does not wrap descriptions either)."""
    return textwrap.fill(text, width=79)


def parser() -> argparse.ArgumentParser:
    prog, typed = program()
    p = argparse.ArgumentParser(
        prog=prog, formatter_class=argparse.RawDescriptionHelpFormatter,
        description=_wrap("Build a fact-check site from site.yaml and content/ (and "
                          "templates/, if the site changes the default theme). Without a "
                          "command, it builds. Options before the command apply to it; "
                          "`COMMAND --help` shows each command's own options."),
        epilog=f"examples:\n  {typed} init my-desk\n  {typed} new claim my-first-claim\n"
        f"  {typed} check\n  {typed} serve\n  {typed}\n  {typed} check --help")
    _add_options(p, ALL_OPTIONS, top=True)
    p.add_argument("--version", action="version", version=f"factsite {__version__}")
    commands = p.add_subparsers(dest="command", metavar="COMMAND")
    init = _command(commands, "init")
    init.add_argument("dir", nargs="?", type=Path, default=Path("."), metavar="DIR",
                      help="the new site's folder (default: the current folder)")
    for name in ("build", "check", "serve"):
        _command(commands, name)
    commands.choices["check"].add_argument(
        "--since", metavar="REF", help="also fail when a claim published at this commit "
        "(a pull request's base: origin/main) changed its rating, a figure, its words or "
        "its summary with no corrections entry saying so")
    commands.choices["check"].add_argument(
        "--standard", choices=("ifcn", "efcsn"), help="also list what the site shows for "
        "each commitment of the IFCN's Code of Principles (or the EFCSN's code), and fail "
        "on what it lacks")
    serve = commands.choices["serve"]
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    new = _command(commands, "new")
    new.add_argument("kind", choices=("claim", "source", "claimant", "article", "page", "team"))
    new.add_argument("slug", help="its id: lowercase letters, digits and hyphens")
    _command(commands, "schemas")
    add_evidence_commands(commands)
    return p


def parse(argv: list[str] | None) -> argparse.Namespace:
    """The arguments; an option given before a command it does not apply to is refused
    (`--out x serve` would otherwise be silently ignored)."""
    p = parser()
    args = p.parse_args(argv)
    command = args.command or "build"
    defaults = {name: p.get_default(name) for name in ALL_OPTIONS}
    for name in ALL_OPTIONS:
        if name not in COMMANDS[command].options and getattr(args, name) != defaults[name]:
            flag = "--no-cache" if name == "cache" else f"--{name}"
            p.error(f"{flag} does not apply to {command}")
    return args


def add_evidence_commands(commands) -> None:
    links = _command(commands, "links")
    links.add_argument("--fresh", action="store_true", help="ask again even for links "
                       "checked in the last day")
    links.add_argument("--timeout", type=float, default=linkcheck.Settings.timeout,
                       metavar="SECONDS", help="give up on a link after this long")
    links.add_argument("--delay", type=float, default=linkcheck.Settings.delay,
                       metavar="SECONDS", help="pause between two requests to one host")
    archive = _command(commands, "archive")
    archive.add_argument("--save", action="store_true", help="ask Save Page Now for a copy "
                         "where the Archive has none")
    archive.add_argument("--available-endpoint", default=archiving.Endpoints.available,
                         metavar="URL", help="the Wayback availability API")
    archive.add_argument("--save-endpoint", default=archiving.Endpoints.save, metavar="URL",
                         help="Save Page Now (the page's URL is appended)")
    archive.add_argument("--save-interval", type=float, default=archiving.Settings.save_interval,
                         metavar="SECONDS", help="the least time between two saves")
    bring = _command(commands, "import")
    bring.add_argument("markup", choices=["claimreview"], metavar="FORMAT",
                       help="what the file holds: claimreview")
    bring.add_argument("file", type=Path, help="JSON-LD, a JSON API capture or an HTML page")
