"""Ingest workers that start with their models loaded, for a test session.

Every in-process ``Ingestor`` starts its own reading workers, and each worker builds
the ingest stages (the classifier, jieba's part-of-speech tables, the thesaurus, spaCy)
before its first file: seconds per worker, paid again by every test that ingests.
The workers are forked from one forkserver per process, which imports
``huibian.pipeline.workers.PRELOAD`` when it starts. tests/conftest.py adds this
module to that list, so in a test session the forkserver builds the default stages
(``StagePlan(stages_for, None)``: what ``Ingestor(conn)`` and ``Ingestor(conn,
resources)`` send) once, by the workers' own ``_build_stages`` (models loaded, the
warm-up document prepared), and every worker it forks starts with a copy of them.

Any other plan (another models folder, another stage factory: tests/ingest's spinning
and recording stages) is built in the worker as before, and so is everything in a
process that does not import this module (the CLI, the app, the API server, the
benchmarks: the product's own start-up is what those tests measure). If the build
fails here, nothing is replaced and the workers build their stages themselves (and
report the failure as they would)."""

from __future__ import annotations

from huibian.pipeline import workers
from huibian.pipeline.process import stages_for

DEFAULT_PLAN = workers.StagePlan(stages_for, None)


def _install() -> bool:
    build = workers._build_stages
    try:
        built = build(DEFAULT_PLAN)
    except Exception:  # noqa: BLE001 - the workers build (and report) it themselves
        return False

    def build_stages(plan):
        return built if plan == DEFAULT_PLAN else build(plan)

    build_stages.__doc__ = build.__doc__
    workers._build_stages = build_stages
    return True


installed = _install()
