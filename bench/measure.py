"""Run one command and measure it: wall time, CPU time and peak memory of all its processes.

- Wall time: time.perf_counter() from just before the process starts to its exit.
- CPU time: user + system time from os.wait4, which covers the process and every child
  process it waited for (multiprocessing workers are joined, so they count).
- Peak memory: the command starts in a process group of its own; a thread samples /proc
  every 20 ms, finds the group's processes (a full scan of /proc at every sample in the
  first second, then every 100 ms, to catch new workers) and reads each one's proportional
  set size (Pss, from /proc/PID/smaps_rollup: its resident memory, with each page it shares
  with other processes divided among them, so the pages forked workers share with their
  parent count once). The figure reported is the highest sum of Pss over the group's
  processes seen at one sample: "peak memory of all processes together". The sum of each
  process's own VmHWM (its peak resident set, shared pages counted in every process that
  has them) is kept too, as an upper bound. A process that lives less than one scan
  interval can be missed.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

INTERVAL = 0.02  # seconds between samples
SCAN_EVERY = 5  # samples between full scans of /proc for new processes, after
EVERY_SAMPLE_FOR = 50  # the first second, when tools start their workers, scan at each


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    cpu: float  # seconds, user + system, the process and its children
    peak: int  # bytes: the highest sum of the processes' Pss seen at one sample
    peak_bound: int  # bytes: the sum of each process's own peak RSS (an upper bound)
    processes: int  # how many processes the group had
    code: int  # exit code
    errors: str  # the end of stderr, when the command failed


def run(command: list[str], cwd: Path | None = None, env: dict | None = None) -> Sample:
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                   stderr=stderr, start_new_session=True)
        sampler = _Sampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop()
        stderr.seek(0)
        tail = stderr.read().decode("utf-8", "replace")[-2000:] if process.returncode else ""
    return Sample(wall, usage.ru_utime + usage.ru_stime, sampler.together,
                  sum(sampler.peaks.values()), len(sampler.peaks), process.returncode, tail)


class _Sampler(threading.Thread):
    def __init__(self, group: int) -> None:
        super().__init__(daemon=True)
        self.group = group
        self.peaks: dict[int, int] = {}  # pid → its highest VmHWM seen
        self.together = 0
        self.done = threading.Event()

    def stop(self) -> None:
        self.done.set()
        self.join()

    def run(self) -> None:
        known: set[int] = {self.group}
        tick = 0
        while not self.done.is_set():
            if tick < EVERY_SAMPLE_FOR or tick % SCAN_EVERY == 0:
                known |= members(self.group)
            now = 0
            for pid in list(known):
                found = read_memory(pid)
                if found is None:
                    known.discard(pid)
                    continue
                hwm, pss = found
                self.peaks[pid] = max(self.peaks.get(pid, 0), hwm)
                now += pss
            self.together = max(self.together, now)
            tick += 1
            self.done.wait(INTERVAL)


def members(group: int) -> set[int]:
    """The processes whose process group is `group`."""
    out = set()
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_bytes()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()  # after "pid (command) "
        if len(fields) > 2 and int(fields[2]) == group:
            out.add(int(name))
    return out


def read_memory(pid: int) -> tuple[int, int] | None:
    """(VmHWM, Pss) in bytes, or None when the process has gone (or is a zombie). Where
    smaps_rollup cannot be read, VmRSS stands in for Pss."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    values = {}
    for line in status.splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            values[key] = int(value.split()[0]) * 1024
    if "VmHWM" not in values:
        return None
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                values["VmRSS"] = int(line.split()[1]) * 1024
                break
    except OSError:
        pass
    return values["VmHWM"], values["VmRSS"]
