"""The forkserver the reading workers (``huibian.pipeline.workers``) are forked from:
what it imports before it forks (``PRELOAD``) and starting it. Standard library only,
so that a command can start it before importing the ingest stages itself: the
forkserver's imports (seconds: spaCy, skops, the analysis modules) then run while
the command's own imports do, on another core, instead of after them."""

from __future__ import annotations

import multiprocessing
import sys
from contextlib import contextmanager
from multiprocessing import forkserver

PRELOAD = ["huibian.pipeline.process", "huibian.ingest.split", "huibian.ingest.readers.pdf", "huibian.ingest.readers.docx",
           "huibian.ingest.readers.text", "huibian.ingest.readers.legacy",
           # what the ingest stages import (seconds of sklearn/spaCy/skops imports): paid
           # once in the forkserver, not again in every worker it forks
           "huibian.store.documents", "huibian.pipeline.resources", "huibian.nlp.segment", "huibian.nlp.analysis",
           "huibian.nlp.analysis_store", "huibian.nlp.annotate", "huibian.nlp.carriers", "huibian.search.index",
           "huibian.similarity.stage", "spacy", "skops.io"]


@contextmanager
def without_main_module():
    """Start a worker without asking it to re-run the parent's ``__main__``: our
    worker needs only ``huibian.pipeline.workers``, and the parent's main script may be one a
    child cannot run (Streamlit's ``app.py`` would start a second app; AppTest's main is
    a temporary page script). multiprocessing re-runs ``__main__`` in the child when it
    has ``__file__`` or a ``__spec__``; hide both while the process starts."""
    main = sys.modules.get("__main__")
    saved = {k: main.__dict__[k] for k in ("__file__", "__spec__")
             if main is not None and k in main.__dict__}
    if main is not None:
        main.__dict__.pop("__file__", None)
        main.__dict__["__spec__"] = None
    try:
        yield
    finally:
        if main is not None:
            main.__dict__.pop("__spec__", None)
            main.__dict__.update(saved)


def start_forkserver() -> None:
    """Start this process's forkserver with ``PRELOAD`` now, without waiting for it
    (a no-op when it runs already): its imports go on in the background until the
    first worker is forked."""
    multiprocessing.get_context("forkserver").set_forkserver_preload(PRELOAD)
    with without_main_module():
        forkserver.ensure_running()
