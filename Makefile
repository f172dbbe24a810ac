# huibian: two commands on a fresh machine.
#   make run   - create the environment, ingest the sample corpus, start the app
#   make test  - create the environment (and the Debian packages tests use), run the tests

VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
PYTHON  ?= python3
DEBS    := fonts-noto-cjk poppler-utils chromium libreoffice-writer-nogui tesseract-ocr tesseract-ocr-chi-sim postgresql
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export HUIBIAN_DB ?= data/huibian.db

.PHONY: run test env system-deps bench samples clean

env: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[test]'
	touch $(STAMP)

# Debian packages: CJK fonts (PDF rendering), poppler (pdftotext/pdftoppm in tests),
# Chromium (browser tests), LibreOffice (legacy .doc and PDF export), Tesseract with
# its Simplified Chinese model (OCR of scanned PDFs and images, ingest/ocr.py),
# PostgreSQL (the tests start a throwaway server for the PostgreSQL store, testkit/pgserver.py).
system-deps:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

run: $(STAMP) system-deps
	$(PY) -m huibian.cli ingest corpora/sample
	$(VENV)/bin/streamlit run app.py --server.address 127.0.0.1 --server.headless true

# Two pytest workers (pytest-xdist), one per core of the machines we target; a test
# module's tests stay on one worker (--dist loadfile: its fixtures are built once),
# the slowest modules first (tests/conftest.py SLOWEST_FIRST; --no-loadscope-reorder
# keeps that order instead of xdist's, most tests first).
# TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= 2

test: $(STAMP) system-deps
	$(VENV)/bin/pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile \
		--no-loadscope-reorder

bench: $(STAMP) system-deps
	$(PY) bench/run_all.py

samples: $(STAMP)
	$(PY) corpora/make_samples.py

clean:
	rm -rf $(VENV) data
