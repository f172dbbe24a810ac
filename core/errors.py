"""Errors with stable codes. Every error names the file (when there is one) and says
what to do about it. The CLI and the app print ``str(error)`` as a single line.
Each code has one meaning; the list is docs/errors.md."""

from __future__ import annotations
from huibian.core.names import printable


class HuibianError(Exception):
    """Base error: ``code`` is stable (for scripts and tests), ``message`` says why
    and, where possible, how to fix it."""

    code = "E000"

    def __init__(self, message: str, *, file: str | None = None, code: str | None = None):
        self.message = message
        self.file = file
        if code:
            self.code = code
        super().__init__(str(self))

    def __str__(self) -> str:
        # one line whatever the name holds: control characters escaped

        where = f"{printable(self.file)}: " if self.file else ""
        return f"{where}{printable(self.message)} [{self.code}]"


class InputError(HuibianError):
    """A submitted file cannot be read (empty, corrupt, encrypted, unsupported)."""

    code = "E100"


class LimitError(InputError):
    """A file or archive is over a configured limit (size, pages, members, depth)."""

    code = "E110"


class DataFileError(HuibianError):
    """A user-editable data file (taxonomy, dictionary, stopwords, rubric) is invalid.
    The message names the file and the line."""

    code = "E200"

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 code: str | None = None):
        self.line = line
        where = f"{file}:{line}" if (file and line) else file
        super().__init__(message, file=where, code=code)


class StoreError(HuibianError):
    """The store cannot be opened or is from an incompatible version."""

    code = "E300"


class NotFound(HuibianError):
    code = "E310"


class QueryError(HuibianError):
    """A search query the engine cannot run; the message says what to change."""

    code = "E400"


class ModelError(HuibianError):
    """A saved model is missing, corrupt or from an incompatible format version."""

    code = "E500"


class ToolMissing(HuibianError):
    """An external program (LibreOffice, pdftotext) is needed and not installed."""

    code = "E600"


class PermissionDenied(HuibianError):
    code = "E700"


class SettingsError(HuibianError):
    """An environment variable (``HUIBIAN_*``) has a value huibian cannot use; the
    message names the variable, its value and what it takes (huibian.core.settings)."""

    code = "E901"


class ClusterError(HuibianError):
    """A Dask cluster for the batch work (``--cluster``) cannot be used as asked."""

    code = "E950"
