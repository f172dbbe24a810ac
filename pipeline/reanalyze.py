"""``huibian reanalyze``: run the analysis again (labels, keywords, entities, named
carriers; after ``huibian train`` or an edit of the taxonomy or the lexicons) over every
stored item, and refresh the search facets from the new labels.

Batches of items are analyzed where files are read: in the local reader worker
processes (``huibian.pipeline.workers.FileWorkers``, the analyzer loaded once in each)
or, with a cluster, on its Dask workers (``huibian.pipeline.cluster.ClusterWorkers``);
both run a batch as a ``Job`` under ``HUIBIAN_FILE_TIMEOUT``. This process writes each
batch in one transaction, in the order stored, through the store layer
(``write_analysis``, ``refresh_facets``). A run that is stopped leaves its mark (how far
it got, committed with each batch) in the store, and the next run resumes after it. Human labels are kept (they still override the model)."""

from __future__ import annotations

import sqlite3
from collections import deque
from dataclasses import dataclass
from typing import Callable

from huibian.core.errors import HuibianError
from huibian.core.limits import Limits
from huibian.nlp.analysis_store import (analysis_stage, final_labels, reanalysis_begin,
                                        reanalysis_end, reanalysis_progress, reanalysis_todo,
                                        write_analysis)
from huibian.pipeline.resources import Resources
from huibian.pipeline.workers import FileWorkers, Job, StagePlan, WorkerBug
from huibian.search.index import refresh_facets
from huibian.store.db import transaction
from huibian.store.documents import get_items

BATCH = 32


def reanalysis_stages(resources: Resources) -> list:
    """What a worker builds (and warms up) before its first batch: the analyzer."""
    return [analysis_stage(resources)]


def analyze_batch(resources: Resources, items: list) -> list[dict]:
    """The analysis of a batch of stored items (run in a worker)."""
    return resources.analyzer.analyze(items)


@dataclass
class ReanalyzeReport:
    items: int = 0  # analyzed by this run
    changed: int = 0  # of them, items whose model labels changed
    resumed: bool = False

    def summary(self) -> str:
        return (f"reanalyzed {self.items} item{'s' if self.items != 1 else ''}: "
                f"{self.changed} with changed labels")

    def as_dict(self) -> dict:
        return {"items": self.items, "changed": self.changed, "resumed": self.resumed}


def reanalyze(conn: sqlite3.Connection, resources: Resources | None = None, *,
              cluster=None, processes: int = 2, batch: int = BATCH,
              limits: Limits | None = None,
              on_batch: Callable[[int, int], None] | None = None) -> ReanalyzeReport:
    """Analyze every stored item again (or the rest of an interrupted run), ``batch``
    items a job, each batch written in one transaction. ``cluster``: a
    ``huibian.pipeline.cluster.Cluster`` whose workers analyze. ``on_batch(done,
    total)`` after each committed batch."""
    resources = resources or Resources()
    limits = limits or Limits.from_env()
    models_dir = resources.models_dir
    plan = StagePlan(reanalysis_stages, str(models_dir) if models_dir is not None else None)
    with transaction(conn):
        after, resumed = reanalysis_begin(conn)
    report = ReanalyzeReport(resumed=resumed)
    todo = reanalysis_todo(conn, after)
    chunks = [todo[k:k + batch] for k in range(0, len(todo), batch)]
    if cluster is not None:
        # deferred for start-up time: the cluster side imports dask
        from huibian.pipeline.cluster import ClusterWorkers

        workers = ClusterWorkers(cluster, limits, plan=plan)
    else:
        workers = FileWorkers(limits, processes=processes, plan=plan)
    try:
        pending: deque = deque()
        queue = iter(chunks)
        ahead = 2 * workers.processes
        while True:
            while len(pending) < ahead and workers.idle:
                chunk = next(queue, None)
                if chunk is None:
                    break
                ids = [iid for _, iid in chunk]
                items = get_items(conn, ids)
                pending.append((items, chunk[-1][0], workers.submit(
                    Job(f"items {ids[0]}…{ids[-1]}", analyze_batch, (items,)))))
            if not pending:
                break
            items, upto, ticket = pending.popleft()
            results = _result(workers, ticket)
            _write(conn, resources, items, results, upto, report)
            if on_batch:
                on_batch(report.items, len(todo))
    finally:
        workers.close()
    with transaction(conn):
        reanalysis_end(conn)
    return report


def _result(workers, ticket) -> list[dict]:
    try:
        return workers.result(ticket)
    except WorkerBug as exc:  # a bug in the analysis: the run stops (and resumes later)
        raise HuibianError(f"analysis failed on {ticket.src.name} ({exc.type_name}: "
                           f"{exc.message})", code="E953") from None


def _write(conn: sqlite3.Connection, resources: Resources, items: list, results: list,
           upto: int, report: ReanalyzeReport) -> None:
    """One batch's analysis and search facets, in one transaction."""
    ids = [it.id for it in items]
    with transaction(conn):
        before = final_labels(conn, ids)
        for item_id, result in zip(ids, results):
            write_analysis(conn, item_id, result)
        after = final_labels(conn, ids)
        refresh_facets(conn, resources.tokenizer, ids)
        reanalysis_progress(conn, upto)
    report.items += len(ids)
    report.changed += sum(before[i] != after[i] for i in ids)
