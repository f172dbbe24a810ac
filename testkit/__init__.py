"""Utilities shared by tests/ and bench/, on the top floor (they may use any part of
the product; nothing in the product imports them). Writes stores only through the
library.

- ``samples``: the sample corpus of a checkout, its seed documents, a one-page notice;
- file makers: ``pdfmaker`` (text PDFs), ``scanmaker`` (scans: image PDFs, PNG, TIFF),
  ``ofdmaker`` (OFD), ``docxmaker`` (DOCX), ``zipmaker`` (zips byte by byte, bombs,
  raw names), ``fuzzcases`` (the fuzz bench's mutated inputs);
- ``memwatch``: peak memory of a process tree (/proc), for tests and benchmarks;
- ``warm_workers``: imported by a test session's forkserver (tests/conftest.py), so
  in-process ingests' workers start with the default stages' models loaded;
- corpus builders: ``corpus`` (sample paragraphs recombined, large-vocabulary items,
  a benchmark store through ``huibian.store.bulk`` and the search writer),
  ``corpus_vocab`` (the large-vocabulary generator);
- the benchmark suite: ``benchlib`` (the result line), ``benchsuite`` (the list of
  benchmarks, running one, the report)."""
