"""文档 Item: metadata, labels with scores and reasons (and a correction form), keywords,
named carriers, the text with entity/carrier spans (displaCy) and search terms
highlighted, the outline, more-like-this, the similarity report, the original file."""

from __future__ import annotations

import mimetypes

import streamlit as st

from huibian.app_pages import _nav, _ui
from huibian.store.catalog import original_path
from huibian.core.settings import read_setting
from huibian.core.timefmt import campaign_zone
from huibian.store.db import store_dir
from huibian.store.renditions import renditions
from huibian.store.documents import get_item
from huibian.store.documents import list_items
from huibian.ingest.ocr_record import stored_ocr
from huibian.ingest.confidence import stored_fields

ENT_COLORS = {"ORG": "#cfe8ff", "GPE": "#d9f2d0", "DATE": "#eee", "PERSON": "#ffe0b3",
              "CARRIER": "#ffd6e7", "ACTIVITY": "#e8dcff", "SEARCH": "#fff176"}
# displaCy shows a span's label as its tag: the Chinese names, with the same colours
ENT_COLORS_ZH = {_ui.entity_name(tag): colour for tag, colour in ENT_COLORS.items()}


taxonomy = _ui.taxonomy
label_name = _ui.label_name


@st.cache_data(show_spinner=False, ttl=600, max_entries=64)
def _details(key: tuple, item_id: str) -> dict:

    with _ui.db() as conn:
        item = get_item(conn, item_id)
        d = item.as_dict(with_text=True)
        d["blob_path"] = original_path(conn, item.file_sha256)
        try:
            # deferred: the page works without it (start-up time)
            from huibian.nlp.analysis_store import load_analysis
        except ImportError:
            d["analysis"] = None
        else:
            d["analysis"] = load_analysis(conn, item.id)
    return d


def _current_id() -> str | None:
    qid = st.query_params.get("id")
    if qid:
        st.session_state["item_id"] = qid
    return st.session_state.get("item_id")


def _pick_item() -> str | None:

    with _ui.db() as conn:
        items = list_items(conn, 500)
    # the id in the label: Streamlit keeps a selectbox's value as its label, and the
    # same article submitted twice (PDF and text) has the same title and unit
    labels = {it.id: f"{it.title}（{it.unit or '-'}）· {it.id[:8]}" for it in items}
    choice = st.selectbox("选择文档", list(labels), format_func=labels.get, index=None,
                          key="item_pick", placeholder="从检索结果打开，或在此选择")
    return choice


@_ui.page("文档")
def render() -> None:
    item_id = _current_id() or _pick_item()
    if not item_id:
        st.info("请从「检索」页打开一篇文档，或在上面选择。")
        return
    d = _details(_ui.collection_key(), item_id)
    st.session_state["item_id"] = d["id"]
    st.header(_ui.md(d["title"]))
    _metadata(d)
    tabs = st.tabs(["正文", "标签", "关键词与载体", "提纲", "相似文档", "查重报告"])
    with tabs[0]:
        _text(d)
    with tabs[1]:
        _labels(d)
    with tabs[2]:
        _keywords(d)
    with tabs[3]:
        _outline(d)
    with tabs[4]:
        _more_like_this(d)
    with tabs[5]:
        _similarity(d)


