"""The live preview: build into .cache/serve/, serve it under base_url's path, rebuild what
changed on every save, and reload the open browser pages.

- Files are watched by the operating system's change events (watchfiles), not polled; a
  burst of saves (several files, a `git checkout`) is one rebuild once they go quiet.
- Each rebuild is incremental (see incremental.py): one claim edited re-renders the pages
  that show it, and says which and how long it took.
- A content or template error never stops the server: every HTML page then shows the
  problems (path:line:col, message, the lines around it) until the next good save.
- livereload does the browser side only (its script, injected into each page, and its
  websocket); Ctrl-C stops everything and removes .cache/serve/.
"""

from __future__ import annotations

import mimetypes
import queue
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote

import watchfiles
from markupsafe import escape

from ..build import Options, Result, build
from ..content.files import THEME_DIR, template_dirs
from ..diagnostics import Diagnostic, excerpt, sort_key, visible
from ..render.templates import Templates, load_strings
from ..render.words import Words
from ..site.units import UNFINISHED

QUIET_MS = 60  # a burst of saves ends after this long without another
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass
class Preview:
    """The site being previewed and its last build."""

    site_dir: Path
    out_dir: Path  # .cache/serve/site: the site's root; pages live under base_url's path
    result: Result = field(default_factory=Result)
    base_path: str = "/"
    language: str = "en"  # the site's, for the error page
    lock: threading.Lock = field(default_factory=threading.Lock)
    unbuilt: set[str] = field(default_factory=set)  # files changed since the last good build

    def rebuild(self, changed: set[str] | None = None) -> Result:
        started = time.perf_counter()
        with self.lock:
            previous = self.result.state
            # The search index, the feeds, sitemap and open data are made when the preview
            # starts, not on every save (on a big site they take seconds, and an editor
            # looks at pages); `build` keeps them current. The build looks again only at the
            # files the watcher saw change since the build it starts from.
            first = changed is None
            self.unbuilt |= changed or set()
            result = build(Options(self.site_dir, self.out_dir, drafts=True, index=first,
                                   publish=first, remember=True,
                                   changed=None if first else frozenset(self.unbuilt)),
                           previous)
            if result.state is not previous or result.ok:
                self.unbuilt = set()
            if result.base_path:
                self.base_path = result.base_path
            self.language = result.language or self.language
            self.result = result
        say(describe(result, changed, time.perf_counter() - started))
        return result


def describe(result: Result, changed: set[str] | None, seconds: float) -> str:
    """What a rebuild did, for the terminal."""
    errors = [d for d in result.diagnostics if d.is_error]
    what = f"changed {', '.join(sorted(changed))}: " if changed else ""
    if errors:
        lines = [f"{what}{len(errors)} error(s); the browser shows them until the next good "
                 "save:", *(f"  {d}" for d in sorted(errors, key=sort_key))]
        return "\n".join(lines)
    pages = result.rendered
    shown = ", ".join("/" + p.removesuffix("index.html") for p in pages[:8])
    more = f" and {len(pages) - 8} more" if len(pages) > 8 else ""
    unfinished = [d for d in result.diagnostics if d.message.startswith(UNFINISHED)]
    return "\n".join([f"{what}rendered {len(pages)} of {result.pages} pages in {seconds:.2f} s"
                      + (f": {shown}{more}" if pages else ""),
                      *(["unfinished drafts are left out of the preview until these are "
                         "fixed:"] if unfinished else []),
                      *(f"  {d}" for d in sorted(unfinished, key=sort_key))])


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---- the web side ----------------------------------------------------------------------


def wsgi_app(preview: Preview) -> Callable:
    """Serve the built files under base_url's path, or the error page after a failed build."""

    def app(environ, start_response):
        path = unquote(environ.get("PATH_INFO", "/"))
        base = preview.base_path
        is_page = path.endswith(("/", ".html")) or "." not in path.rsplit("/", 1)[-1]
        errors = [d for d in preview.result.diagnostics if d.is_error]
        if errors and is_page:
            return respond(start_response, HTTPStatus.INTERNAL_SERVER_ERROR,
                           error_page(errors, preview.site_dir, preview.language),
                           "text/html; charset=utf-8")
        if not path.startswith(base):
            if path in ("/", base.rstrip("/")):
                start_response("302 Found", [("Location", base)])
                return [b""]
            return not_found(start_response, preview)
        file = resolve(preview.out_dir, path[len(base):])
        if file is None:
            if is_page and not path.endswith("/") and resolve(preview.out_dir,
                                                              path[len(base):] + "/"):
                start_response("301 Moved Permanently", [("Location", path + "/")])
                return [b""]
            return not_found(start_response, preview)
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/xml", "application/json"):
            kind += "; charset=utf-8"
        return respond(start_response, HTTPStatus.OK, file.read_bytes(), kind)

    return app


