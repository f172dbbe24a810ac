"""SQLite's SQL as PostgreSQL runs it: the one place the store's SQL is translated.

The product writes its queries in SQLite's dialect (``?`` placeholders, ``INSERT OR
IGNORE/REPLACE``, ``rowid``, a few SQLite functions). ``translate`` rewrites one
statement for PostgreSQL, given the tables' shapes (``TableInfo``, read from the
server by ``store.postgres``). It is a pure function: the same text and shapes give the
same statement. What it does:

* ``?`` → ``%s``, ``?NNN`` → ``%(pNNN)s`` (``named`` tells the caller to pass a dict),
  ``%`` → ``%%``; string literals and quoted names are left as they are (but their
  ``%`` doubled, as psycopg reads the whole text); a blob literal ``x'0a'`` →
  ``'\\x0a'::bytea``;
* ``end`` as a column name → ``"end"`` (a reserved word in PostgreSQL; the product
  writes the keyword ``END`` in capitals);
* ``INSERT OR IGNORE`` → ``… ON CONFLICT DO NOTHING``; ``INSERT OR REPLACE`` → ``… ON
  CONFLICT (primary key) DO UPDATE SET`` every other given column, and a new ``rowid``
  as SQLite's replace gives one;
* ``GROUP_CONCAT`` → ``string_agg``, ``char(n)`` → ``chr(n)``, ``total(x)`` → ``coalesce(sum(x), 0)``, scalar
  ``max(a, b)``/``min(a, b)`` → ``GREATEST``/``LEAST``, ``json_each(?)`` →
  ``json_array_elements_text(?::json)``, ``x GLOB 'pattern'`` → a regular expression,
  ``LIKE`` → ``ILIKE`` (SQLite's LIKE ignores ASCII case), ``IS ?`` → ``IS NOT
  DISTINCT FROM``;
* an ``INSERT`` into a table with an identity column returns it (``returning``), so
  the cursor has SQLite's ``lastrowid``;
* an ``ON CONFLICT … DO UPDATE SET c = c + 1`` has its bare columns on the right
  qualified (SQLite reads them as the stored row's, PostgreSQL calls them ambiguous);
* an ``INSERT`` giving the identity column itself is marked (``sets_identity``): the
  caller moves the identity's sequence past it;
* a ``SELECT *`` is marked (``hide_rowid``): its rows leave out the ``rowid`` column the
  PostgreSQL tables have (SQLite's ``*`` does not include it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class TableInfo:
    """One table's columns in order, its primary key, and its identity column (the
    ``rowid`` of a table without an integer key, else that key), if any."""

    columns: tuple[str, ...]
    primary_key: tuple[str, ...]
    identity: str | None = None


@dataclass(frozen=True)
class Translated:
    sql: str
    named: bool          # parameters are passed by name (p1, p2 …)
    returning: bool      # the statement returns the inserted rows' identity
    hide_rowid: bool = False  # a ``SELECT *`` without rowid: SQLite's ``*`` has none
    # (table, identity column) of an INSERT that gives the identity itself (an import):
    # the identity's sequence is moved past it afterwards, as SQLite's rowid follows max
    sets_identity: tuple[str, str] | None = None


_INSERT = re.compile(r"^\s*INSERT\s+(?:OR\s+(IGNORE|REPLACE)\s+)?INTO\s+(\w+)\s*"
                     r"(\(([^()]*)\))?", re.IGNORECASE)
_GLOB = re.compile(r"\bGLOB\s+'((?:[^']|'')*)'", re.IGNORECASE)
_SCALAR = re.compile(r"\b(max|min)\(", re.IGNORECASE)


def _scan(sql: str) -> tuple[str, bool]:
    """Placeholders, ``%``, ``end`` and LIKE outside literals; (text, named)."""
    out: list[str] = []
    named = False
    i, n = 0, len(sql)
    while i < n:
        c = sql[i]
        if c in "'\"":
            j = i + 1
            while j < n:
                if sql[j] == c:
                    if j + 1 < n and sql[j + 1] == c:
                        j += 2
                        continue
                    break
                j += 1
            out.append(sql[i:j + 1].replace("%", "%%"))
            i = j + 1
        elif c == "-" and sql.startswith("--", i):
            j = sql.find("\n", i)
            j = n if j < 0 else j
            out.append(sql[i:j].replace("%", "%%"))
            i = j
        elif c == "?":
            j = i + 1
            while j < n and sql[j].isdigit():
                j += 1
            if j > i + 1:
                named = True
                out.append(f"%(p{sql[i + 1:j]})s")
            else:
                out.append("%s")
            i = j
        elif c == "%":
            out.append("%%")
            i += 1
        elif c.isalpha() or c == "_":
            j = i
            while j < n and (sql[j].isalnum() or sql[j] == "_"):
                j += 1
            word = sql[i:j]
            if word in ("x", "X") and j < n and sql[j] == "'":  # a blob literal x'0a1b'
                k = sql.index("'", j + 1)
                out.append(f"'\\x{sql[j + 1:k]}'::bytea")
                i = k + 1
                continue
            if word == "end":
                out.append('"end"')
            elif word.upper() == "LIKE":
                out.append("ILIKE")
            elif word.upper() == "GROUP_CONCAT":
                out.append("string_agg")
            elif word.lower() == "char" and j < n and sql[j] == "(":
                out.append("chr")
            else:
                out.append(word)
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out), named


def _close_paren(sql: str, open_at: int) -> int:
    """Index of the parenthesis closing the one at ``open_at`` (literals skipped)."""
    depth, i = 0, open_at
    while i < len(sql):
        c = sql[i]
        if c == "'":
            i = sql.index("'", i + 1)
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(sql) - 1


def _has_top_comma(inner: str) -> bool:
    depth = 0
    for c in inner:
        depth += (c == "(") - (c == ")")
        if c == "," and depth == 0:
            return True
    return False


def _functions(sql: str) -> str:
    sql = re.sub(r"\btotal\(", "__total(", sql, flags=re.IGNORECASE)
    while "__total(" in sql:
        at = sql.index("__total(")
        end = _close_paren(sql, at + 7)
        sql = f"{sql[:at]}coalesce(sum({sql[at + 8:end]}), 0){sql[end + 1:]}"
    pos = 0
    while (m := _SCALAR.search(sql, pos)) is not None:
        end = _close_paren(sql, m.end() - 1)
        if _has_top_comma(sql[m.end():end]):
            name = "GREATEST" if m.group(1).lower() == "max" else "LEAST"
            sql = sql[:m.start()] + name + sql[m.end() - 1:]
        pos = m.start() + 1
    param = r"(%s|%\(p\d+\)s)"
    sql = re.sub(r"\bIS\s+NOT\s+" + param, r"IS DISTINCT FROM \1", sql, flags=re.IGNORECASE)
    sql = re.sub(r"\bIS\s+" + param, r"IS NOT DISTINCT FROM \1", sql, flags=re.IGNORECASE)
    sql = re.sub(r"\bjson_each\((%s|%\(p\d+\)s)\)", r"json_array_elements_text(\1::json)", sql)
    return _GLOB.sub(lambda m: "~ '" + _glob_regex(m.group(1)) + "'", sql)


def _glob_regex(pattern: str) -> str:
    out = ["^"]
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "*":
            out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "[":
            j = pattern.index("]", i + 1)
            out.append(pattern[i:j + 1])
            i = j
        elif c in ".^$+(){}|\\":
            out.append("\\" + c)
        else:
            out.append(c)
        i += 1
    return "".join(out) + "$"


def _conflict(sql: str, m: re.Match, tables: dict[str, TableInfo]) -> str:
    """The ON CONFLICT clause of an ``INSERT OR IGNORE/REPLACE`` (``m``: its head)."""
    if m.group(1).upper() == "IGNORE":
        return " ON CONFLICT DO NOTHING"
    info = tables.get(m.group(2).lower())
    if info is None or not info.primary_key:
        return " ON CONFLICT DO NOTHING"
    if m.group(4) is not None:
        given = [c.strip().strip('"').lower() for c in m.group(4).split(",")]
    else:
        given = [c for c in info.columns if c != "rowid"]
    keys = ", ".join(f'"{c}"' for c in info.primary_key)
    sets = [f'"{c}" = EXCLUDED."{c}"' for c in given if c not in info.primary_key]
    if info.identity == "rowid":
        sets.append("rowid = DEFAULT")  # SQLite's replace gives the row a new rowid
    if not sets:
        return f" ON CONFLICT ({keys}) DO NOTHING"
    return f" ON CONFLICT ({keys}) DO UPDATE SET {', '.join(sets)}"


_UPSERT = re.compile(r"\bDO\s+UPDATE\s+SET\s+", re.IGNORECASE)
_SET_END = re.compile(r"\s(WHERE|RETURNING)\s", re.IGNORECASE)


def _qualify_upsert(body: str, table: str, info: TableInfo | None) -> str:
    """``ON CONFLICT … DO UPDATE SET df = df + 1``: SQLite reads a bare column on the
    right as the stored row's; PostgreSQL calls it ambiguous, so it is qualified."""
    m = _UPSERT.search(body)
    if m is None or info is None:
        return body
    stop = _SET_END.search(body, m.end())
    end = stop.start() if stop else len(body)
    parts, depth, start = [], 0, m.end()
    for k in range(m.end(), end):
        depth += (body[k] == "(") - (body[k] == ")")
        if body[k] == "," and depth == 0:
            parts.append(body[start:k])
            start = k + 1
    parts.append(body[start:end])
    cols = "|".join(re.escape(c) for c in info.columns)
    out = []
    for part in parts:
        lhs, eq, rhs = part.partition("=")
        rhs = re.sub(rf"(?<![.\w])({cols})\b", rf"{table}.\1", rhs)
        out.append(lhs + eq + rhs)
    return body[:m.end()] + ",".join(out) + body[end:]