def _metadata(d: dict) -> None:
    rows = [("单位", d["unit"]), ("作者", "、".join(d["authors"])), ("文号", d["doc_number"]),
            ("日期", d["date"]), ("地区", d["region"]), ("主题词", "、".join(d["subject_words"])),
            ("字数", f"{d['chars']}"), ("页码", "–".join(map(str, d["pages"] or [])) or None),
            ("来源文件", d["source"]), ("编号", d["id"])]

    with _ui.db() as conn:
        ocr = stored_ocr(conn, d["id"])
        fields = {f["field"]: f for f in stored_fields(conn, d["id"])}
    if ocr is not None:  # the text came from OCR (issue 19)
        rows.insert(-2, ("文字来源", ocr.describe_zh()))
    # a field below its calibrated confidence is 待定 (pending): say so beside it
    names = {"unit": "单位", "date": "日期", "doc_number": "文号"}
    for field, name in names.items():
        f = fields.get(field)
        if f and f["pending"]:
            k = next(i for i, r in enumerate(rows) if r[0] == name)
            shown = rows[k][1]
            rows[k] = (name, f"{shown}（待定，置信度 {f['confidence']:.2f}）" if shown
                       else f"待定（未识别出，置信度 {f['confidence']:.2f}）")
    title_f = fields.get("title")
    if title_f and title_f["pending"]:
        rows.insert(0, ("标题", f"待定（置信度 {title_f['confidence']:.2f}），请核对"))
    st.markdown("\n".join(f"- **{k}**：{_ui.md(v)}" for k, v in rows if v))
    if d.get("blob_path"):
        with _ui.db() as conn:
            path = store_dir(conn) / d["blob_path"]
        if path.exists():
            name = _file_name(d["source"])
            st.download_button("下载原文件", path.read_bytes(), name,
                               mimetypes.guess_type(name)[0] or "application/octet-stream",
                               key="item_download")
    _renditions(d)


def _file_name(source: str) -> str:
    return source.replace("\\", "/").split("/")[-1].split("!")[-1] or "original"


KIND_NAMES = {"pdf": "PDF", "docx": "Word", "text": "文本", "ofd": "OFD", "image": "图片"}


def _renditions(d: dict) -> None:
    """The other files this item was read from (issue 17: the same submission in
    another format is one item), each downloadable."""
    with _ui.db() as conn:
        others = renditions(conn, d["id"])[1:]
        root = store_dir(conn)
    if not others:
        return
    st.markdown(f"**其他版本**（同一稿件的另外 {len(others)} 个文件）")
    for n, r in enumerate(others):
        how = "合并" if r.how == "merge" else "导入时识别"
        st.caption(f"{_ui.md(_file_name(r.name))} · {KIND_NAMES.get(r.kind, r.kind)} · "
                   f"{r.chars} 字 · 文字相同 {r.ratio:.0%}（{how}）")
        path = root / r.blob_path if r.blob_path else None
        if path is not None and path.exists():
            name = _file_name(r.name)
            st.download_button(f"下载 {name}", path.read_bytes(), name,
                               mimetypes.guess_type(name)[0] or "application/octet-stream",
                               key=f"item_rendition_{n}")


def _spans(d: dict) -> list[dict]:
    """Entity spans, named-carrier occurrences and search-term marks, non-overlapping
    (search marks first, then entities, then carriers)."""
    text = d["text"]
    spans: list[dict] = []
    q = st.query_params.get("q") or st.session_state.get("search_q")
    if q:
        try:
            # deferred for start-up time (tantivy)
            from huibian.search.engine import find_marks
            # deferred: the page works without it (start-up time)
            from huibian.search.query import parse

            spans += [{"start": s, "end": e, "label": "SEARCH"}
                      for s, e in find_marks(text, parse(q).highlights())]
        except Exception:  # noqa: BLE001 - a query that no longer parses: no marks
            pass
    a = d.get("analysis") or {}
    spans += [{"start": e["start"], "end": e["end"], "label": e["label"]}
              for e in a.get("entities", [])]
    for nc in a.get("named_carriers", []):
        name, i = nc["name"], text.find(nc["name"])
        while name and i != -1:
            spans.append({"start": i, "end": i + len(name), "label": "CARRIER"})
            i = text.find(name, i + len(name))
    taken = bytearray(len(text) + 1)
    out = []
    for s in spans:
        if 0 <= s["start"] < s["end"] <= len(text) and not any(taken[s["start"]:s["end"]]):
            taken[s["start"]:s["end"]] = b"\x01" * (s["end"] - s["start"])
            out.append(s)
    return sorted(out, key=lambda s: s["start"])


