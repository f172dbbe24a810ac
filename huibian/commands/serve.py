"""``huibian serve [--host 127.0.0.1] [--port 8000]``: the HTTP API (``huibian.api``)
on uvicorn, over the same store as the other commands."""

from __future__ import annotations

import argparse
import os
import sys

from huibian.commands._common import add_db_option, db_path
from huibian.services.people import ensure_first_admin
from huibian.store import connect
from huibian.store.db import resolved_db


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve the HTTP API (OpenAPI at /api/v1/openapi.json)",
                       description="Serve the HTTP API over the store: token sign-in, "
                                   "uploads as background tasks, search, check, labels, "
                                   "reviews, volumes. Docs at http://HOST:PORT/api/v1/docs.")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1; put a TLS proxy in front "
                        "for a network)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--with-app", action="store_true",
                   help="serve the app (Streamlit) at / of the same process, the API at "
                        "/api/v1 (from a checkout)")
    p.add_argument("--log-level", default="info",
                   choices=("critical", "error", "warning", "info", "debug"))
    add_db_option(p)
    p.set_defaults(func=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn  # deferred for start-up time (uvicorn, only for this command)

    if not 0 < args.port < 65536:
        print("huibian: --port must be between 1 and 65535", file=sys.stderr)
        return 2
    conn = connect(db_path(args))
    created = ensure_first_admin(conn)  # HUIBIAN_ADMIN_PASSWORD, as the app does
    conn.close()
    if created is not None:
        print(f"huibian: created the first admin account {created.name}", file=sys.stderr)
    # the API is a floor of its own beside the CLI: uvicorn loads it by name, for the
    # store named here
    os.environ["HUIBIAN_DB"] = str(resolved_db(db_path(args)))
    print(f"huibian: serving the API on http://{args.host}:{args.port}/api/v1 "
          f"(docs: /api/v1/docs)" + (", the app at /" if args.with_app else ""),
          file=sys.stderr, flush=True)
    factory = "app_and_ui_from_env" if args.with_app else "app_from_env"
    uvicorn.run(f"huibian.api.app:{factory}", factory=True, host=args.host, port=args.port,
                log_level=args.log_level, proxy_headers=False)
    return 0
