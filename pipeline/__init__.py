"""The pipeline: a file read, analyzed and stored (``ingestor``), the worker
processes that read files in isolation (``workers``), the heavy resources loaded once
(``resources``) and every whole-store operation (backup, restore, export, JSONL import)."""
