"""Where a model file is read from: the one resolver for the data the product reads
(taxonomy.json, userdict.txt, stopwords.txt, layout/furniture.txt, classifier.skops …).

The files ship as package data of ``huibian.models`` (the repository's ``models/``
folder, nested under ``huibian/`` in a wheel) and are found with ``importlib.resources``,
never through the source tree. A user's folder named by ``HUIBIAN_MODELS`` may hold any
of them: a file it has replaces the packaged one of the same relative name, every other
file still comes from the package. A ``models_dir`` given explicitly (a test's folder,
``huibian train --models-dir``) is used as it is, file by file, without falling back."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path, PurePosixPath

from huibian.core.errors import DataFileError
from huibian.core.settings import Settings, read_setting, read_settings

PACKAGE = "huibian.models"
_PACKAGED = Path(os.fspath(files(PACKAGE)))  # a constant: where the package is installed


def packaged_models_dir() -> Path:
    """The folder of the packaged model files."""
    return _PACKAGED


def models_override(settings: Settings | None = None) -> Path | None:
    """The ``HUIBIAN_MODELS`` folder, if one is set."""
    return read_setting("HUIBIAN_MODELS") if settings is None else settings.models


def _checked(name: str) -> str:
    rel = PurePosixPath(name)
    if not name or rel.is_absolute() or ".." in rel.parts:
        raise DataFileError("a model file is named by its path inside the models folder",
                            file=name)
    return rel.as_posix()


def model_file(name: str, models_dir: str | os.PathLike | None = None,
               settings: Settings | None = None) -> Path:
    """The path of the model file ``name`` (``"stopwords.txt"``,
    ``"layout/furniture.txt"``): ``models_dir/name`` when a folder is given; else the
    ``HUIBIAN_MODELS`` folder's file when it has one; else the packaged file. The path
    may not exist (an optional file such as label_thresholds.json); loaders say so."""
    name = _checked(name)
    if models_dir is not None:
        return Path(models_dir) / name
    folder = models_override(settings)
    if folder is not None:
        override = folder / name
        if override.is_file():
            return override
    return _PACKAGED / name


def writable_models_dir(settings: Settings | None = None) -> Path:
    """Where a newly trained model is written by default: the ``HUIBIAN_MODELS``
    folder when one is set (it then replaces the packaged model), else the packaged
    folder (a source checkout's ``models/``)."""
    settings = read_settings() if settings is None else settings
    return settings.models if settings.models is not None else packaged_models_dir()