def translate(sql: str, tables: dict[str, TableInfo], *, many: bool = False) -> Translated:
    """One SQLite statement as PostgreSQL runs it (``many``: for ``executemany``, no
    ``RETURNING``)."""
    body = sql.strip().rstrip(";")
    head = _INSERT.match(body)
    returning = False
    sets_identity = None
    if head is not None:
        given_info = tables.get(head.group(2).lower())
        if given_info is not None and given_info.identity and head.group(4) is not None and \
                given_info.identity in [c.strip().strip('"').lower()
                                        for c in head.group(4).split(",")]:
            sets_identity = (head.group(2).lower(), given_info.identity)
        tail = ""
        if head.group(1):
            tail = _conflict(body, head, tables)
            body = body[:head.start()] + re.sub(r"\s+OR\s+(IGNORE|REPLACE)", "", head.group(0),
                                                count=1, flags=re.IGNORECASE) \
                + body[head.end():]
        info = tables.get(head.group(2).lower())
        body = _qualify_upsert(body, head.group(2), info)
        if not many and info is not None and info.identity and \
                not re.search(r"\bRETURNING\b", body, re.IGNORECASE):
            tail += f" RETURNING {info.identity}"
            returning = True
        body += tail
    text, named = _scan(body)
    select_list = re.split(r"\bFROM\b", body, maxsplit=1, flags=re.IGNORECASE)[0]
    hide = bool(re.match(r"\s*SELECT\b", body, re.IGNORECASE)) and "*" in select_list \
        and not re.search(r"\browid\b", select_list, re.IGNORECASE)
    return Translated(_functions(text), named, returning, hide, sets_identity)


def begin_statement(sql: str) -> str | None:
    """``"immediate"``, ``"deferred"`` or None: a ``BEGIN`` SQLite-style."""
    words = sql.strip().rstrip(";").upper().split()
    if not words or words[0] != "BEGIN":
        return None
    if len(words) > 1 and words[1] in ("IMMEDIATE", "EXCLUSIVE"):
        return "immediate"
    return "deferred"