def _text(d: dict) -> None:
    from spacy import displacy  # deferred for start-up time (spaCy)

    show = st.toggle("显示实体标记", value=True, key="item_entities",
                     help="在正文中标出组织、地名、日期、人名、载体、活动")
    spans = [dict(s, label=_ui.entity_name(s["label"])) for s in _spans(d)
             if show or s["label"] == "SEARCH"]
    markup = displacy.render({"text": d["text"], "ents": spans, "title": None}, style="ent",
                             manual=True, page=False, jupyter=False,
                             options={"colors": ENT_COLORS_ZH})
    if show:
        st.caption("黄色为检索词；实体：组织、地名、日期、人名、载体、活动")
    else:
        st.caption("黄色为检索词")
    # displaCy escapes the text and turns line breaks into <br>; no pre-wrap here, or
    # its template's own white space would show
    st.html(f"<div class='hb-text' style='line-height:2.2'>{markup}</div>")


def _labels(d: dict) -> None:
    a = d.get("analysis")
    if a is None:
        _ui.unavailable("标签", "huibian.nlp.analysis_store")
        return
    for axis in _ui.label_axes():
        val = a.get(axis)
        entries = [val] if isinstance(val, dict) else (val or [])
        st.markdown(f"**{_ui.md(_ui.axis_name(axis))}**")
        if not entries:
            st.caption("（无）")
        for e in entries:
            st.markdown(f"- {_ui.md(label_name(axis, e['label']))} "
                        f"（{e['score']:.2f}）— {_ui.md(_ui.reason(e.get('reason')))}")
    st.divider()
    _correct(d, a)


def _correct(d: dict, a: dict) -> None:
    from huibian.services.review import correct_labels  # deferred for start-up time (argon2)

    user = _ui.current_user()
    if not user.can("label"):
        return
    st.subheader("更正标签")
    saved = st.session_state.pop("label_saved", None)
    if saved:
        st.success(saved)
    tax = taxonomy()
    axis = st.selectbox("维度", _ui.label_axes(), format_func=_ui.axis_name, key="label_axis")
    ax = tax[axis]
    cur = a.get(axis)
    cur_ids = [e["label"] for e in ([cur] if isinstance(cur, dict) else cur or [])]
    with st.form(f"label_form_{axis}"):
        if ax.multi:
            chosen = st.multiselect("正确的标签", ax.ids, default=[c for c in cur_ids
                                                                if c in ax.ids],
                                    placeholder="选择标签",
                                    format_func=lambda x: label_name(axis, x),
                                    key=f"label_new_{axis}")
        else:
            one = st.selectbox("正确的标签", ax.ids,
                               index=ax.ids.index(cur_ids[0]) if cur_ids and cur_ids[0]
                               in ax.ids else 0,
                               format_func=lambda x: label_name(axis, x),
                               key=f"label_new_{axis}")
            chosen = [one]
        ok = st.form_submit_button("保存更正")
    if ok:
        with _ui.db() as conn:
            correct_labels(conn, user, tax, d["id"], axis, chosen, _ui.resources().tokenizer)
        _ui.clear_query_caches()
        st.session_state["label_saved"] = (f"已保存：{_ui.axis_name(axis)} → "
                                           f"{'、'.join(label_name(axis, c) for c in chosen)}"
                                           "（人工标签）")
        st.rerun()  # the labels shown above were read before the change: show them now


def _keywords(d: dict) -> None:
    a = d.get("analysis")
    if a is None:
        _ui.unavailable("关键词", "huibian.nlp.analysis_store")
        return
    st.markdown("**关键词**：" + (_ui.md("、".join(a.get("keywords") or [])) or "（无）"))
    st.markdown("**具名载体**")
    ncs = a.get("named_carriers") or []
    if not ncs:
        st.caption("（无）")
    for nc in ncs:
        st.markdown(f"- **{_ui.md(nc['name'])}**"
                    f"（{_ui.md(label_name('carrier', nc['label']) if nc['label'] else '')}）："
                    f"{_ui.md(nc['sentence'] or '')}")


def _outline(d: dict) -> None:
    if not d["outline"]:
        st.caption("（没有识别出提纲）")
        return
    st.markdown("\n".join("  " * max(0, o["level"] - 1) + f"- {_ui.md(o['marker'] or '')}"
                          f"{_ui.md(o['title'])}" for o in d["outline"]))


