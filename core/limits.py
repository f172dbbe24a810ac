"""Configurable limits on what one submission may be. Each limit, when hit, gives a
``LimitError`` naming the file and the limit. The values come from settings
(``HUIBIAN_MAX_FILE_MB`` …): ``Limits`` is defined in ``huibian.core.settings``, the
one module that reads the environment, and re-exported here."""

from __future__ import annotations

from huibian.core.settings import MB, Limits

__all__ = ["MB", "Limits"]
