"""Times as a panel reads them: in the campaign's time zone (``HUIBIAN_TZ``, default
Asia/Shanghai), to the minute, ``2026-12-06 14:05`` — never a ``+00:00`` offset.

The store keeps UTC ISO times (``2026-12-06T06:05:00+00:00``); a time without an
offset is taken as UTC, the store's convention. A date alone (``2026-12-06``) is a
calendar date and is shown as it is."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from huibian.core.settings import read_setting

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def campaign_zone(tz: str | None = None) -> ZoneInfo:
    """The campaign's time zone: ``tz``, else ``HUIBIAN_TZ``."""
    return ZoneInfo(tz or read_setting("HUIBIAN_TZ"))


def local_time(value: str | datetime | float | int | None, *, tz: str | None = None,
               seconds: bool = False) -> str:
    """``value`` (an ISO time, a datetime or a Unix time) in the campaign's time zone as
    ``2026-12-06 14:05`` (``:SS`` with ``seconds``); ``""`` for none; a text that is not
    a time is returned as it is."""
    if value is None or value == "":
        return ""
    if isinstance(value, (int, float)):
        moment = datetime.fromtimestamp(value, timezone.utc)
    elif isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip()
        if _DATE_ONLY.match(text):
            return text
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    local = moment.astimezone(campaign_zone(tz))
    return local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
