"""`serve`'s latency, end to end: start `build.py serve` on a generated site, open a claim
page in Chromium (bench/serve_latency.mjs, with playwright-core from node_modules), and
time each save of the claim file until the page in the browser shows the new text."""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
READY_TIMEOUT = 900  # seconds for the first build of a large site


def measure(site: Path, saves: int, env: dict) -> dict:
    """{"ok": True, "ms": [...]} or {"ok": False, "error": why}."""
    for thing, how in (("node", "install Node.js"), ("/usr/bin/chromium",
                       "apt-get install chromium")):
        if not shutil.which(thing) and not Path(thing).exists():
            return {"ok": False, "error": f"{thing} is missing: {how}"}
    if not (ROOT / "node_modules" / "playwright-core").is_dir():
        return {"ok": False, "error": "playwright-core is missing: run npm ci"}
    claims = sorted((site / "content" / "claims").glob("*.yaml"))
    claim = claims[len(claims) // 3]
    port = free_port()
    url = f"http://127.0.0.1:{port}/claims/{claim.stem}/"
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--site", str(site),
             "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            if not wait_until_up(url, server):
                log.seek(0)
                return {"ok": False, "error": "serve did not come up: "
                        + log.read().decode("utf-8", "replace")[-1000:]}
            run = subprocess.run(["node", str(BENCH / "serve_latency.mjs"), url, str(claim),
                                  str(saves)], cwd=ROOT, capture_output=True, text=True,
                                 timeout=60 + saves * 60)
            lines = run.stdout.strip().splitlines()
            result = json.loads(lines[-1]) if lines else {"ok": False, "error": run.stderr}
        finally:
            server.send_signal(signal.SIGINT)  # serve's clean stop
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    result["page"] = url.split(str(port), 1)[1]
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen) -> bool:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False
