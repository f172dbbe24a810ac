"""Messages in Chinese for the people who read the app (and the API, when asked).

An error keeps its English message (the CLI prints it, scripts and tests match on it)
and its code; what a panel sees is the Chinese text of ``models/messages_zh.json``
(a data file a user may edit, replaceable through ``HUIBIAN_MODELS``): for each code a
general ``text``, and ``forms``, each a regular expression over the English message
whose named groups (a file name, a number, a section title) fill the Chinese
template's ``{name}`` fields. The first form that matches wins; none matching gives
the general text. The code stays: ``文件为空（0 字节） [E101]``.

``zh(error)`` takes a ``HuibianError`` or a reported line ``"… [E101]"`` (an ingest
result's error); a line without a code is returned as it is."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from huibian.core.errors import DataFileError, HuibianError
from huibian.core.models_dir import model_file
from huibian.core.names import printable

CATALOG = "messages_zh.json"
CODE = re.compile(r"^E\d{3}$")
_LINE = re.compile(r"(?s)^(?P<message>.*?)\s*\[(?P<code>E\d{3})\]\s*$")


@dataclass(frozen=True)
class Entry:
    text: str
    forms: tuple[tuple[re.Pattern, str], ...] = ()

    def render(self, message: str) -> str:
        for pattern, template in self.forms:
            m = pattern.search(message)
            if m:
                values = {k: (v if v is not None else "") for k, v in m.groupdict().items()}
                return template.format(**values)
        return self.text


def _fields(template: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", template))


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> dict[str, Entry]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataFileError(f"cannot read the message catalog ({exc.strerror})", file=path) from exc
    except json.JSONDecodeError as exc:
        raise DataFileError(f"not valid JSON: {exc.msg}", file=path, line=exc.lineno) from exc
    out = {}
    for code, entry in data.items():
        if not CODE.match(code):
            continue  # a comment key
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str) \
                or not entry["text"].strip():
            raise DataFileError(f'{code}: each code needs a "text"', file=path)
        forms = []
        for form in entry.get("forms", []):
            try:
                pattern = re.compile(form["en"])
                template = form["zh"]
            except (KeyError, TypeError, re.error) as exc:
                raise DataFileError(f"{code}: a form needs a valid \"en\" pattern and a \"zh\" "
                                    f"text ({exc})", file=path) from exc
            missing = _fields(template) - set(pattern.groupindex)
            if missing:
                raise DataFileError(f"{code}: the text names {', '.join(sorted(missing))}, which "
                                    "the pattern does not capture", file=path)
            forms.append((pattern, template))
        out[code] = Entry(entry["text"], tuple(forms))
    return out


def catalog(path: str | Path | None = None) -> dict[str, Entry]:
    """The message catalog in use (reloaded when its file changes)."""
    p = Path(path) if path is not None else model_file(CATALOG)
    return _load(str(p), p.stat().st_mtime if p.exists() else 0.0)


def zh_text(code: str, message: str, *, path: str | Path | None = None) -> str:
    """The Chinese text for an error of ``code`` whose English message is ``message``
    (without file and code); the English message itself for a code the catalog lacks."""
    entry = catalog(path).get(code)
    return entry.render(message) if entry is not None else message


def zh(error: HuibianError | str, *, file: str | None = None,
       path: str | Path | None = None) -> str:
    """``error`` in Chinese with its file (when there is one) and its code:
    ``空文件.txt：文件为空（0 字节） [E101]``."""
    if isinstance(error, HuibianError):
        message, code, file = error.message, error.code, error.file or file
    else:
        m = _LINE.match(str(error))
        if m is None:
            return str(error)
        message, code = m["message"], m["code"]
        if file and message.startswith(f"{printable(file)}: "):
            message = message[len(printable(file)) + 2:]
    where = f"{printable(file)}：" if file else ""
    return f"{where}{printable(zh_text(code, message, path=path))} [{code}]"
