"""huibian (汇编): document mining for Chinese case collections.

One import root for the whole product. Its packages live in the repository's
top-level folders -- ``core/``, ``ingest/``, ``nlp/``, ``search/``, ``similarity/``,
``store/``, ``volume/``, ``pipeline/``, ``services/``, ``evaluation/``,
``app_pages/`` and the data folder ``models/`` -- and are imported as
``huibian.core``, ``huibian.ingest``, ... A built wheel nests them under
``huibian/`` (``pyproject.toml`` maps each folder with ``package-dir``), so nothing
generic (``store``, ``search``, ``models``) lands in site-packages. In a source
checkout the same names resolve to the folders beside this one: the repository root
is added to this package's search path, once, at import, only when it is a
checkout (it holds ``pyproject.toml`` and the ``core/`` folder) and the package is
not already installed nested."""

from pathlib import Path as _Path

__version__ = "0.1.0"

_here = _Path(__file__).resolve().parent
_root = _here.parent
if not (_here / "core").is_dir() and (_root / "pyproject.toml").is_file() \
        and (_root / "core" / "__init__.py").is_file():
    __path__.append(str(_root))  # noqa: F821 -- a package's module search path
del _Path, _here, _root