@st.cache_data(show_spinner=False, ttl=600, max_entries=64)
def _mlt(key: tuple, item_id: str) -> list:
    from huibian.search.mlt import more_like_this  # deferred for start-up time (tantivy)

    with _ui.db() as conn:
        return more_like_this(conn, item_id, limit=8, stopwords=_ui.resources().stopwords)


def _more_like_this(d: dict) -> None:
    try:
        import huibian.search.mlt  # noqa: F401
    except ImportError:
        _ui.unavailable("相似文档", "huibian.search.mlt")
        return
    sims = _mlt(_ui.collection_key(), d["id"])
    if not sims:
        st.caption("（没有找到相似文档）")
    for s in sims:
        dup = "　⚠ 近似重复" if s.near_duplicate else ""
        st.page_link(_nav.page("item"), label=f"{_ui.md(s.title)}（{_ui.md(s.unit or '-')}）{dup}",
                     query_params={"id": s.id})


@st.cache_resource(show_spinner=False, max_entries=4)
def checker(key: tuple):
    """The fingerprint index, built once per collection state."""
    # deferred for start-up time (datasketch, numpy, scipy)
    from huibian.similarity.report import Checker

    with _ui.db() as conn:
        return Checker(conn)


def similarity_html(report, sub, *, embed: bool = False) -> str:
    """The side-by-side report: ``embed`` for the page itself (shown with ``st.html``,
    no frame or scroll box of its own), else the HTML file to download. Its 字数 are
    counted as the item's 字数 and the PDF report's (``report_numbers``)."""
    # kept local: the name is taken in this module
    from huibian.similarity.html_report import render
    # deferred for start-up time (numpy; fpdf2 itself is loaded only by render_pdf)
    from huibian.similarity.pdf_report import report_numbers

    return render(report.as_dict(), sub.text, report.source_texts(), sub.name,
                  counts=report_numbers(report), embed=embed)


def similarity_pdf(report, sub, title: str, unit: str | None):
    """The report as a PDF to file (CNKI's 检测报告单 manner, issue 17): a function the
    download button calls when clicked (rendering takes seconds; a check never waits
    for it)."""
    import datetime as dt

    # deferred for start-up time (fpdf2, fontTools)
    from huibian.similarity.pdf_report import render_pdf, report_numbers

    data, numbers, text = report.as_dict(), report_numbers(report), sub.text
    author = read_setting("HUIBIAN_CAMPAIGN_BODY")
    when = dt.datetime.now(campaign_zone())

    def make() -> bytes:
        return render_pdf(data, numbers, text, title=title, unit=unit, author=author,
                          checked_at=when)

    return make


def _similarity(d: dict) -> None:
    try:
        # deferred for start-up time (datasketch, numpy, scipy)
        from huibian.similarity.report import submission_for_item
    except ImportError:
        _ui.unavailable("查重报告", "huibian.similarity.report")
        return
    if not st.toggle("生成查重报告", key="item_sim_on"):
        st.caption("打开开关，与库中其他文档比对。")
        return
    exact_only = st.toggle("仅原文复制（不计改写复制，同知网口径）", key="item_sim_exact_only")
    with st.status("正在查重…", expanded=False) as status:
        status.write("准备库中文档的指纹索引")
        chk = checker(_ui.collection_key())
        status.write("比对原文复制" + ("" if exact_only else "与改写复制"))
        with _ui.db() as conn:
            sub = submission_for_item(conn, d["id"])
            report = chk.check(sub, reworded=not exact_only)
            page = similarity_html(report, sub, embed=True)
        pdf = similarity_pdf(report, sub, d["title"], d["unit"])
        status.update(label="查重完成", state="complete")
    r = report.ratios()
    cols = st.columns(3)
    cols[0].metric("总文字复制比", f"{r['total']:.1%}")
    cols[1].metric("原文复制", f"{r['exact_copy']:.1%}")
    cols[2].metric("改写复制", "未计" if exact_only else f"{r['reworded_copy']:.1%}",
                   help="同义词替换、调换语序、拼接多篇等改头换面的复制")
    st.download_button("下载 PDF 报告", pdf, f"查重报告-{d['title'][:40]}.pdf",
                       "application/pdf", key="item_sim_pdf")
    st.html(page)  # in the page: no frame that scrolls on its own (issue 17)