def resolve(root: Path, rel: str) -> Path | None:
    """The file for a URL path below the site root, never outside it."""
    target = (root / rel.lstrip("/")).resolve()
    if not target.is_relative_to(root.resolve()):
        return None
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def not_found(start_response, preview: Preview) -> list[bytes]:
    page = resolve(preview.out_dir, preview.base_path.lstrip("/") + "404.html")
    body = page.read_bytes() if page else b"<!doctype html><title>Not found</title>"
    return respond(start_response, HTTPStatus.NOT_FOUND, body, "text/html; charset=utf-8")


def respond(start_response, status: HTTPStatus, body: bytes, kind: str) -> list[bytes]:
    start_response(f"{status.value} {status.phrase}",
                   [("Content-Type", kind), ("Cache-Control", "no-store")])
    return [body]


def error_page(errors: list[Diagnostic], site_dir: Path, language: str = "en") -> bytes:
    """Every problem, with the lines around it, readable by an editor on any screen: in the
    site's language (its plural rules too), long lines wrapped rather than cut off."""
    items = []
    for d in sorted(errors, key=sort_key):
        items.append(f"<li><p><code>{escape(str(d.pos))}</code> {escape(d.message)}</p>"
                     f"{_excerpt(d, site_dir)}</li>")
    count, fix = _say_problems(len(errors), site_dir, language)
    return (
        f"<!doctype html><html lang=\"{escape(language)}\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{escape(count)}</title><style>"
        "body{font:1rem/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        "li{margin-bottom:1.5rem}code{overflow-wrap:anywhere}"
        "pre{background:#f4f4f4;padding:.5rem;white-space:pre-wrap;overflow-wrap:anywhere}"
        "mark{background:#ffd6d6}</style></head><body>"
        f"<h1>{escape(count)}</h1><p>{escape(fix)}</p>"
        f"<ol>{''.join(items)}</ol></body></html>"
    ).encode()


def _say_problems(count: int, site_dir: Path, language: str) -> tuple[str, str]:
    """'2 problems to fix' and what to do, in the site's language (its strings, English
    where they cannot be read)."""
    for dirs, lang in ((template_dirs(site_dir), language), ((THEME_DIR,), language),
                       ((THEME_DIR,), "en")):
        try:
            words = Words("/", "", lang.replace("-", "_"), load_strings(Templates(dirs), lang))
            return words.plural("problems_to_fix", count), words.form("fix_and_save", count)
        except Exception:  # a strings file that does not parse, a language Babel lacks
            continue
    return f"{count} problem(s) to fix", ""


def _excerpt(d: Diagnostic, site_dir: Path, around: int = 2) -> str:
    """The lines around the problem, its own line marked with a caret under the column."""
    path = Path(d.pos.path)
    if not path.is_absolute() and not path.exists():
        path = site_dir / d.pos.path
    try:
        lines = path.read_text("utf-8", errors="replace").split("\n")
    except OSError:
        return ""
    if not 0 < d.pos.line <= len(lines):
        return ""

    def numbered(number: int) -> str:
        text = "".join(visible(lines[number - 1].rstrip("\r"))[0])
        return str(escape(f"{number:>5} | {text}"))

    marked = escape(excerpt(d, lambda _, n: lines[n - 1] if 0 < n <= len(lines) else None))
    shown = [*map(numbered, range(max(d.pos.line - around, 1), d.pos.line)),
             f"<mark>{marked}</mark>",
             *map(numbered, range(d.pos.line + 1, min(d.pos.line + around, len(lines)) + 1))]
    return f"<pre>{chr(10).join(shown)}</pre>"


# ---- watching ------------------------------------------------------------------------------


WATCHED = ("content", "templates", "static")  # folders of the site; and site.yaml


