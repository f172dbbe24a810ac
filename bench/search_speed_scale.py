"""Search speed on the way to the national scale: ``bench/search_speed.py --corpus
vocab`` at 300,000 large-vocabulary items, the largest size this machine builds in
reasonable time (about an hour and 26 GB with the FTS5 baseline). Issue 8's goal is
p95 at most 100 ms at 1,000,000 items; that store needs about 90 GB and several hours
(``bench/search_speed_vocab.py -n 1000000``), so this point, beside the 100,000-item
rows, shows how p95 grows with the collection. It has no goal of its own.

    python bench/search_speed_scale.py                  # 300,000 items
    python bench/search_speed_scale.py -n 200000 --db /tmp/s/vocab.db --reuse
    python bench/search_speed_scale.py --quick
"""

from __future__ import annotations

import sys

# a sibling script: run as python bench/NAME.py, bench/ is sys.path[0]
from search_speed import main

if __name__ == "__main__":
    args = sys.argv[1:]
    if "-n" not in args and "--quick" not in args:
        args = ["-n", "300000", *args]
    sys.exit(main(["--corpus", "vocab", *args], bench="search_speed_scale"))
