"""Progress while one file is read (OCR page by page), for whoever listens.

A reader calls ``report("ocr", page, pages)`` after each page it reads by OCR; the
caller that wants to hear it reads the file inside ``listening(callback)``: the reading
worker process forwards each report to the main process, which shows it on the CLI's
progress line. The listener is a context variable, set for the duration of one read
and reset after it; with no listener a report does nothing."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator

Listener = Callable[[str, int, int], None]
_listener: ContextVar[Listener | None] = ContextVar("huibian_read_progress", default=None)


@contextmanager
def listening(callback: Listener | None) -> Iterator[None]:
    token = _listener.set(callback)
    try:
        yield
    finally:
        _listener.reset(token)


def report(step: str, done: int, total: int) -> None:
    callback = _listener.get()
    if callback is not None:
        callback(step, done, total)
