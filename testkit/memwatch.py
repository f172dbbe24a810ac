"""Memory of a process and every process below it, sampled from /proc (Linux).

The ingest workers are children of a forkserver, so ``getrusage(RUSAGE_CHILDREN)`` in
the caller does not see them: ``TreePeaks`` walks /proc's parent links every 20 ms
and keeps each process's high-water mark (VmHWM: a peak shorter than a sample is
counted too) and the largest sum of the tree's PSS (proportional set size: a page
shared by the forkserver and the workers is counted once, split between them; a
spike shorter than a sample can be missed by the sum). ``run_with_peak`` runs a
command under it. One implementation for the tests (tests/ingest) and the
benchmarks (bench/ingest_speed.py, bench/app_memory_server.py)."""

from __future__ import annotations

import os
import subprocess
import threading


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (walking /proc's parent links)."""
    parent: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parent.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        kids = parent.get(todo.pop(), [])
        out += kids
        todo += kids
    return out


def status_kib(pid: int, fields: tuple[str, ...], path: str = "status") -> dict[str, float]:
    """The ``fields`` (kB values) of /proc/PID/``path`` (``status`` or
    ``smaps_rollup``) that are there; {} when the process is gone."""
    out = {}
    try:
        with open(f"/proc/{pid}/{path}") as fh:
            for line in fh:
                key = line.split(":", 1)[0]
                if key in fields:
                    out[key] = float(line.split()[1])
    except OSError:
        pass
    return out


class TreePeaks:
    """The memory of process ``root`` (default: this one) and every process below it,
    sampled every ``every`` seconds in a thread: ``hwm`` maps each pid seen to its
    VmHWM (KiB), ``pss_peak`` is the largest sum of their PSS (KiB; sampled only with
    ``pss``)."""

    def __init__(self, every: float = 0.02, root: int | None = None, pss: bool = True):
        self.every, self.root, self.pss = every, root, pss
        self.hwm: dict[int, float] = {}
        self.pss_peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        root = os.getpid() if self.root is None else self.root
        pss = 0.0
        for pid in [root, *descendants(root)]:
            if self.pss:
                pss += status_kib(pid, ("Pss",), "smaps_rollup").get("Pss", 0.0)
            kib = status_kib(pid, ("VmHWM",)).get("VmHWM")
            if kib is not None:
                self.hwm[pid] = max(kib, self.hwm.get(pid, 0.0))
        self.pss_peak = max(self.pss_peak, pss)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.every)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run_with_peak(cmd: list, **kw) -> tuple[subprocess.CompletedProcess, int]:
    """Run ``cmd`` (``subprocess.Popen`` keywords); return its result and the largest
    peak resident size (MB) of it and any process below it while it ran."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    peaks = TreePeaks(root=proc.pid, pss=False)
    peaks.start()
    try:
        out, err = proc.communicate(timeout=900)
    finally:
        peaks.stop()
    result = subprocess.CompletedProcess(cmd, proc.returncode, out, err)
    return result, int(max(peaks.hwm.values(), default=0)) // 1024
