"""Search speed on the large-vocabulary corpus (issue 8's targets: p95 at most 20 ms at
100,000 items, 100 ms at 1,000,000): ``bench/search_speed.py --corpus vocab``.

    python bench/search_speed_vocab.py             # 100,000 items
    python bench/search_speed_vocab.py -n 1000000  # the national scale (hours to build)
    python bench/search_speed_vocab.py --quick
"""

from __future__ import annotations

import sys

# a sibling script: run as python bench/NAME.py, bench/ is sys.path[0]
from search_speed import main

if __name__ == "__main__":
    sys.exit(main(["--corpus", "vocab", *sys.argv[1:]]))
