"""查重 Check: upload one file and see its similarity report (passages highlighted,
sources side by side). The file is not stored unless an admin asks for it."""

from __future__ import annotations

import streamlit as st

from huibian.app_pages import _ui
from huibian.app_pages.import_page import TYPES, import_uploads
from huibian.app_pages.item_page import checker, similarity_html, similarity_pdf
from huibian.core.errors import InputError
from huibian.core.records import SourceFile
from huibian.core.limits import Limits


@_ui.page("查重")
def render() -> None:
    try:
        # deferred for start-up time (datasketch, numpy, scipy)
        from huibian.similarity.report import submission_for_document
        # (same reason: numpy)
        from huibian.similarity.pdf_report import report_numbers
    except ImportError:
        _ui.unavailable("查重", "huibian.similarity.report")
        return
    # deferred for start-up time (datasketch, numpy, scipy, sklearn)
    from huibian.pipeline.workers import FileWorkers, WorkerBug

    st.write("上传一个文件，与库中全部文档比对。文件只用于本次检测，不会入库。")
    up = st.file_uploader("待检测文件", type=[t for t in TYPES if t != "zip"],
                          key="check_file")
    if up is None:
        return
    src = SourceFile.from_bytes(up.name, up.getvalue())
    exact_only = st.toggle("仅原文复制（不计改写复制，同知网口径）", key="check_exact_only",
                           help="改写复制：同义词替换、调换语序、拼接多篇等改头换面的抄袭")
    # each step shown while it runs (issue 17: a check takes seconds)
    with st.status("正在查重…", expanded=True) as status:
        status.write(f"读取文件 {_ui.md(up.name)}")
        # read in a worker process under the per-file time limit: a pathological upload
        # must not tie up or crash the app server
        with FileWorkers(Limits.from_env(), processes=1) as workers:
            try:
                doc = workers.process(src)
            except WorkerBug as exc:
                raise InputError(f"读取该文件时出错（{exc.type_name}），请另存为 PDF 或 DOCX 后重试",
                                 file=up.name, code="E117") from exc
        sub = submission_for_document(doc)
        status.write("准备库中文档的指纹索引")
        chk = checker(_ui.collection_key())
        status.write("比对原文复制" + ("" if exact_only else "与改写复制"))
        with _ui.db() as conn:
            report = chk.check(sub, reworded=not exact_only)
            page = similarity_html(report, sub)
            inline = similarity_html(report, sub, embed=True)
        first = doc.items[0] if doc.items else None
        pdf = similarity_pdf(report, sub, first.title if first and len(doc.items) == 1
                             else up.name, first.unit if first else None)
        status.update(label="查重完成", state="complete", expanded=False)
    data = report.as_dict()
    r = data["ratios"]
    cols = st.columns(4)
    cols[0].metric("总文字复制比", f"{r['total']:.1%}")
    cols[1].metric("去除引用", f"{r['excluding_quotes']:.1%}")
    cols[2].metric("去除本单位", f"{r['excluding_same_unit']:.1%}")
    cols[3].metric("去除共性内容", f"{r['excluding_common']:.1%}")
    kinds = st.columns(4)
    # the 字数 counted as an item's 字数 and the reports' (Chinese characters)
    counts = report_numbers(report)
    kinds[0].metric("原文复制", f"{r['exact_copy']:.1%}", help=f"{counts['exact_chars']} 字")
    kinds[1].metric("改写复制", "未计" if exact_only else f"{r['reworded_copy']:.1%}",
                    help=f"{counts['reworded_chars']} 字：同义词替换、调换语序后的复制")
    if data["sources"]:
        st.dataframe([{"相似来源": s["title"], "单位": s["unit"] or "", "复制比": f"{s['ratio']:.1%}",
                       "其中改写": f"{s['reworded_ratio']:.1%}",
                       "片段数": len(s["passages"]),
                       "改写片段": sum(p["kind"] == "reworded" for p in s["passages"]),
                       "编号": s["id"]} for s in data["sources"]],
                     hide_index=True, key="check_sources",
                     # the id stays in the data, not on screen (sources by title and unit)
                     column_order=["相似来源", "单位", "复制比", "其中改写", "片段数", "改写片段"])
        swaps = [{"送检用词": w["text"], "来源原词": w["source_text"], "位置": w["start"],
                  "来源": s["title"]}
                 for s in data["sources"] for p in s["passages"] for w in p["swaps"]]
        if swaps:
            with st.expander(f"替换的同义词（{len(swaps)} 处）"):
                st.dataframe(swaps, hide_index=True, key="check_swaps")
    else:
        st.success("未发现与库中文档相同的段落。")
    cols = st.columns(2)
    cols[0].download_button("下载 PDF 报告", pdf, f"查重报告-{up.name}.pdf", "application/pdf",
                            key="check_pdf", type="primary")
    cols[1].download_button("下载 HTML 报告", page.encode("utf-8"), f"查重报告-{up.name}.html",
                            "text/html", key="check_download")
    st.html(inline)  # in the page: no frame that scrolls on its own (issue 17)
    user = _ui.current_user()
    if user.can("import") and st.button("将此文件入库", key="check_store"):
        rows = import_uploads([up])
        _ui.clear_query_caches()
        st.success(_ui.md("；".join(f"{x['文件']}：{x['结果']} {x['说明']}".strip() for x in rows)))
