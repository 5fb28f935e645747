"""`build.py archive`: find (and with --save, make) an Internet Archive copy of every source
that has a `url` but no `archived`, and write `archived` and `archived_on` into its file.

It asks the Wayback Machine's availability API for the snapshot nearest the day the desk
read the source (`accessed`, else `published`, else the latest), accepting only snapshots
of a page that answered 2xx. With --save, a source with no snapshot is sent to Save Page
Now, at most one save every `save_interval` seconds (the Archive allows a few a minute)
and none after the Archive answers 429. Both endpoints can be changed (the tests point
them at a server on loopback).

It edits content files, so it changes those two fields and nothing else: the file is read
and written back with ruamel.yaml's round trip (comments, quotes, order and folded text
kept), and a file that would change anywhere else is left alone and reported.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urljoin

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from .. import __version__
from ..build import Content
from ..content.model import Source

SNAPSHOT = re.compile(r"/web/(\d{14})(?:id_)?/")


@dataclass(frozen=True)
class Endpoints:
    available: str = "https://archive.org/wayback/available"
    save: str = "https://web.archive.org/save/"


@dataclass(frozen=True)
class Settings:
    delay: float = 1.0  # seconds between two availability questions
    save_interval: float = 20.0  # seconds between two saves: three a minute
    timeout: float = 60.0  # a save can take a while
    user_agent: str = f"factsite/{__version__} archiver"


@dataclass(frozen=True)
class Snapshot:
    url: str
    date: dt.date


@dataclass(frozen=True)
class Done:
    """What became of one source: `outcome` is written (a snapshot found or saved and
    written into the file), "no snapshot", "rate limited", "failed" (the Archive could not
    be asked) or "not written" (the file could not be changed)."""

    file: str
    url: str
    outcome: str
    message: str  # the line printed for people
    snapshot: Snapshot | None = None
    how: str | None = None  # found or saved, when there is a snapshot


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)  # one per source, for the command line
    changed: list[str] = field(default_factory=list)  # files written
    failed: bool = False
    done: list[Done] = field(default_factory=list)  # one per source, as data

    def add(self, source: Source, outcome: str, message: str, snapshot: Snapshot | None = None,
            how: str | None = None) -> None:
        self.lines.append(f"{source.file}: {message}")
        self.done.append(Done(source.file, source.url or "", outcome, message, snapshot, how))
        self.failed |= outcome in ("rate limited", "failed", "not written")

    def as_json(self) -> dict:
        """For `--format json`: each source asked about, what became of it."""
        return {"sources": [{"file": d.file, "url": d.url, "outcome": d.outcome,
                             "how": d.how, "message": d.message,
                             "archived": d.snapshot.url if d.snapshot else None,
                             "archived_on": d.snapshot.date.isoformat() if d.snapshot
                             else None} for d in self.done],
                "changed": list(self.changed)}


class RateLimited(Exception):
    """The Archive answered 429: no more saves this run."""


def _get(url: str, settings: Settings) -> tuple[int, str, dict[str, str], str]:
    """(status, final URL, headers, body) of a GET; HTTP errors are answers too."""
    request = urllib.request.Request(url, headers={"User-Agent": settings.user_agent})
    try:
        with urllib.request.urlopen(request, timeout=settings.timeout) as response:
            body = response.read(1_000_000).decode("utf-8", errors="replace")
            return response.status, response.geturl(), dict(response.headers), body
    except urllib.error.HTTPError as exc:
        headers = dict(exc.headers or {})
        exc.close()
        return exc.code, url, headers, ""


def _snapshot(url: str, timestamp: str | None = None) -> Snapshot | None:
    m = SNAPSHOT.search(url)
    stamp = timestamp or (m.group(1) if m else "")
    if not re.fullmatch(r"\d{8,14}", stamp):
        return None
    if url.startswith("http://web.archive.org/"):
        url = "https://" + url.removeprefix("http://")
    try:
        return Snapshot(url, dt.date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8])))
    except ValueError:
        return None


def nearest(url: str, day: dt.date | None, endpoints: Endpoints,
            settings: Settings) -> Snapshot | None:
    """The snapshot of a page that answered 2xx nearest `day` (the latest without one)."""
    query = {"url": url, **({"timestamp": day.strftime("%Y%m%d")} if day else {})}
    status, _, _, body = _get(f"{endpoints.available}?{urlencode(query)}", settings)
    if status == 429:
        raise RateLimited
    if status != 200:
        raise OSError(f"the availability API answered {status}")
    closest = (json.loads(body).get("archived_snapshots") or {}).get("closest") or {}
    if not closest.get("available") or not str(closest.get("status", "200")).startswith("2"):
        return None
    return _snapshot(str(closest.get("url", "")), str(closest.get("timestamp", "")))


def save(url: str, endpoints: Endpoints, settings: Settings) -> Snapshot | None:
    """Ask Save Page Now for a snapshot; where it put it (from the redirect or the
    Content-Location header), or None."""
    status, final, headers, _ = _get(endpoints.save + url, settings)
    if status == 429:
        raise RateLimited
    if not 200 <= status < 300:
        raise OSError(f"Save Page Now answered {status}")
    location = headers.get("Content-Location") or headers.get("content-location")
    return _snapshot(urljoin(final, location)) if location else _snapshot(final)


# ---- writing back ----------------------------------------------------------------------


def _yaml(sequence_indent: int) -> YAML:
    yaml = YAML()  # round trip
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=sequence_indent, offset=sequence_indent - 2)
    return yaml


def with_archive(text: str, snapshot: Snapshot) -> str | None:
    """The source file's text with `archived` and `archived_on` set (after `url`), or None
    when that cannot be done without changing anything else in the file."""
    for indent in (2, 4):
        yaml = _yaml(indent)
        try:
            data = yaml.load(text)
            out = io.StringIO()
            yaml.dump(data, out)
        except YAMLError:
            return None
        if out.getvalue() == text and hasattr(data, "insert"):
            break
    else:
        return None
    for key, value in (("archived", snapshot.url), ("archived_on", snapshot.date)):
        if key in data:
            data[key] = value
        else:
            keys = list(data)
            after = "archived" if key == "archived_on" else "url"
            data.insert(keys.index(after) + 1 if after in keys else len(keys), key, value)
    out = io.StringIO()
    yaml.dump(data, out)
    changed = [line for line in difflib.ndiff(text.splitlines(), out.getvalue().splitlines())
               if line[:1] in "+-"]
    if any(not line[2:].startswith(("archived:", "archived_on:")) for line in changed):
        return None
    return out.getvalue()


# ---- the command --------------------------------------------------------------------------


def archive(site_dir: Path, content: Content, *, save_missing: bool = False,
            endpoints: Endpoints = Endpoints(), settings: Settings = Settings(),
            sleep: Callable[[float], None] = time.sleep) -> Report:
    report = Report()
    todo = [s for s in content.sources if s.url and not s.archived]
    if not todo:
        report.lines.append("every source with a url has an archived copy")
    last_save: float | None = None
    saving = save_missing
    for i, source in enumerate(todo):
        if i:
            sleep(settings.delay)
        try:
            snapshot = nearest(source.url, source.accessed or source.published, endpoints,
                               settings)
            how = "found"
            if snapshot is None and saving:
                if last_save is not None:
                    sleep(max(0.0, settings.save_interval - (time.monotonic() - last_save)))
                last_save = time.monotonic()
                snapshot, how = save(source.url, endpoints, settings), "saved"
        except RateLimited:
            saving = False
            report.add(source, "rate limited", "the Archive asked us to slow down (429); "
                       "run again later")
            continue
        except (OSError, ValueError) as exc:
            report.add(source, "failed", f"could not ask the Archive: {exc}")
            continue
        if snapshot is None:
            report.add(source, "no snapshot", "no snapshot"
                       + ("" if save_missing else "; run with --save to make one"))
            continue
        _write(site_dir, source, snapshot, how, report)
    return report


def _write(site_dir: Path, source: Source, snapshot: Snapshot, how: str,
           report: Report) -> None:
    path = site_dir / source.file
    try:
        text = path.read_bytes().decode("utf-8")  # line endings as they are
        new = with_archive(text, snapshot)
        if new is None:
            report.add(source, "not written", f"{how} {snapshot.url}, but the file cannot be "
                       f"changed without changing its layout; add by hand: archived: "
                       f"{snapshot.url} and archived_on: {snapshot.date}", snapshot, how)
            return
        path.write_bytes(new.encode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        report.add(source, "not written", f"cannot change the file: {exc}", snapshot, how)
        return
    report.changed.append(source.file)
    report.add(source, "written", f"{how} {snapshot.url} ({snapshot.date})", snapshot, how)
