"""The similarity check at national scale (issue 8: median at most 1 s against
1,000,000 prior items): ``bench/similarity_speed.py --items 1000000``. About 25
minutes on two cores (most of it making and storing the items) and 6 GB of disk.

    python bench/similarity_speed_1m.py
    python bench/similarity_speed_1m.py --quick
"""

from __future__ import annotations

import sys

# a sibling script: run as python bench/NAME.py, bench/ is sys.path[0]
from similarity_speed import main

if __name__ == "__main__":
    args = ["--name", "similarity_speed_1m", *sys.argv[1:]]
    sys.exit(main(args if "--quick" in args else ["--items", "1000000", *args]))
