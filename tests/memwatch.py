"""Peak memory of a command and every process it starts (the ingest workers are
children of a forkserver, so ``getrusage(RUSAGE_CHILDREN)`` in the caller does not see
them): each process's high-water mark (VmHWM) sampled every 20 ms from /proc."""

from __future__ import annotations

import os
import subprocess
import threading


def _tree(pid: int) -> list[int]:
    parent: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parent.setdefault(ppid, []).append(int(entry))
    out, todo = [pid], [pid]
    while todo:
        kids = parent.get(todo.pop(), [])
        out += kids
        todo += kids
    return out


def _hwm_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_with_peak(cmd: list, **kw) -> tuple[subprocess.CompletedProcess, int]:
    """Run ``cmd`` (``subprocess.Popen`` keywords); return its result and the largest
    peak resident size (MB) of it and any process below it while it ran."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    peaks: dict[int, int] = {}
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            for pid in _tree(proc.pid):
                peaks[pid] = max(peaks.get(pid, 0), _hwm_kib(pid))
            done.wait(0.02)

    t = threading.Thread(target=watch, daemon=True)
    t.start()
    out, err = proc.communicate(timeout=900)
    done.set()
    t.join()
    result = subprocess.CompletedProcess(cmd, proc.returncode, out, err)
    return result, max(peaks.values(), default=0) // 1024
