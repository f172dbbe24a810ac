"""A label's reason as a Chinese sentence, for the people who read it (issue 17).

The classifier stores its reasons in a fixed, parseable form that tests, the JSONL
export and ``--json`` keep (``rule 0.55: contains 创岗建区（3次）: “…”; model 1.00:
strongest features 医院、了、的``, ``14 of 14 paragraphs; best: …``, ``human label by
admin at 2026-…+00:00``). ``reason_zh`` turns such a reason into Chinese at display:

* ``命中提示词“创岗建区”（3 处）：“…”``
* ``模型依据：医院、创岗（置信度 1.00）`` - stopwords are not shown as features (the
  model may weigh 了 or 的, a reader learns nothing from them), structural features read
  as what they are (``struct:case_outline`` -> 案例式提纲)
* ``14 段中 14 段符合；最强一段：…``
* ``关键句（置信度 0.98）：“…”`` (a carrier's best sentence, by the evidence model) and
  ``全文模型判断（置信度 0.46）`` (a label given by the model on the whole item)
* ``分篇时识别为方案`` (the splitter's mark of the genre)
* ``人工标注：张三，2026-12-06 14:05`` (the time in the campaign's zone)

A reason in no known form is returned as it is."""

from __future__ import annotations

import re
from typing import Callable, Iterable

# the structural features of nlp/features.py, as a reader would name them
STRUCT_NAMES = {
    "doc_number": "有文号", "notice_title": "通知式标题", "forwarding": "印发转发语",
    "addressees": "主送机关", "speech_opening": "讲话称谓", "articles": "条款（第×条）",
    "plan_outline": "方案式提纲", "plan_title": "方案式标题", "guidance_title": "意见式标题",
    "guidance_body": "意见式正文", "signature_date": "落款日期", "case_outline": "案例式提纲",
    "first_person_unit": "第一人称单位（我院、我校…）", "preface_words": "前言用语",
    "summary_words": "总结用语", "article_words": "论文用语",
}

_COVERAGE = re.compile(r"^(?P<n>\d+) of (?P<m>\d+) paragraphs; best: ?(?P<rest>.*)$", re.S)
_HUMAN = re.compile(r"^human label by (?P<who>.+?) at (?P<at>\S+)$", re.S)
_RULE_HEAD = re.compile(r"^(?:rule (?P<score>[\d.]+): ?)?"
                        r"(?:the splitter marked it (?P<hint>\w+)(?:; )?)?(?=contains |;|$)")
_RULE = re.compile(r"^contains (?P<cues>.+?): “(?P<sentence>.*)”$", re.S)
_MODEL = re.compile(r"^(?:model (?P<score>[\d.]+))?(?:: )?(?:strongest features (?P<words>.*))?$",
                    re.S)
_CUE = re.compile(r"^(?P<cue>.+?)（(?P<n>\d+)次）$")
_WHOLE = re.compile(r"^model (?P<score>[\d.]+) on the whole item$")
_EVIDENCE = re.compile(r"^evidence (?P<score>[\d.]+): “(?P<sentence>.*)”$", re.S)


def _rule_zh(cues: str, sentence: str) -> str:
    parts = []
    for cue in cues.split("、"):
        m = _CUE.match(cue)
        word, n = (m["cue"], int(m["n"])) if m else (cue, 1)
        parts.append(f"“{word}”（{n} 处）")
    return f"命中提示词{'、'.join(parts)}：“{sentence}”"


def _features_zh(words: str, stopwords: Iterable[str]) -> list[str]:
    stop = set(stopwords)
    out = []
    for w in words.split("、"):
        w = w.strip()
        if not w or w in stop:
            continue
        if w.startswith("struct:"):
            w = STRUCT_NAMES.get(w[7:], "")
            if not w:
                continue
        if w not in out:
            out.append(w)
    return out


def _model_zh(score: str | None, words: str | None, stopwords: Iterable[str]) -> str:
    feats = _features_zh(words or "", stopwords)
    conf = f"（置信度 {score}）" if score else ""
    if feats:
        return f"模型依据：{'、'.join(feats)}{conf}"
    return f"模型判断{conf}" if score else ""


def _parts_zh(text: str, stopwords: Iterable[str], genre_name: Callable[[str], str]) -> str | None:
    """The ``; ``-joined rule and model parts of a reason, in Chinese (None: unknown)."""
    out = []
    rest = text.strip()
    while rest:
        m = _RULE_HEAD.match(rest)
        if m:  # a rule part: its score, the splitter's hint, the cues, a quoted sentence
            if m["hint"]:
                out.append(f"分篇时识别为{genre_name(m['hint'])}")
            rest = rest[m.end():]
            if not rest.startswith("contains "):
                rest = rest.lstrip("; ").strip()
                continue
            # the sentence may hold quotation marks of its own: it ends before the
            # model part, or at the end
            end = rest.find("”; model ")
            if end == -1:
                end = rest.find("”; strongest features ")
            end = end + 1 if end != -1 else len(rest)
            r = _RULE.match(rest[:end])
            if r is None:
                return None
            out.append(_rule_zh(r["cues"], r["sentence"]))
            rest = rest[end:].lstrip("; ").strip()
            continue
        if rest.startswith("evidence "):
            # the carrier's best sentence (the evidence model); the model's strongest
            # features may follow the quotation, which may hold quotation marks itself
            cut = rest.rfind("”: strongest features ")
            quoted, words = (rest[:cut + 1], rest[cut + 22:]) if cut != -1 else (rest, "")
            e = _EVIDENCE.match(quoted)
            if e is None:
                return None
            out.append(f"关键句（置信度 {e['score']}）：“{e['sentence']}”")
            part = _model_zh(None, words, stopwords) if words else ""
            if part:
                out.append(part)
            return "；".join(out)
        w = _WHOLE.match(rest)
        if w:
            out.append(f"全文模型判断（置信度 {w['score']}）")
            rest = ""
            continue
        if rest.startswith(("model ", "strongest features ")):
            # a model part runs to the next part or the end (features hold no '; ')
            head, sep, tail = rest.partition("; ")
            m = _MODEL.match(head)
            if m is None:
                return None
            part = _model_zh(m["score"], m["words"], stopwords)
            if part:
                out.append(part)
            rest = tail.strip() if sep else ""
            continue
        return None
    return "；".join(out)


def reason_zh(reason: str | None, *, stopwords: Iterable[str] = (),
              when: Callable[[str], str] | None = None,
              genre_name: Callable[[str], str] | None = None) -> str:
    """``reason`` as Chinese sentences (see the module's doc); ``when`` formats a human
    label's time (default: as stored), ``genre_name`` names a genre id (the splitter's
    hint; default: the id)."""
    genre_name = genre_name or (lambda g: g)
    if not reason:
        return ""
    text = str(reason).strip()
    m = _HUMAN.match(text)
    if m:
        at = when(m["at"]) if when else m["at"]
        return f"人工标注：{m['who']}，{at}"
    m = _COVERAGE.match(text)
    if m:
        best = _parts_zh(m["rest"], stopwords, genre_name)
        if best is None:
            return text
        head = f"{m['m']} 段中 {m['n']} 段符合"
        return f"{head}；最强一段：{best}" if best else head
    done = _parts_zh(text, stopwords, genre_name)
    return text if done is None else done
