"""Assemble compiled volumes (汇编) from the team's labeled documents
(``corpora/understanding/docs``), in TXT, DOCX and PDF, with their item labels.

A volume is laid out as real ones are: a 前言 signed and dated, then per item its title,
its unit on the next line (or a 第N篇 catalog line, then the item's own title and unit),
then its body; the PDF has a running head with the volume's name and page numbers. Each
volume is made of documents of one split only (``huibian.evaluation.devset.split_of``), so the
dev-test volumes hold dev-test documents. The texts are the documents' own; this script
only arranges them.

    python corpora/make_volumes.py      # writes corpora/understanding/volumes/
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from huibian.evaluation.devset import ROOT as DEV, LabeledDoc, load_documents, split_of  # noqa: E402
from huibian.ingest.layout import (byline_of, date_of_line, default_layout, is_furniture,  # noqa: E402
                           unit_name)
from huibian.ingest.normalize import normalize_text  # noqa: E402

OUT = DEV / "volumes"
CN = "一二三四五六七八九十"
PREFACE = {
    "practice": ("前言", [
        "这本汇编收录的是本届评选中获奖的部分实践案例。每一篇都出自基层一线，记录了一个单位"
        "在一段时间里想办法、解难题的具体过程。",
        "编入时我们只作了格式上的统一，没有改动作者的表述，个别篇目因篇幅所限有删节。",
        "希望各单位读后能结合自身实际取长补短，把好的做法用起来。"]),
    "theory": ("编者的话", [
        "理论文章评选今年收到来稿数百篇，评审组分两轮进行了审读，最终选出以下篇目结集。",
        "入选文章有的侧重分析问题，有的侧重提出对策，观点未必一致，编者保留了各自的论证。"]),
    "system": ("前言", [
        "制度建设是把好经验固定下来的办法。本汇编收录的工作制度均已在原单位施行一年以上。",
        "各单位参照时请注意结合本单位的隶属关系和工作实际加以修订。"]),
    "mixed": ("前言", [
        "本册汇集了各单位报送的通知、方案、制度、讲话和经验材料，按收稿先后编排。",
        "原文中的附件、署名和日期一并保留，个别篇目末尾的清单和未完句子照原样收录。"]),
}
SIGN = ("评选活动办公室", "二〇一三年十二月")
PLAIN_SYSTEMS = "w12_"  # the batch written for the plain-text volume of work systems
# documents written for volumes only (issue 16: plain-text volumes of work systems in
# four layouts); labeled on what a volume scores (title, unit, date), kept out of the
# document set (labels/, docs/) that the classifier learns from
VOLUME_DOCS = DEV / "volume_docs"


def cn_number(n: int) -> str:
    if n <= 10:
        return CN[n - 1]
    if n < 20:
        return "十" + (CN[n - 11] if n > 10 else "")
    return CN[n // 10 - 1] + "十" + (CN[n % 10 - 1] if n % 10 else "")


def body_of(doc) -> list[str]:
    """The document's body lines: its text less any furniture, its title lines and the
    header lines under the title (unit, byline, date, 文号), blank lines dropped."""
    data = default_layout()
    lines = [ln.strip() for ln in normalize_text(doc.path.read_text(encoding="utf-8")).split("\n")]
    title_key = re.sub(r"\s+", "", normalize_text(doc.labels["title"]))
    # find where the title ends (it may be printed over two lines)
    start = 0
    for i in range(min(len(lines), 25)):
        one = re.sub(r"\s+", "", lines[i])
        two = one + (re.sub(r"\s+", "", lines[i + 1]) if i + 1 < len(lines) else "")
        if one == title_key:
            start = i + 1
            break
        if two == title_key:
            start = i + 2
            break
    k = start
    while k < len(lines) and k < start + 6:
        s = lines[k]
        if not s or date_of_line(s, data) or byline_of(s, data) or unit_name(s, data) or \
                is_furniture(s, data) or re.search(r"〔\d{4}〕|\[\d{4}\]", s) and len(s) < 30:
            k += 1
            continue
        break
    body = [ln for ln in lines[k:] if ln]
    # trailing furniture (related articles, next/previous links) is not the document's
    while body and is_furniture(body[-1], data):
        body.pop()
    return body


def usable(doc) -> bool:
    lay = set(doc.labels.get("layout", []))
    return bool(doc.labels.get("title")) and bool(doc.labels.get("unit")) and \
        "runon" not in lay and "web_furniture" not in lay


def plan_volumes(docs) -> list[dict]:
    """Six volumes: per split, a practice-case volume (title / unit), a theory volume
    marked 第N篇 (catalog line, own title, unit) and a system volume; the items that
    end without 。 and pasted blocks come with the documents that have them. The
    documents written for a volume of their own (``w12_``, 工作制度 in plain text) are
    kept out of the other volumes, which stay as they were."""
    own = [d for d in docs if d.name.startswith(PLAIN_SYSTEMS)]
    docs = [d for d in docs if not d.name.startswith(PLAIN_SYSTEMS)]
    vols = []
    for split in ("train", "test"):
        pool = [d for d in docs if d.split == split and usable(d)]
        cases = [d for d in pool if d.genre in ("case", "summary")][:7]
        theory = [d for d in pool if d.genre in ("article", "speech")][:5]
        systems = [d for d in pool if d.genre in ("system", "notice", "plan")][:5]
        for key, items, pian in (("practice", cases, False), ("theory", theory, True),
                                 ("system", systems, False)):
            if len(items) >= 2:
                vols.append({"name": f"{split}_{key}", "split": split, "kind": key,
                             "pian": pian, "docs": items})
    vols.append({"name": "train_mixed", "split": "train", "kind": "mixed", "pian": False,
                 "docs": mixed_docs([d for d in docs if d.split == "train" and usable(d)])})
    # issue 16: longer train volumes with a 目录 at the front, the TXT copied from the
    # printed pages (page numbers and the running head left in the text) and the PDF
    # numbered 第 N 页 / 第N页 共M页
    pool = [d for d in docs if d.split == "train" and usable(d)]
    vols.append({"name": "train_cases_toc", "split": "train", "kind": "practice", "pian": False,
                 "toc": True, "pages": "第 {n} 页",
                 "docs": [d for d in pool if d.genre in ("case", "summary")][:26]})
    vols.append({"name": "train_talks_toc", "split": "train", "kind": "theory", "pian": True,
                 "toc": True, "pages": "第{n}页 共{{nb}}页",
                 "docs": [d for d in pool if d.genre in ("speech", "article")][:22]})
    # work systems run together as in a plain-text copy of a volume: each item as the
    # document has it (title, a unit line or none, articles, a date or none), no unit
    # line added, no blank line between items
    vols.append({"name": "train_systems_plain", "split": "train", "kind": "system",
                 "pian": False, "plain": True,
                 "docs": [d for d in own if d.split == "train" and d.genre == "system"]})
    vols += systems_volumes(load_volume_docs())
    return vols


def load_volume_docs() -> list[LabeledDoc]:
    """The documents of ``volume_docs/`` (``w13.jsonl``: file, genre, title, unit, date)."""
    docs = []
    for path in sorted(VOLUME_DOCS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                lab = json.loads(line)
                docs.append(LabeledDoc(lab["file"], VOLUME_DOCS / lab["file"], lab,
                                       split_of(lab["file"])))
    return docs


# issue 16: four plain-text volumes of work systems, each item printed as its document
# has it (title, a unit line or none, articles, a signature or none):
#   chapters  第N章/第N条, no unit lines, items set off by a blank line only
#   catalog   a 目录 of the titles (numbered, no page numbers) at the front, items run
#             together (no blank line), each title numbered as in the 目录 (1．…办法),
#             each item signed with a unit and a date
#   paras     a blank line between all paragraphs but none between the title and the
#             first article; items ending with a list or an 附件 line
#   labels    a catalog line 制度N：… over each item's own title; one item quotes other
#             regulations' titles in its body, one prints a template's title
SYSTEMS_LAYOUTS = (
    ("train_systems_chapters", "chapters", ("w13_001", "w13_002", "w13_003", "w13_005", "w13_008")),
    ("train_systems_catalog", "catalog", ("w13_010", "w13_011", "w13_012", "w13_013", "w13_014")),
    ("train_systems_paras", "paras", ("w13_015", "w13_016", "w13_019", "w13_020", "w13_021")),
    ("train_systems_labels", "labels", ("w13_023", "w13_024", "w13_025", "w13_027", "w13_031")),
    # issue 16, TXT-only layouts (the DOCX and PDF print the same items without them):
    #   runon     no blank line anywhere, a title wrapped over two lines (a status note
    #             such as （2016年修订） on a line of its own in ``WRAPPED_TITLES``), clause
    #             headings on lines of their own (第二条　会议记录), two items of one unit
    #   spaced    two blank lines between all paragraphs of an item (the title's unit
    #             line too), none between the items
    #   numbered  the volume's number (一、) on a line of its own over each title, no
    #             blank line, a title wrapped over two lines
    #   counted   the volume's number (1.) on a line of its own over each title, spaced
    #             as ``spaced``
    ("train_systems_runon", "runon", ("w14_013", "w14_009", "w14_002", "w14_003", "w14_004")),
    ("train_systems_spaced", "spaced", ("w14_014", "w14_006", "w14_007", "w14_012", "w14_010")),
    ("train_systems_numbered", "numbered", ("w14_011", "w14_008", "w14_004", "w14_013", "w14_010")),
    ("train_systems_counted", "counted", ("w14_012", "w14_009", "w14_007", "w14_003", "w14_014")),
    # 关于…的意见 and 关于…的决定 set out in sections as the systems beside them are
    ("train_systems_rulings", "runon", ("w14_002", "w14_016", "w14_019", "w14_011", "w14_006")),
    # the volume's number 一、 on the title's own line, run on, each title's own points
    # numbered 一、 again
    ("train_systems_cnlisted", "cnlisted", ("w14_013", "w14_002", "w14_003", "w14_010", "w14_012")),
)
# the layouts that print a title as its document wraps it (over two lines in the TXT)
WRAPPED_TITLES = ("runon", "numbered")
SYSTEM_LABELS = {"w13_023": "制度一：组织生活", "w13_024": "制度二：流动党员管理",
                 "w13_025": "制度三：学生党员管理", "w13_027": "制度四：安全生产",
                 "w13_031": "制度五：窗口服务"}


def systems_volumes(docs: list[LabeledDoc]) -> list[dict]:
    by_name = {d.name.removesuffix(".txt"): d for d in docs}
    out = []
    for name, lay, names in SYSTEMS_LAYOUTS:
        if all(n in by_name for n in names):
            out.append({"name": name, "split": "train", "kind": "system", "pian": False,
                        "plain": True, "layout": lay, "preface": lay in ("chapters", "labels"),
                        "docs": [by_name[n] for n in names]})
    return out


def mixed_docs(pool) -> list:
    """A title-and-unit volume of the train documents whose layouts the first volumes
    lack (issue 16): items that end without 。 (a list, a cut sentence, attachments after
    the signature), blocks pasted inside an item, hard-wrapped lines, speeches opening
    with a salutation, and the documents written for the mixed layouts (``w7_``)."""
    picked: list = []
    for want, cap in (({"no_final_period"}, 6), ({"pasted_block"}, 4), ({"hardwrap"}, 3)):
        picked += [d for d in pool if want & set(d.labels.get("layout", []))
                   and d not in picked][:cap]
    picked += [d for d in pool if d.genre == "speech" and d not in picked][:3]
    picked += [d for d in pool if d.name.startswith("w7_") and d not in picked]
    return sorted(picked, key=lambda d: d.name)


def blocks_of(vol: dict) -> tuple[list, list[dict]]:
    """(blocks, item labels): blocks are ("title"|"unit"|"label"|"right"|"body", text)."""
    title, paras = PREFACE[vol["kind"]]
    blocks = [("title", title)] + [("body", p) for p in paras] + \
        [("right", SIGN[0]), ("right", SIGN[1])]
    if not vol.get("preface", True):
        blocks = []
    if vol.get("layout") == "catalog":  # 目录: the titles numbered, no page numbers
        blocks = [("title", "目  录")] + [
            ("body", f"{k}．{normalize_text(d.labels['title'])}")
            for k, d in enumerate(vol["docs"], 1)] + blocks
    if vol.get("toc"):  # 目录: the items' own titles, leader dots, page numbers
        blocks = [("title", "目  录")] + [
            ("body", f"{normalize_text(d.labels['title'])}……{3 + 4 * k}")
            for k, d in enumerate(vol["docs"])] + blocks
    items = []
    for n, doc in enumerate(vol["docs"], 1):
        lab = doc.labels
        if vol.get("plain"):
            label = SYSTEM_LABELS.get(doc.name.removesuffix(".txt")) \
                if vol.get("layout") == "labels" else None
            if label:
                blocks.append(("label", label))
            own = own_blocks(doc, wrapped=vol.get("layout") in WRAPPED_TITLES)
            if vol.get("layout") == "numbered":  # the volume's number on a line of its own
                blocks.append(("number", f"{cn_number(n)}、"))
            elif vol.get("layout") == "counted":
                blocks.append(("number", f"{n}."))
            if vol.get("layout") == "catalog":  # the item numbered as the catalog numbers it
                own[0] = ("title", f"{n}．{own[0][1]}")
            elif vol.get("layout") == "cnlisted":
                own[0] = ("title", f"{cn_number(n)}、{own[0][1]}")
            blocks += own
            items.append({"title": lab["title"], "unit": lab["unit"], "date": lab.get("date"),
                          "label": label, "source": doc.name})
            continue
        label = None
        if vol["pian"]:
            kind = {"article": "理论文章", "speech": "交流发言"}.get(doc.genre, "经验材料")
            label = f"第{cn_number(n)}篇：{kind}"
            blocks.append(("label", label))
        blocks.append(("title", normalize_text(lab["title"])))
        blocks.append(("unit", lab["unit"]))
        for ln in body_of(doc):
            blocks.append(("body", ln))
        items.append({"title": lab["title"], "unit": lab["unit"], "date": lab.get("date"),
                      "label": label, "source": doc.name})
    return blocks, items


def own_blocks(doc, wrapped: bool = False) -> list[tuple[str, str]]:
    """A document as it is printed, its lines kept: the title lines as the title (with
    ``wrapped``, a title over two lines keeps its line break for the TXT), the
    header lines under it (a unit, a note of its adoption) as unit lines, the rest
    (articles, the signature) as body; site furniture dropped."""
    data = default_layout()
    lines = [ln.strip() for ln in normalize_text(doc.path.read_text(encoding="utf-8")).split("\n")]
    lines = [ln for ln in lines if ln and not is_furniture(ln, data)]
    title_key = re.sub(r"\s+", "", normalize_text(doc.labels["title"]))
    n = next(n for n in (1, 2, 3) if "".join(lines[:n]).replace(" ", "") == title_key)
    title = ("\n" if wrapped else "").join(lines[:n])
    if wrapped and n == 1:  # a status note (（试行）, （2016年修订）) on a line of its own
        title = re.sub(r"(?<=\S)(?=[（(][^（）()]{1,10}[）)]$)", "\n", title)
    out = [("title", title)]
    body = body_of(doc)
    out += [("unit", ln) for ln in lines[n:len(lines) - len(body)]]
    return out + [("body", ln) for ln in body]


def to_txt(blocks, running_head: str | None = None, plain: bool = False,
           layout: str | None = None) -> str:
    """One paragraph per line, a blank line before a title and after a unit; with
    ``running_head``, text copied from printed pages: every nine paragraphs a page
    number (``- N -`` or ``第N页 共M页``) and the running head; with ``plain``, no blank
    line at all (a volume's text run together), or only where ``layout`` puts one
    (``SYSTEMS_LAYOUTS``)."""
    out = []
    page = 0
    for k, (style, text) in enumerate(blocks):
        prev = blocks[k - 1][0] if k else None
        if style in ("title", "label") and not plain:
            out.append("")
        elif layout == "chapters" and style == "title" or \
                layout == "labels" and (style == "label" or style == "title" and prev != "label") or \
                layout == "paras" and k and not (style == "body" and prev == "title"):
            out.append("")
        elif layout in ("spaced", "counted") and k and style not in ("title", "number"):
            out += ["", ""]  # blank lines inside the items, none between them
        out.append(text)
        if style == "unit" and not plain:
            out.append("")
        if running_head and k % 9 == 8:
            page += 1
            out += ["", f"- {page} -", "", running_head, ""] if page % 2 else \
                [f"第{page}页 共60页", running_head]
    return "\n".join(out).lstrip("\n") + "\n"


def to_docx(blocks, name: str) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = Document()
    d.sections[0].header.paragraphs[0].text = name
    for style, text in blocks:
        p = d.add_paragraph(text.replace("\n", ""))
        if style in ("title", "unit", "label"):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if style == "title":
                for r in p.runs:
                    r.bold = True
        elif style == "right":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def to_pdf(blocks, name: str, page_numbers: str = "- {n} -") -> bytes:
    from huibian.testkit.pdfmaker import make_pdf

    pdf_blocks = []
    for style, text in blocks:
        text = text.replace("\n", "")  # a title wrapped in the TXT is one line here
        if style in ("body", "number"):
            pdf_blocks.append(text)
        elif style in ("title", "label"):
            pdf_blocks.append(("title" if style == "title" else "heading", text))
        elif style == "unit":
            pdf_blocks.append(("title", text))
        else:
            pdf_blocks.append(("right", text))
    return make_pdf(pdf_blocks, header=name, page_numbers=page_numbers)


VOLUME_NAMES = {"practice": "优秀实践案例汇编", "theory": "优秀理论文章汇编",
                "system": "优秀工作制度汇编", "mixed": "基层党建材料汇编"}


def main(argv: list[str] | None = None) -> int:
    """``--only NAME …``: write those volumes only and keep the other rows of
    volumes.jsonl (and their files) as they are."""
    argv = sys.argv[1:] if argv is None else argv
    only = set(argv[argv.index("--only") + 1:]) if "--only" in argv else None
    docs = load_documents()
    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    kept = {}
    if only and (OUT / "volumes.jsonl").exists():
        for line in (OUT / "volumes.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                kept[row["name"]] = row
    for vol in plan_volumes(docs):
        if only is not None and vol["name"] not in only:
            if vol["name"] in kept:
                rows.append(kept[vol["name"]])
            continue
        blocks, items = blocks_of(vol)
        head = VOLUME_NAMES[vol["kind"]]
        files = {}
        base = vol["name"]
        (OUT / f"{base}.txt").write_text(to_txt(blocks, head if vol.get("toc") else None,
                                                plain=vol.get("plain", False),
                                                layout=vol.get("layout")),
                                         encoding="utf-8")
        files["txt"] = f"{base}.txt"
        (OUT / f"{base}.docx").write_bytes(to_docx(blocks, head))
        files["docx"] = f"{base}.docx"
        (OUT / f"{base}.pdf").write_bytes(to_pdf(blocks, head, vol.get("pages", "- {n} -")))
        files["pdf"] = f"{base}.pdf"
        rows.append({"name": base, "split": vol["split"], "files": files, "items": items})
        print(f"{base}: {len(items)} items ({vol['split']})")
    (OUT / "volumes.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
