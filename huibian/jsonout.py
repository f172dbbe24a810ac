"""JSON on stdout: UTF-8, Chinese as written (``ensure_ascii=False``)."""

from __future__ import annotations

import json
import sys
from typing import Any


def print_json(obj: Any) -> None:
    out = sys.stdout
    text = json.dumps(obj, ensure_ascii=False, indent=2)
    if hasattr(out, "buffer"):
        out.buffer.write(text.encode("utf-8") + b"\n")
        out.flush()
    else:
        out.write(text + "\n")
