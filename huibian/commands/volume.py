"""``huibian volume …``: build a compiled volume (汇编) and export it to DOCX / PDF.

A thin layer over ``huibian.services.volumes`` and ``huibian.volume.pdf_export``; messages go to stderr,
the new volume's id (``new``) and ``show``/``list`` output to stdout."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from huibian.commands._common import add_db_option, open_store
from huibian.core.errors import InputError
from huibian.jsonout import print_json


def register(sub: argparse._SubParsersAction) -> None:
    vp = sub.add_parser("volume", help="build a compiled volume (汇编) and export DOCX/PDF",
                        description="Build a compiled volume: choose and order items in "
                                    "sections, write the preface, export DOCX and PDF.")
    vs = vp.add_subparsers(dest="volume_command", metavar="ACTION")

    def cmd(name, func, help_):
        p = vs.add_parser(name, help=help_, description=help_)
        add_db_option(p)
        p.set_defaults(func=func)
        return p

    p = cmd("new", run_new, "create a volume; prints its id")
    p.add_argument("title", metavar="TITLE")
    p.add_argument("--subtitle")
    p.add_argument("--date", help="shown on the cover, e.g. 2012年7月")
    p.add_argument("--sections", choices=("award", "region", "manual"), default="award",
                   help="award: 优秀实践案例 / 优秀理论文章 / 优秀工作制度 (default); region: "
                        "one section per item region; manual: the --section titles given")
    p.add_argument("--section", action="append", default=None, metavar="TITLE",
                   help="a section title (repeatable; with --sections manual)")

    p = cmd("list", run_list, "list the volumes")
    p.add_argument("--json", action="store_true")

    p = cmd("show", run_show, "show a volume's sections and items")
    p.add_argument("volume", metavar="VOL")
    p.add_argument("--json", action="store_true")

    p = cmd("add", run_add, "add items (ids, unique id prefixes, or - to read ids from stdin)")
    p.add_argument("volume", metavar="VOL")
    p.add_argument("ids", metavar="ID", nargs="+")
    p.add_argument("--section", help="section title or number (1 = the first)")
    p.add_argument("--at", type=int, metavar="POS", help="insert at this position (1-based)")

    p = cmd("remove", run_remove, "remove items from the volume (the stored items stay)")
    p.add_argument("volume", metavar="VOL")
    p.add_argument("ids", metavar="ID", nargs="+")

    p = cmd("move", run_move, "move an item to another section and/or position")
    p.add_argument("volume", metavar="VOL")
    p.add_argument("id", metavar="ID")
    p.add_argument("--section", help="target section title or number")
    p.add_argument("--to", type=int, metavar="POS", help="position in the section (1-based)")

    p = cmd("override", run_override, "set an item's title or unit for this volume only")
    p.add_argument("volume", metavar="VOL")
    p.add_argument("id", metavar="ID")
    p.add_argument("--title", help="title to print ('' = back to the stored one)")
    p.add_argument("--unit", help="unit line to print ('' = back to the stored one)")

    p = cmd("set", run_set, "change the cover: title, subtitle, date")
    p.add_argument("volume", metavar="VOL")
    p.add_argument("--title")
    p.add_argument("--subtitle")
    p.add_argument("--date")

    p = cmd("set-preface", run_set_preface, "set the preface (前言) from a UTF-8 text file")
    p.add_argument("volume", metavar="VOL")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("file", metavar="FILE", nargs="?", help="a text file, or - for stdin")
    src.add_argument("--item", metavar="ID", help="use a stored item's text (e.g. a 前言)")

    p = cmd("section-add", run_section_add, "add a section")
    p.add_argument("volume", metavar="VOL")
    p.add_argument("title", metavar="TITLE")
    p.add_argument("--at", type=int, metavar="POS")

    p = cmd("section-rename", run_section_rename, "rename a section")
    p.add_argument("volume", metavar="VOL")
    p.add_argument("section", metavar="SECTION")
    p.add_argument("title", metavar="NEW_TITLE")

    p = cmd("section-move", run_section_move, "move a section to a position")
    p.add_argument("volume", metavar="VOL")
    p.add_argument("section", metavar="SECTION")
    p.add_argument("to", metavar="POS", type=int)

    p = cmd("section-remove", run_section_remove, "remove a section")
    p.add_argument("volume", metavar="VOL")
    p.add_argument("section", metavar="SECTION")
    p.add_argument("--force", action="store_true", help="remove its items from the volume too")

    p = cmd("delete", run_delete, "delete a volume (the stored items stay)")
    p.add_argument("volume", metavar="VOL")

    p = cmd("export", run_export, "export to DOCX (and PDF) in official layout")
    p.add_argument("volume", metavar="VOL")
    p.add_argument("--docx", required=True, metavar="OUT", help="the .docx to write")
    p.add_argument("--pdf", metavar="OUT", help="also write this PDF (needs LibreOffice)")

    vp.set_defaults(func=lambda args: (vp.print_help(sys.stderr), 2)[1])


def _say(msg: str) -> None:
    print(msg, file=sys.stderr)


def run_new(args) -> int:
    from huibian.services.volumes import create_volume  # deferred for start-up time (argon2)

    conn = open_store(args)
    vid = create_volume(conn, args.title, subtitle=args.subtitle, date=args.date,
                        sectioning=args.sections,
                        sections=args.section if args.section else None)
    print(vid)
    return 0


def run_list(args) -> int:
    from huibian.services.volumes import list_volumes  # deferred for start-up time (argon2)

    rows = list_volumes(open_store(args))
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"{r['id']}  {r['items']:>4} items  {r['title']}")
    return 0


def volume_as_dict(conn, vid) -> dict:
    from huibian.services.volumes import get_volume  # deferred for start-up time (argon2)

    vol = get_volume(conn, vid)
    sections = []
    for s in vol.sections:
        items = []
        for e in s.entries:
            row = conn.execute("SELECT title, unit FROM items WHERE id = ?",
                               (e.item_id,)).fetchone()
            items.append({"id": e.item_id, "position": e.position,
                          "title": e.title_override or (row["title"] if row else None),
                          "unit": e.unit_override or (row["unit"] if row else None),
                          "title_override": e.title_override, "unit_override": e.unit_override,
                          "missing": row is None})
        sections.append({"position": s.position, "title": s.title, "items": items})
    return {"id": vol.id, "title": vol.title, "subtitle": vol.subtitle, "date": vol.date,
            "sectioning": vol.sectioning, "preface": vol.preface, "sections": sections}


def run_show(args) -> int:
    conn = open_store(args)
    d = volume_as_dict(conn, args.volume)
    if args.json:
        print_json(d)
        return 0
    print(f"{d['id']}  {d['title']}" + (f"  {d['subtitle']}" if d["subtitle"] else "")
          + (f"  ({d['date']})" if d["date"] else ""))
    preface = d["preface"].strip()
    print(f"前言: {len(preface)} 字" if preface else "前言: (none; huibian volume set-preface)")
    for s in d["sections"]:
        print(f"{s['position']}. {s['title']}  ({len(s['items'])})")
        for it in s["items"]:
            mark = "  [no longer stored]" if it["missing"] else ""
            print(f"   {it['position']:>3}  {it['id']}  {it['title']}  [{it['unit'] or '-'}]{mark}")
    return 0


def _ids(tokens: list[str]) -> list[str]:
    if tokens == ["-"]:
        return [t for line in sys.stdin for t in line.split()]
    return tokens


def run_add(args) -> int:
    from huibian.services.volumes import add_items  # deferred for start-up time (argon2)

    added = add_items(open_store(args), args.volume, _ids(args.ids), section=args.section,
                      position=args.at)
    _say(f"added {len(added)} item{'s' if len(added) != 1 else ''} to volume {args.volume}")
    return 0


def run_remove(args) -> int:
    from huibian.services.volumes import remove_items  # deferred for start-up time (argon2)

    removed = remove_items(open_store(args), args.volume, _ids(args.ids))
    _say(f"removed {len(removed)} item{'s' if len(removed) != 1 else ''} from volume "
         f"{args.volume}")
    return 0


def run_move(args) -> int:
    from huibian.services.volumes import move_item  # deferred for start-up time (argon2)

    if args.section is None and args.to is None:
        raise InputError("say where: --section and/or --to", code="E801")
    move_item(open_store(args), args.volume, args.id, section=args.section, position=args.to)
    return 0


def run_override(args) -> int:
    from huibian.services.volumes import set_override  # deferred for start-up time (argon2)

    kw = {k: getattr(args, k) for k in ("title", "unit") if getattr(args, k) is not None}
    if not kw:
        raise InputError("give --title and/or --unit", code="E801")
    set_override(open_store(args), args.volume, args.id, **kw)
    return 0


def run_set(args) -> int:
    from huibian.services.volumes import update_volume  # deferred for start-up time (argon2)

    kw = {k: getattr(args, k) for k in ("title", "subtitle", "date")
          if getattr(args, k) is not None}
    if not kw:
        raise InputError("give --title, --subtitle and/or --date", code="E801")
    update_volume(open_store(args), args.volume, **kw)
    return 0


def run_set_preface(args) -> int:
    # deferred for start-up time (argon2)
    from huibian.services.volumes import preface_from_item, resolve_item_id, update_volume

    conn = open_store(args)
    if args.item:
        text = preface_from_item(conn, resolve_item_id(conn, args.item))
    elif args.file == "-":
        text = sys.stdin.read()
    else:
        path = Path(args.file)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise InputError("no such file", file=str(path), code="E101") from None
        except UnicodeDecodeError:
            raise InputError("not UTF-8 text; save the preface as UTF-8", file=str(path),
                             code="E102") from None
    update_volume(conn, args.volume, preface=text)
    _say(f"preface set ({len(text.strip())} characters)")
    return 0


def run_section_add(args) -> int:
    from huibian.services.volumes import add_section  # deferred for start-up time (argon2)

    add_section(open_store(args), args.volume, args.title, position=args.at)
    return 0


def run_section_rename(args) -> int:
    from huibian.services.volumes import rename_section  # deferred for start-up time (argon2)

    rename_section(open_store(args), args.volume, args.section, args.title)
    return 0


def run_section_move(args) -> int:
    from huibian.services.volumes import move_section  # deferred for start-up time (argon2)

    move_section(open_store(args), args.volume, args.section, args.to)
    return 0


def run_section_remove(args) -> int:
    from huibian.services.volumes import remove_section  # deferred for start-up time (argon2)

    remove_section(open_store(args), args.volume, args.section, force=args.force)
    return 0


def run_delete(args) -> int:
    from huibian.services.volumes import delete_volume  # deferred for start-up time (argon2)

    delete_volume(open_store(args), args.volume)
    return 0


def run_export(args) -> int:
    # deferred for start-up time (argon2)
    from huibian.services.volumes import compile_volume, record_export
    from huibian.volume.pdf_export import export_volume  # deferred for start-up time (docx)

    conn = open_store(args)
    compiled = compile_volume(conn, args.volume)
    result = export_volume(compiled, args.docx, args.pdf)
    record_export(conn, args.volume, ["docx"] + (["pdf"] if result.pdf else []),
                  pages=result.page_count if result.pdf else None)
    for w in result.warnings:
        _say(f"warning: {w}")
    done = f"wrote {result.docx}"
    if result.pdf:
        done += f" and {result.pdf} ({result.page_count} pages)"
    _say(done)
    return 0
