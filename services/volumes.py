"""The volume service (汇编): building and changing stored volumes -- title page,
preface, sections and the ordered items in each -- with the permission check and the
audit record of each change. The records are ``huibian.volume.records``.

Every function takes an open store connection and does its change in one transaction.
Positions are 1-based and kept dense (1, 2, 3 …) within a section. The same item is
never in a volume twice: checked here for a readable message, and enforced by the
primary key of ``volume_items`` as well.

``compile_volume`` resolves a volume into plain records (``Compiled``) that the
exporters render; they never read the store.

Every change takes the acting person (``actor``, a ``huibian.services.people.User``; default the
local operator at the shell, who can write the store anyway), checks that their role
may build volumes (``PermissionDenied`` otherwise), and writes an audit record
(``volume.create``, ``volume.items.add`` …) in the same transaction as the change.
``record_export`` records an export.
"""

from __future__ import annotations

import sqlite3
from typing import Iterable, Sequence

from huibian.core.errors import NotFound
from huibian.services.people import LOCAL_OPERATOR, User, audit, require
from huibian.store.db import now_iso, transaction
from huibian.volume.records import (  # noqa: F401 -- the records callers read with these functions
    AWARD_SECTIONS, SECTIONINGS, NO_REGION, VolumeError, Entry, Section, Volume,
    OutlineMark, CompiledItem, CompiledSection, Compiled, compiled_item, parse_outline)


