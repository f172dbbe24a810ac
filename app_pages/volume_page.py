"""汇编 Volume: create a volume, add items (by id, from the item list or the review
shortlist), order and move them, edit titles/units for the volume, write the preface,
and export DOCX / PDF. All logic is in ``huibian.services.volumes`` and ``huibian.volume.pdf_export``.

Items and volumes are picked by id, shown as "title（unit）· id": the same article
may be submitted twice (PDF and text) with the same title and unit. Every edit passes
the signed-in user to ``huibian.services.volumes``, which checks the role and writes the audit log."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import streamlit as st

from huibian.app_pages import _ui
from huibian.services import volumes as model
from huibian.store.catalog import find_items, item_titles
from huibian.store.documents import get_item

MAX_CHOICES = 200  # items offered in the picker at once (type to narrow a large store)


def _warning_zh(text: str) -> str:
    """An export warning (volume.pdf_export, English for the CLI) in Chinese."""
    m = re.match(r"page numbers still moved after (\d+) renders", text)
    if m:
        return f"目录页码经 {m[1]} 次排版仍有变动，可能差一页；请在 Word 中更新域（F9）。"
    return text


def item_label(item_id: str, title: str | None, unit: str | None, extra: str = "") -> str:
    """An item as the picker shows it: title（unit）, no hex id (issue 17); ``extra``
    (its file and length) tells apart two items of the same title and unit."""
    return f"{title or '（无标题）'}（{unit or '未署单位'}）" + (f"· {extra}" if extra else "")


def _apart(conn, rows) -> dict[str, str]:
    """{id: file name · N字} of the rows whose title and unit another row shares."""
    seen: dict[tuple, int] = {}
    for _, title, unit in rows:
        seen[(title, unit)] = seen.get((title, unit), 0) + 1
    out = {}
    for i, title, unit in rows:
        if seen[(title, unit)] > 1:
            it = get_item(conn, i)
            name = it.source.replace("\\", "/").split("/")[-1]
            out[i] = f"{name} · {it.chars}字"
    return out


def volume_label(v: dict) -> str:
    return f"{v['title']}（{v['items']} 篇）· #{v['id']}"


def render(ctx=None) -> None:  # ctx: reserved for the app's shared context
    _render()


@_ui.page("汇编", action="volume")
def _render() -> None:
    with _ui.db() as conn:
        volumes = model.list_volumes(conn)
    if "vol_pending" in st.session_state:  # a volume just made: select it
        st.session_state["vol_pick"] = st.session_state.pop("vol_pending")
    linked = st.query_params.get("id")  # a link /volume?id=N opens that volume
    if (linked and linked.isdigit() and int(linked) in {v["id"] for v in volumes}
            and st.session_state.get("vol_linked") != linked):
        st.session_state["vol_linked"] = linked
        st.session_state["vol_pick"] = int(linked)
    with st.sidebar:
        choice = st.selectbox("汇编", [v["id"] for v in volumes] + [None], key="vol_pick",
                              format_func=lambda v: "＋ 新建汇编" if v is None else
                              next(volume_label(x) for x in volumes if x["id"] == v))
    if choice is None:
        st.query_params.pop("id", None)
        _new_volume()
        return
    st.query_params["id"] = str(choice)  # this page's link names the volume shown
    st.session_state["vol_linked"] = str(choice)
    with _ui.db() as conn:
        vol = model.get_volume(conn, choice)
        titles = item_titles(conn, vol.item_ids)
    tab_items, tab_add, tab_front, tab_export = st.tabs(["目录与排序", "添加文档", "封面与前言",
                                                         "导出"])
    with tab_items:
        _sections(vol, titles)
    with tab_add:
        _add(vol, titles)
    with tab_front:
        _front(vol)
    with tab_export:
        _export(vol)


def _new_volume() -> None:
    with st.form("vol_new"):
        title = st.text_input("标题", key="vol_new_title")
        subtitle = st.text_input("副标题（可选）", key="vol_new_subtitle")
        date = st.text_input("日期（可选，如 2012年7月）", key="vol_new_date")
        mode = st.radio("分编方式", ["award", "region", "manual"], key="vol_new_mode",
                        format_func={"award": "按奖项（优秀实践案例 / 优秀理论文章 / 优秀工作制度）",
                                     "region": "按地区（添加时自动分编）",
                                     "manual": "自定义（每行一个分编标题）"}.get)
        custom = st.text_area("自定义分编", key="vol_new_sections")
        if st.form_submit_button("新建"):
            sections = [s for s in custom.splitlines() if s.strip()] if mode == "manual" else None
            with _ui.db() as conn:
                vid = model.create_volume(conn, title, subtitle=subtitle or None,
                                          date=date or None, sectioning=mode, sections=sections,
                                          actor=_ui.need("volume"))
            st.session_state["vol_pending"] = vid
            st.rerun()


def _sections(vol: model.Volume, titles: dict) -> None:
    if not vol.item_ids:
        st.info("这本汇编还没有文档。请在「添加文档」中添加。")
    names = [s.title for s in vol.sections]
    for sec in vol.sections:
        st.subheader(f"{sec.position}\\. {_ui.md(sec.title)}（{len(sec.entries)} 篇）")
        for e in sec.entries:
            title, unit = titles.get(e.item_id, ("（已不在库中）", None))
            cols = st.columns([6, 1, 1, 2, 1])
            shown = e.title_override or title
            cols[0].markdown(f"**{e.position}.** {_ui.md(shown)}  \n"
                             f":small[{_ui.md(e.unit_override or unit or '—')} · `{e.item_id}`]")
            key = f"{vol.id}_{e.item_id}"
            if cols[1].button("↑", key=f"up_{key}", disabled=e.position == 1):
                _do(model.move_item, vol.id, e.item_id, position=e.position - 1)
            if cols[2].button("↓", key=f"down_{key}", disabled=e.position == len(sec.entries)):
                _do(model.move_item, vol.id, e.item_id, position=e.position + 1)
            target = cols[3].selectbox("移至", names, index=names.index(sec.title),
                                       key=f"sec_{key}", label_visibility="collapsed")
            if target != sec.title:
                _do(model.move_item, vol.id, e.item_id, section=target)
            if cols[4].button("移除", key=f"rm_{key}"):
                _do(model.remove_items, vol.id, [e.item_id])
            with st.expander("本汇编中的标题与单位", expanded=False):
                t = st.text_input("标题", value=e.title_override or "", placeholder=title,
                                  key=f"ot_{key}")
                u = st.text_input("单位", value=e.unit_override or "", placeholder=unit or "",
                                  key=f"ou_{key}")
                if st.button("保存（不改动原文档）", key=f"os_{key}"):
                    _do(model.set_override, vol.id, e.item_id, title=t, unit=u)
    with st.expander("分编管理"):
        new = st.text_input("新分编标题", key=f"secnew_{vol.id}")
        if st.button("添加分编", key=f"secadd_{vol.id}") and new.strip():
            _do(model.add_section, vol.id, new)
        if names:
            which = st.selectbox("分编", names, key=f"secwhich_{vol.id}")
            force = st.checkbox("连同其中的文档一起移除", key=f"secforce_{vol.id}")
            if st.button("删除分编", key=f"secdel_{vol.id}"):
                _do(model.remove_section, vol.id, which, force=force)


def _candidates(vol: model.Volume, needle: str) -> dict[str, str]:
    """Items not yet in the volume whose title, unit or id holds ``needle`` (at most
    MAX_CHOICES, by title): {id: label}."""
    present = set(vol.item_ids)
    with _ui.db() as conn:
        rows = find_items(conn, needle, MAX_CHOICES + len(present), order="title")
        rows = [r for r in rows if r[0] not in present]
        extra = _apart(conn, rows)
    out = {i: item_label(i, title, unit, extra.get(i, "")) for i, title, unit in rows}
    return dict(list(out.items())[:MAX_CHOICES])


def _add(vol: model.Volume, titles: dict) -> None:
    names = [s.title for s in vol.sections]
    present = set(vol.item_ids)
    needle = st.text_input("查找文档（标题或单位）", key=f"add_find_{vol.id}",
                           placeholder="输入标题或单位的一部分")
    labels = _candidates(vol, needle.strip())
    prior = [i for i in st.session_state.get(f"add_pick_{vol.id}", []) if i not in labels]
    if prior:  # keep what was already picked when the search text changes
        with _ui.db() as conn:
            for i, (title, unit) in item_titles(conn, prior).items():
                labels[i] = item_label(i, title, unit)
    if len(labels) >= MAX_CHOICES:
        st.caption(f"只列出前 {MAX_CHOICES} 篇；输入标题、单位或编号的一部分以缩小范围。")
    picked = st.multiselect("文档", list(labels), key=f"add_pick_{vol.id}",
                            placeholder="选择文档", format_func=lambda i: labels.get(i, i))
    ids_text = st.text_area("或粘贴文档编号（空格或换行分隔）", key=f"add_ids_{vol.id}")
    shortlist = _shortlist_ids()
    use_short = 0
    if shortlist:
        use_short = st.number_input("或添加评审入围名单的前 N 篇", 0, len(shortlist), 0,
                                    key=f"add_short_{vol.id}")
    section = None
    if vol.sectioning != "region" or names:
        # None: by region (a region volume), else by each item's genre (issue 17)
        section = st.selectbox("加入分编", [None] + names, key=f"add_sec_{vol.id}",
                               format_func=lambda s: s if s is not None else (
                                   "按地区自动" if vol.sectioning == "region"
                                   else "按文种自动（案例、文章、制度各入其栏）"))
    if st.button("添加", key=f"add_go_{vol.id}", type="primary"):
        ids = list(picked) + ids_text.split()
        ids += [i for i in shortlist[:use_short] if i not in present and i not in ids]
        st.session_state.pop(f"add_pick_{vol.id}", None)
        _do(model.add_items, vol.id, ids, section=section)


def _shortlist_ids() -> list[str]:
    try:
        # deferred for start-up time (argon2)
        from huibian.services.review import shortlist
    except ImportError:
        return []
    try:
        with _ui.db() as conn:
            return [r.item_id for r in shortlist(conn, _ui.current_user(), _ui.rubric())]
    except Exception:  # noqa: BLE001 - no rubric or no scores yet: no shortlist to offer
        return []


def _front(vol: model.Volume) -> None:
    with st.form(f"front_{vol.id}"):
        title = st.text_input("标题", value=vol.title, key=f"ft_{vol.id}")
        subtitle = st.text_input("副标题", value=vol.subtitle or "", key=f"fs_{vol.id}")
        date = st.text_input("日期", value=vol.date or "", key=f"fd_{vol.id}")
        preface = st.text_area("前言（每段一行）", value=vol.preface, height=300,
                               key=f"fp_{vol.id}")
        if st.form_submit_button("保存"):
            _do(model.update_volume, vol.id, title=title, subtitle=subtitle, date=date,
                preface=preface)


def _export(vol: model.Volume) -> None:
    # deferred for start-up time (docx)
    from huibian.volume.pdf_export import export_volume, find_soffice

    want_pdf = st.checkbox("同时生成 PDF", value=find_soffice() is not None,
                           key=f"ex_pdf_{vol.id}", disabled=find_soffice() is None)
    if find_soffice() is None:
        st.warning("未安装 LibreOffice：无法生成 PDF，目录页码需在 Word 中更新域（F9）。"
                   "安装：sudo apt-get install libreoffice-writer-nogui")
    if st.button("导出", key=f"ex_go_{vol.id}", type="primary"):
        user = _ui.need("volume")
        with _ui.db() as conn:
            compiled = model.compile_volume(conn, vol.id)
        with st.spinner("正在排版（LibreOffice 渲染并计算目录页码）…"), \
                tempfile.TemporaryDirectory() as tmp:
            result = export_volume(compiled, Path(tmp) / "volume.docx",
                                   Path(tmp) / "volume.pdf" if want_pdf else None)
            st.session_state[f"ex_out_{vol.id}"] = (
                result.docx.read_bytes(), result.pdf.read_bytes() if result.pdf else None,
                result.page_count, result.warnings)
        with _ui.db() as conn:
            model.record_export(conn, vol.id, ["docx"] + (["pdf"] if result.pdf else []),
                                actor=user, pages=result.page_count)
    out = st.session_state.get(f"ex_out_{vol.id}")
    if out:
        docx_bytes, pdf_bytes, pages, warnings = out
        for w in warnings:
            st.warning(_warning_zh(w))
        st.success(f"已生成{f'（共 {pages} 页）' if pages else ''}。")
        st.download_button("下载 DOCX", docx_bytes, file_name=f"{vol.title}.docx",
                           key=f"ex_docx_{vol.id}",
                           mime="application/vnd.openxmlformats-officedocument."
                                "wordprocessingml.document")
        if pdf_bytes:
            st.download_button("下载 PDF", pdf_bytes, file_name=f"{vol.title}.pdf",
                               mime="application/pdf", key=f"ex_pdfdl_{vol.id}")


def _do(func, *args, **kwargs) -> None:
    """Run one volume edit as the signed-in user and redraw; errors are shown by the
    page guard."""
    user = _ui.need("volume")
    with _ui.db() as conn:
        func(conn, *args, actor=user, **kwargs)
    st.rerun()
