"""导入 Import (admins): upload several files or a zip; a progress bar over files; a
result table (stored / duplicate / failed with the reason). New items appear in
search at once: the query caches are cleared after the import."""

from __future__ import annotations

import streamlit as st

from huibian.app_pages import _ui
from huibian.core.limits import Limits
from huibian.ingest.ocr_record import note_zh
from huibian.store.catalog import item_titles
from huibian.pipeline.sources import sources_from_bytes

STATUS = {"stored": "已入库", "duplicate": "重复", "failed": "失败"}
TYPES = ["pdf", "docx", "doc", "wps", "txt", "text", "md", "zip", "ofd", "png", "jpg", "jpeg",
         "tif", "tiff"]


def import_uploads(uploads, progress=None) -> list[dict]:
    """Ingest uploaded files (each file, or each zip member, in its own transaction)
    on a separate connection. Returns one row per file for the result table."""
    # deferred for start-up time (datasketch, numpy, scipy, sklearn)
    from huibian.pipeline.ingestor import Ingestor

    user = _ui.need("import")
    limits = Limits.from_env()
    conn = _ui.import_connection()
    try:
        # deferred: the page works without it (start-up time)
        from huibian.store.documents import sweep_orphans

        sweep_orphans(conn)  # originals an interrupted import left without a row
        with Ingestor(conn, _ui.resources(), limits) as ingestor:  # stops its workers
            return _ingest(ingestor, conn, user, uploads, limits, progress)
    finally:
        conn.close()


def _ingest(ingestor, conn, user, uploads, limits, progress) -> list[dict]:
    from huibian.services.people import audit  # deferred for start-up time (argon2)

    rows = []
    for n, up in enumerate(uploads):
        if progress:
            progress(n, len(uploads), up.name)
        for src in sources_from_bytes(up.name, up.getvalue(), limits):
            r = ingestor.ingest_one(src)
            rows.append({"文件": r.name, "结果": STATUS[r.status], "条目数": r.items,
                         "说明": (f"与已入库的 {r.duplicate_of} 相同" if r.status == "duplicate"
                                else _ui.message(r.error) if r.error
                                else _rendition_note(r) or _ocr_note(r.ocr))})
            if r.status == "stored":
                audit(conn, user, "import", "file", r.name, {"items": list(r.item_ids)})
    if progress:
        progress(len(uploads), len(uploads), "")
    return rows


def _rendition_note(r) -> str:
    """Items that repeat stored ones (issue 17): 为已入库文档的另一版本：标题（单位）。"""
    if not r.rendition_of:
        return ""
    with _ui.db() as conn:
        titles = item_titles(conn, list(r.rendition_of))
    named = "；".join(f"{t}（{u or '未署单位'}）" for t, u in titles.values())
    return f"为已入库文档的另一版本：{named}"


def _ocr_note(note: str | None) -> str:
    """The ingest line's OCR note in Chinese: 经 OCR 识别；第 4 页识别置信度低."""

    return note_zh(note)


@_ui.page("导入", action="import", needs_items=False)
def render() -> None:
    st.write("上传 PDF、OFD、Word（docx/doc/wps）、文本文件、扫描图片（PNG/JPEG/TIFF，"
             "自动识别文字），或包含它们的 zip 压缩包。同一文件重复上传不会重复入库。")
    uploads = st.file_uploader("选择文件", type=TYPES, accept_multiple_files=True,
                               key="import_files")
    if st.button("开始导入", key="import_go", type="primary", disabled=not uploads):
        bar = st.progress(0.0, text="准备导入…")

        def progress(done: int, total: int, name: str) -> None:
            bar.progress(done / max(total, 1),
                         text=f"{done}/{total} {name}" if name else f"完成 {total} 个文件")

        rows = import_uploads(uploads, progress)
        _ui.clear_query_caches()
        st.session_state["import_result"] = rows
    rows = st.session_state.get("import_result")
    if rows:
        stored = sum(r["结果"] == "已入库" for r in rows)
        dup = sum(r["结果"] == "重复" for r in rows)
        failed = sum(r["结果"] == "失败" for r in rows)
        st.success(f"导入完成：{stored} 个已入库，{dup} 个重复，{failed} 个失败。新文档已可检索。")
        st.dataframe(rows, hide_index=True, width="stretch", key="import_table")
    elif _ui.item_count() == 0:
        st.info("库中还没有文档，请上传文件开始。")