def create_volume(conn: sqlite3.Connection, title: str, *, subtitle: str | None = None,
                  date: str | None = None, preface: str = "", sectioning: str = "award",
                  sections: Sequence[str] | None = None, actor: User = LOCAL_OPERATOR) -> int:
    """A new volume; returns its id. ``award`` starts with the three award categories,
    ``manual`` with the given ``sections``, ``region`` with none (a section per region
    is made as items are added)."""
    require(actor, "volume")
    title = (title or "").strip()
    if not title:
        raise VolumeError("a volume needs a title")
    if sectioning not in SECTIONINGS:
        raise VolumeError(f"unknown sectioning {sectioning!r}; use one of {', '.join(SECTIONINGS)}")
    if sections is None:
        sections = AWARD_SECTIONS if sectioning == "award" else ()
    names = [s.strip() for s in sections]
    if any(not n for n in names):
        raise VolumeError("a section needs a title")
    if len(set(names)) != len(names):
        raise VolumeError("section titles must differ")
    now = now_iso()
    with transaction(conn):
        cur = conn.execute(
            "INSERT INTO volumes (title, subtitle, date, preface, sectioning, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (title, subtitle, date, preface or "", sectioning, now, now))
        vid = cur.lastrowid
        for pos, name in enumerate(names, 1):
            conn.execute("INSERT INTO volume_sections (volume_id, position, title)"
                         " VALUES (?, ?, ?)", (vid, pos, name))
        audit(conn, actor, "volume.create", "volume", vid,
              {"title": title, "sectioning": sectioning, "sections": names})
    return int(vid)


def list_volumes(conn: sqlite3.Connection) -> list[dict]:
    rows = conn.execute(
        "SELECT v.id, v.title, v.updated_at, (SELECT count(*) FROM volume_items vi"
        " WHERE vi.volume_id = v.id) AS items FROM volumes v ORDER BY v.id").fetchall()
    return [dict(r) for r in rows]


def get_volume(conn: sqlite3.Connection, volume_id: int | str) -> Volume:
    vid = _volume_id(volume_id)
    row = conn.execute("SELECT * FROM volumes WHERE id = ?", (vid,)).fetchone()
    if row is None:
        raise NotFound(f"no volume {volume_id}; 'huibian volume list' shows the volumes")
    sections = []
    for s in conn.execute("SELECT id, position, title FROM volume_sections"
                          " WHERE volume_id = ? ORDER BY position, id", (vid,)):
        entries = tuple(Entry(r["item_id"], r["position"], r["title_override"],
                              r["unit_override"])
                        for r in conn.execute(
                            "SELECT item_id, position, title_override, unit_override"
                            " FROM volume_items WHERE section_id = ?"
                            " ORDER BY position, rowid", (s["id"],)))
        sections.append(Section(s["id"], s["position"], s["title"], entries))
    return Volume(vid, row["title"], row["subtitle"], row["date"], row["preface"],
                  row["sectioning"], tuple(sections), row["created_at"], row["updated_at"])


_UNSET = object()


def update_volume(conn: sqlite3.Connection, volume_id: int | str, *, title=_UNSET,
                  subtitle=_UNSET, date=_UNSET, preface=_UNSET,
                  actor: User = LOCAL_OPERATOR) -> None:
    """Change the title page or the preface; arguments not given are left as they are
    (``None`` clears subtitle and date)."""
    require(actor, "volume")
    vol = get_volume(conn, volume_id)
    changes: dict[str, object] = {}
    if title is not _UNSET:
        if not (title or "").strip():
            raise VolumeError("a volume needs a title")
        changes["title"] = title.strip()
    if subtitle is not _UNSET:
        changes["subtitle"] = subtitle or None
    if date is not _UNSET:
        changes["date"] = date or None
    if preface is not _UNSET:
        changes["preface"] = preface or ""
    old = {"title": vol.title, "subtitle": vol.subtitle, "date": vol.date,
           "preface": vol.preface}
    changes = {k: v for k, v in changes.items() if old[k] != v}
    if not changes:
        return
    with transaction(conn):
        sets = ", ".join(f"{k} = ?" for k in changes)
        conn.execute(f"UPDATE volumes SET {sets} WHERE id = ?", (*changes.values(), vol.id))
        _touch(conn, vol.id)
        if "preface" in changes:
            audit(conn, actor, "volume.preface", "volume", vol.id,
                  {"chars_before": len(vol.preface), "chars": len(changes["preface"])})
        page = {k: {"before": old[k], "after": v} for k, v in changes.items()
                if k != "preface"}
        if page:
            audit(conn, actor, "volume.update", "volume", vol.id, page)


def preface_from_item(conn: sqlite3.Connection, item_id: str) -> str:
    """The body of a stored item (e.g. a collection's 前言) to use as a preface."""
    row = _item_row(conn, item_id)
    return row["text"][row["body_start"]:].strip()


def delete_volume(conn: sqlite3.Connection, volume_id: int | str, *,
                  actor: User = LOCAL_OPERATOR) -> None:
    require(actor, "volume")
    vol = get_volume(conn, volume_id)
    with transaction(conn):
        conn.execute("DELETE FROM volumes WHERE id = ?", (vol.id,))
        audit(conn, actor, "volume.delete", "volume", vol.id,
              {"title": vol.title, "items": vol.item_ids})


# ---------------------------------------------------------------- sections

def add_section(conn: sqlite3.Connection, volume_id: int | str, title: str, *,
                position: int | None = None, actor: User = LOCAL_OPERATOR) -> int:
    require(actor, "volume")
    vol = get_volume(conn, volume_id)
    title = (title or "").strip()
    if not title:
        raise VolumeError("a section needs a title")
    if any(s.title == title for s in vol.sections):
        raise VolumeError(f"volume {vol.id} already has a section {title!r}")
    with transaction(conn):
        sid = _insert_section(conn, vol.id, title, position)
        _touch(conn, vol.id)
        audit(conn, actor, "volume.section.add", "volume", vol.id,
              {"section": title, "position": position})
    return sid


def rename_section(conn: sqlite3.Connection, volume_id: int | str, section: str,
                   new_title: str, *, actor: User = LOCAL_OPERATOR) -> None:
    require(actor, "volume")
    vol = get_volume(conn, volume_id)
    sec = _find_section(vol, section)
    new_title = (new_title or "").strip()
    if not new_title:
        raise VolumeError("a section needs a title")
    if any(s.title == new_title and s.id != sec.id for s in vol.sections):
        raise VolumeError(f"volume {vol.id} already has a section {new_title!r}")
    with transaction(conn):
        conn.execute("UPDATE volume_sections SET title = ? WHERE id = ?", (new_title, sec.id))
        _touch(conn, vol.id)
        audit(conn, actor, "volume.section.rename", "volume", vol.id,
              {"section": sec.title, "title": new_title})


def remove_section(conn: sqlite3.Connection, volume_id: int | str, section: str, *,
                   force: bool = False, actor: User = LOCAL_OPERATOR) -> None:
    require(actor, "volume")
    vol = get_volume(conn, volume_id)
    sec = _find_section(vol, section)
    if sec.entries and not force:
        raise VolumeError(f"section {sec.title!r} holds {len(sec.entries)} items; move or "
                          "remove them first, or pass --force to remove them with it")
    with transaction(conn):
        conn.execute("DELETE FROM volume_items WHERE section_id = ?", (sec.id,))
        conn.execute("DELETE FROM volume_sections WHERE id = ?", (sec.id,))
        _renumber_sections(conn, vol.id)
        _touch(conn, vol.id)
        audit(conn, actor, "volume.section.remove", "volume", vol.id,
              {"section": sec.title, "items": [e.item_id for e in sec.entries]})


def move_section(conn: sqlite3.Connection, volume_id: int | str, section: str,
                 position: int, *, actor: User = LOCAL_OPERATOR) -> None:
    require(actor, "volume")
    vol = get_volume(conn, volume_id)
    sec = _find_section(vol, section)
    order = [s.id for s in vol.sections if s.id != sec.id]
    order.insert(_clamp(position, len(order)), sec.id)
    with transaction(conn):
        for pos, sid in enumerate(order, 1):
            conn.execute("UPDATE volume_sections SET position = ? WHERE id = ?", (pos, sid))
        _touch(conn, vol.id)
        audit(conn, actor, "volume.section.move", "volume", vol.id,
              {"section": sec.title, "from": sec.position, "to": order.index(sec.id) + 1})


# ---------------------------------------------------------------- items

def add_items(conn: sqlite3.Connection, volume_id: int | str, item_ids: Iterable[str], *,
              section: str | None = None, position: int | None = None,
              actor: User = LOCAL_OPERATOR) -> list[str]:
    """Add stored items, in the order given, to ``section`` (its title or 1-based
    number), at ``position`` (default: the end). Returns the ids added. Nothing is
    added when any id is unknown or already in the volume."""
    require(actor, "volume")
    vol = get_volume(conn, volume_id)
    ids = [resolve_item_id(conn, i) for i in item_ids if i and i.strip()]
    if not ids:
        raise VolumeError("no item ids given")
    seen: set[str] = set()
    twice = [i for i in ids if i in seen or seen.add(i)]
    if twice:
        raise VolumeError(f"item {twice[0]} is given twice; an item can be in a volume once")
    present = set(vol.item_ids)
    already = [i for i in ids if i in present]
    if already:
        where = _section_of(vol, already[0])
        raise VolumeError(f"item {already[0]} is already in volume {vol.id} (section "
                          f"{where!r}); use 'huibian volume move' to change its place")
    rows = {i: _item_row(conn, i) for i in ids}
    now = now_iso()
    with transaction(conn):
        targets: dict[int, list[str]] = {}
        for i in ids:
            sid = _target_section(conn, vol, section, rows[i])
            targets.setdefault(sid, []).append(i)
        for sid, group in targets.items():
            _insert_entries(conn, vol.id, sid, group, position, now)
        _touch(conn, vol.id)
        names = dict(conn.execute(f"SELECT id, title FROM volume_sections WHERE id IN "
                                  f"({','.join('?' * len(targets))})", list(targets)).fetchall())
        audit(conn, actor, "volume.items.add", "volume", vol.id,
              {"items": ids, "sections": {names[sid]: group for sid, group in targets.items()},
               "position": position})
    return ids


def remove_items(conn: sqlite3.Connection, volume_id: int | str,
                 item_ids: Iterable[str], *, actor: User = LOCAL_OPERATOR) -> list[str]:
    require(actor, "volume")
    vol = get_volume(conn, volume_id)
    ids = [_in_volume(vol, i) for i in item_ids if i and i.strip()]
    with transaction(conn):
        sections = {r[0] for r in conn.execute(
            f"SELECT DISTINCT section_id FROM volume_items WHERE volume_id = ? AND item_id"
            f" IN ({','.join('?' * len(ids))})", (vol.id, *ids))}
        conn.executemany("DELETE FROM volume_items WHERE volume_id = ? AND item_id = ?",
                         [(vol.id, i) for i in ids])
        for sid in sections:
            _renumber_items(conn, sid)
        _touch(conn, vol.id)
        audit(conn, actor, "volume.items.remove", "volume", vol.id, {"items": ids})
    return ids


def move_item(conn: sqlite3.Connection, volume_id: int | str, item_id: str, *,
              section: str | None = None, position: int | None = None,
              actor: User = LOCAL_OPERATOR) -> None:
    """Move an item to another section and/or position (1-based; default: the end of
    the target section, or its current place when only the section is unchanged)."""
    require(actor, "volume")
    vol = get_volume(conn, volume_id)
    item_id = _in_volume(vol, item_id)
    current = next((s for s in vol.sections for e in s.entries if e.item_id == item_id), None)
    if current is None:
        raise NotFound(f"item {item_id} is not in volume {vol.id}")
    target = _find_section(vol, section) if section is not None else current
    order = [e.item_id for e in target.entries if e.item_id != item_id]
    if position is None:
        position = len(order) + 1
    order.insert(_clamp(position, len(order)), item_id)
    with transaction(conn):
        conn.execute("UPDATE volume_items SET section_id = ? WHERE volume_id = ? AND item_id = ?",
                     (target.id, vol.id, item_id))
        for pos, iid in enumerate(order, 1):
            conn.execute("UPDATE volume_items SET position = ? WHERE volume_id = ? AND"
                         " item_id = ?", (pos, vol.id, iid))
        if current.id != target.id:
            _renumber_items(conn, current.id)
        _touch(conn, vol.id)
        before = next(e.position for e in current.entries if e.item_id == item_id)
        audit(conn, actor, "volume.items.move", "volume", vol.id,
              {"item": item_id, "from": {"section": current.title, "position": before},
               "to": {"section": target.title, "position": order.index(item_id) + 1}})


def reorder_section(conn: sqlite3.Connection, volume_id: int | str, section: str,
                    item_ids: Sequence[str], *, actor: User = LOCAL_OPERATOR) -> None:
    """Put a section's items in exactly this order (every item of the section, once)."""
    require(actor, "volume")
    vol = get_volume(conn, volume_id)
    sec = _find_section(vol, section)
    have = [e.item_id for e in sec.entries]
    if sorted(have) != sorted(item_ids) or len(set(item_ids)) != len(item_ids):
        raise VolumeError(f"give every item of section {sec.title!r} exactly once: "
                          + " ".join(have))
    with transaction(conn):
        for pos, iid in enumerate(item_ids, 1):
            conn.execute("UPDATE volume_items SET position = ? WHERE section_id = ? AND"
                         " item_id = ?", (pos, sec.id, iid))
        _touch(conn, vol.id)
        audit(conn, actor, "volume.items.reorder", "volume", vol.id,
              {"section": sec.title, "before": have, "after": list(item_ids)})


def set_override(conn: sqlite3.Connection, volume_id: int | str, item_id: str, *,
                 title=_UNSET, unit=_UNSET, actor: User = LOCAL_OPERATOR) -> None:
    """Title and/or unit used for this item in this volume only (``None`` or ``""``
    goes back to the stored value). The stored submission is not changed."""
    require(actor, "volume")
    vol = get_volume(conn, volume_id)
    item_id = _in_volume(vol, item_id)
    changes = {}
    if title is not _UNSET:
        changes["title_override"] = (title or "").strip() or None
    if unit is not _UNSET:
        changes["unit_override"] = (unit or "").strip() or None
    if not changes:
        return
    with transaction(conn):
        sets = ", ".join(f"{k} = ?" for k in changes)
        conn.execute(f"UPDATE volume_items SET {sets} WHERE volume_id = ? AND item_id = ?",
                     (*changes.values(), vol.id, item_id))
        _touch(conn, vol.id)
        audit(conn, actor, "volume.items.override", "volume", vol.id,
              {"item": item_id, **{k.removesuffix("_override"): v for k, v in changes.items()}})


def record_export(conn: sqlite3.Connection, volume_id: int | str, formats: Sequence[str], *,
                  actor: User = LOCAL_OPERATOR, pages: int | None = None) -> None:
    """Record that ``actor`` exported the volume (e.g. ``["docx", "pdf"]``)."""
    require(actor, "volume")
    vol = get_volume(conn, volume_id)
    with transaction(conn):
        audit(conn, actor, "volume.export", "volume", vol.id,
              {"formats": list(formats), "items": len(vol.item_ids), "pages": pages})


# ---------------------------------------------------------------- compile

def compile_volume(conn: sqlite3.Connection, volume_id: int | str) -> Compiled:
    """The volume with every item's text, overrides applied; empty sections left out.
    An item no longer in the store is an error naming it (remove it from the volume); a
    volume without items is refused (``VolumeError``: nothing to export)."""
    vol = get_volume(conn, volume_id)
    sections = []
    for sec in vol.sections:
        items = []
        for e in sec.entries:
            row = conn.execute("SELECT * FROM items WHERE id = ?", (e.item_id,)).fetchone()
            if row is None:
                raise NotFound(f"item {e.item_id} of volume {vol.id} is no longer in the "
                               f"store; remove it: huibian volume remove {vol.id} {e.item_id}")
            items.append(compiled_item(row, e.title_override, e.unit_override))
        if items:
            sections.append(CompiledSection(sec.title, tuple(items)))
    if not sections:  # an export of nothing but a cover is refused (issue 17)
        raise VolumeError(f"volume {vol.id} has no items to export; add items with: "
                          f"huibian volume add {vol.id} ID…")
    return Compiled(vol.title, vol.subtitle, vol.date, vol.preface, tuple(sections))


# ---------------------------------------------------------------- helpers

def _volume_id(volume_id: int | str) -> int:
    try:
        return int(str(volume_id).strip())
    except ValueError:
        raise NotFound(f"no volume {volume_id!r}: volume ids are numbers "
                       "('huibian volume list' shows them)") from None


def resolve_item_id(conn: sqlite3.Connection, token: str) -> str:
    """A stored item's id from its id or a unique prefix of it."""
    token = token.strip()
    if conn.execute("SELECT 1 FROM items WHERE id = ?", (token,)).fetchone():
        return token
    rows = conn.execute("SELECT id FROM items WHERE id LIKE ? ESCAPE '\\' LIMIT 2",
                        (token.replace("\\", "\\\\").replace("%", "\\%")
                         .replace("_", "\\_") + "%",)).fetchall() if len(token) >= 4 else []
    if len(rows) == 1:
        return rows[0][0]
    if len(rows) > 1:
        raise VolumeError(f"item id prefix {token!r} matches several items; give more of it")
    raise NotFound(f"no item {token} in the store; 'huibian ls' lists the items")


def _in_volume(vol: Volume, token: str) -> str:
    """The id of an item of ``vol`` given its id or a unique prefix of it."""
    token = token.strip()
    ids = vol.item_ids
    if token in ids:
        return token
    hits = [i for i in ids if i.startswith(token)] if len(token) >= 4 else []
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise VolumeError(f"item id prefix {token!r} matches several items; give more of it")
    raise NotFound(f"item {token} is not in volume {vol.id}")


def _item_row(conn: sqlite3.Connection, item_id: str) -> sqlite3.Row:
    row = conn.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone()
    if row is None:
        raise NotFound(f"no item {item_id} in the store; 'huibian ls' lists the items")
    return row


def _find_section(vol: Volume, section: str | int) -> Section:
    key = str(section).strip()
    for s in vol.sections:
        if s.title == key:
            return s
    if key.isdigit() and 1 <= int(key) <= len(vol.sections):
        return vol.sections[int(key) - 1]
    names = ", ".join(f"{i} {s.title}" for i, s in enumerate(vol.sections, 1)) or "none yet"
    raise VolumeError(f"volume {vol.id} has no section {key!r} (sections: {names}); "
                      f"add it with: huibian volume section-add {vol.id} {key}")


def _section_of(vol: Volume, item_id: str) -> str:
    return next(s.title for s in vol.sections for e in s.entries if e.item_id == item_id)


def _target_section(conn: sqlite3.Connection, vol: Volume, section: str | None,
                    item: sqlite3.Row) -> int:
    if section is not None:
        return _find_section(_reload(conn, vol), section).id
    if vol.sectioning == "region":
        name = (item["region"] or "").strip() or NO_REGION
        row = conn.execute("SELECT id FROM volume_sections WHERE volume_id = ? AND title = ?",
                           (vol.id, name)).fetchone()
        return row["id"] if row else _insert_section(conn, vol.id, name, None)
    if len(vol.sections) == 1:
        return vol.sections[0].id
    # the section that matches the item's genre (issue 17): a case to 优秀实践案例 …
    genre = item_genre(conn, item["id"])
    wanted = GENRE_SECTIONS.get(genre or "")
    if wanted:
        row = conn.execute("SELECT id FROM volume_sections WHERE volume_id = ? AND title = ?",
                           (vol.id, wanted)).fetchone()
        if row:
            return row["id"]
        if vol.sectioning == "award":
            return _insert_section(conn, vol.id, wanted, None)
    names = ", ".join(f"{i} {s.title}" for i, s in enumerate(vol.sections, 1))
    if not names:
        raise VolumeError(f"volume {vol.id} has no sections; add one with: "
                          f"huibian volume section-add {vol.id} TITLE")
    what = f"its genre ({genre}) has no section" if genre else "its genre is not known"
    raise VolumeError(f"say which section with --section for item {item['id']}: {what} "
                      f"(volume {vol.id}: {names})")


# the award section an item of each genre goes to when the editor names none
GENRE_SECTIONS = {"case": AWARD_SECTIONS[0], "article": AWARD_SECTIONS[1],
                  "system": AWARD_SECTIONS[2]}


def item_genre(conn: sqlite3.Connection, item_id: str) -> str | None:
    """The item's genre label: a person's correction first, else the final label."""
    row = conn.execute("SELECT label FROM labels WHERE item_id = ? AND axis = 'genre' AND "
                       "source IN ('human', 'final') ORDER BY source = 'human' DESC, "
                       "score DESC, label LIMIT 1", (item_id,)).fetchone()
    return row[0] if row else None


def _reload(conn: sqlite3.Connection, vol: Volume) -> Volume:
    return get_volume(conn, vol.id)


def _insert_section(conn: sqlite3.Connection, vid: int, title: str,
                    position: int | None) -> int:
    ids = [r[0] for r in conn.execute("SELECT id FROM volume_sections WHERE volume_id = ?"
                                      " ORDER BY position, id", (vid,))]
    cur = conn.execute("INSERT INTO volume_sections (volume_id, position, title)"
                       " VALUES (?, ?, ?)", (vid, len(ids) + 1, title))
    sid = int(cur.lastrowid)
    if position is not None:
        ids.insert(_clamp(position, len(ids)), sid)
        for pos, s in enumerate(ids, 1):
            conn.execute("UPDATE volume_sections SET position = ? WHERE id = ?", (pos, s))
    return sid


def _insert_entries(conn: sqlite3.Connection, vid: int, sid: int, ids: list[str],
                    position: int | None, now: str) -> None:
    order = [r[0] for r in conn.execute("SELECT item_id FROM volume_items WHERE section_id = ?"
                                        " ORDER BY position, rowid", (sid,))]
    at = len(order) if position is None else _clamp(position, len(order))
    order[at:at] = ids
    try:
        conn.executemany("INSERT INTO volume_items (volume_id, section_id, position, item_id,"
                         " added_at) VALUES (?, ?, 0, ?, ?)", [(vid, sid, i, now) for i in ids])
    except sqlite3.IntegrityError as exc:
        raise VolumeError(f"an item is already in volume {vid} ({exc})") from exc
    for pos, iid in enumerate(order, 1):
        conn.execute("UPDATE volume_items SET position = ? WHERE section_id = ? AND item_id = ?",
                     (pos, sid, iid))


def _renumber_items(conn: sqlite3.Connection, sid: int) -> None:
    ids = [r[0] for r in conn.execute("SELECT item_id FROM volume_items WHERE section_id = ?"
                                      " ORDER BY position, rowid", (sid,))]
    for pos, iid in enumerate(ids, 1):
        conn.execute("UPDATE volume_items SET position = ? WHERE section_id = ? AND item_id = ?",
                     (pos, sid, iid))


def _renumber_sections(conn: sqlite3.Connection, vid: int) -> None:
    ids = [r[0] for r in conn.execute("SELECT id FROM volume_sections WHERE volume_id = ?"
                                      " ORDER BY position, id", (vid,))]
    for pos, sid in enumerate(ids, 1):
        conn.execute("UPDATE volume_sections SET position = ? WHERE id = ?", (pos, sid))


def _clamp(position: int, length: int) -> int:
    """1-based position → 0-based insertion index within ``length + 1`` places."""
    return max(0, min(int(position) - 1, length))


def _touch(conn: sqlite3.Connection, vid: int) -> None:
    conn.execute("UPDATE volumes SET updated_at = ? WHERE id = ?", (now_iso(), vid))