def watch(preview: Preview, stop: threading.Event, on_rebuilt: Callable[[], None]) -> list:
    """Threads that watch the site's files and rebuild after each burst of changes: one
    watches the site's folders (and the built-in theme), one the site's top level for
    site.yaml and for a folder appearing or going (then the first one starts again)."""
    site = preview.site_dir
    changes: queue.Queue[set[str]] = queue.Queue()
    regroup = threading.Event()

    def relative(path: str) -> str:
        try:
            return Path(path).relative_to(site.resolve()).as_posix()
        except ValueError:
            return Path(path).name

    def note(batch) -> None:
        changes.put({relative(p) for _, p in batch if _worth_noting(Path(p))})

    def folders() -> None:
        until = _Either(stop, regroup)
        while not stop.is_set():
            regroup.clear()
            paths = [p for p in (*(site / name for name in WATCHED), THEME_DIR) if p.is_dir()]
            for batch in watchfiles.watch(*paths, stop_event=until, debounce=QUIET_MS, step=20,
                                          rust_timeout=200, yield_on_timeout=False):
                note(batch)

    def top_level() -> None:
        names = {"site.yaml", *WATCHED}
        for batch in watchfiles.watch(site, stop_event=stop, recursive=False, step=20,
                                      debounce=QUIET_MS, rust_timeout=200,
                                      watch_filter=lambda _, path: Path(path).name in names):
            if any(Path(p).name in WATCHED for _, p in batch):
                regroup.set()
            note(batch)

    def builder() -> None:
        while not stop.is_set():
            try:
                changed = changes.get(timeout=0.2)
            except queue.Empty:
                continue
            deadline = time.monotonic() + QUIET_MS / 1000  # the rest of the burst
            while time.monotonic() < deadline:
                try:
                    changed |= changes.get(timeout=max(deadline - time.monotonic(), 0))
                    deadline = time.monotonic() + QUIET_MS / 1000
                except queue.Empty:
                    break
            changed.discard("")
            if changed:
                preview.rebuild(changed)
                on_rebuilt()

    threads = [threading.Thread(target=target, name=target.__name__, daemon=True)
               for target in (folders, top_level, builder)]
    for thread in threads:
        thread.start()
    return threads


class _Either:
    """Set when either event is (watchfiles stops on an object with is_set())."""

    def __init__(self, *events: threading.Event) -> None:
        self.events = events

    def is_set(self) -> bool:
        return any(e.is_set() for e in self.events)


def _worth_noting(path: Path) -> bool:
    """A change to a file of the site, not an editor's backup or a tool's temporary file."""
    return not path.name.startswith(".") and not path.name.endswith("~") and \
        (path.exists() or path.suffix in (".yaml", ".yml", ".md", ".html", ".css", ".txt"))


# ---- the command -------------------------------------------------------------------------------


def serve(site_dir: Path, host: str = "127.0.0.1", port: int = 8000) -> int:
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import IOLoop

    cache = site_dir / ".cache"
    made_cache = not cache.exists()
    root = cache / "serve"
    shutil.rmtree(root, ignore_errors=True)
    preview = Preview(site_dir, root / "site")
    preview.rebuild()
    loop = IOLoop.current()
    stop = threading.Event()
    threads = watch(preview, stop, lambda: loop.add_callback(LiveReloadHandler.reload_waiters))

    for signum in (signal.SIGINT, signal.SIGTERM):  # Ctrl-C or `kill`: stop cleanly
        signal.signal(signum, _interrupt)
    server = Server(app=wsgi_app(preview), watcher=_NoPolling())
    server._setup_logging = lambda: None  # keep the terminal for our own messages
    url = f"http://{'localhost' if host in LOOPBACK else host}:{port}{preview.base_path}"
    if host not in LOOPBACK:
        say(f"note: serving on {host}: other machines on your network can open the preview")
    say(f"serving {url} (drafts shown); watching for changes, Ctrl-C to stop")
    try:
        server.serve(host=host, port=port, debug=False, restart_delay=0)
    except OSError as exc:
        say(f"error: cannot listen on {host}:{port}: {exc.strerror}; try another --port")
        return 2
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=2)
        shutil.rmtree(root, ignore_errors=True)
        if made_cache:
            shutil.rmtree(cache, ignore_errors=True)
        say("stopped")
    return 0


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


class _NoPolling:
    """livereload's watcher interface, doing nothing: our own watcher thread rebuilds and
    tells the browsers to reload, so livereload must not poll the folder itself."""

    _tasks: ClassVar[dict] = {"factsite": None}  # not empty, or livereload watches the cwd
    _changes: ClassVar[list] = []
    filepath = None

    def watch(self, *args, **kwargs) -> None:
        pass

    def start(self, callback) -> bool:
        return True  # "started": no polling callback needed

    def examine(self) -> tuple[None, None]:
        return None, None
