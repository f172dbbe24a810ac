"""The ``huibian`` command: a thin layer over the library.

Each command group lives in its own module under ``huibian/commands/`` and exposes
``register(subparsers)``; this module finds them, parses the arguments, and turns
library errors into one-line messages. Exit codes: 0 success, 1 a failure the
message explains, 2 a usage error."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from huibian import __version__, commands
from huibian.core.errors import HuibianError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="huibian",
        description="汇编 huibian: ingest, search, check and compile Chinese case collections.")
    parser.add_argument("--version", action="version", version=f"huibian {__version__}")
    parser.add_argument("--db", dest="global_db", metavar="DB",
                        help="the store (default: $HUIBIAN_DB or data/huibian.db)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"huibian.commands.{info.name}")
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except HuibianError as exc:
        print(f"huibian: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("huibian: interrupted; what was stored is complete, run again to finish",
              file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
