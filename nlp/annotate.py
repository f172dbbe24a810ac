"""spaCy annotation of an item: a ``Doc`` built from OUR tokenizer's words (not spaCy's
jieba segmenter, which uses jieba's global dictionary), sentences on Chinese punctuation,
and entity spans ORG, GPE, DATE, PERSON, CARRIER, ACTIVITY whose character offsets are
exact against the item's normalized text (``doc.text == text``).

Entity sources: phrase patterns kept as data (``models/entity_patterns.jsonl``) plus the
taxonomy's carrier cue words, matched by a SpanRuler; regexes for dates and unit names
(by suffix: 大学 医院 学校 委员会 党委 局 馆…); quoted named activities from
``huibian.nlp.carriers``; PERSON from signature lines and ``X同志`` checked with jieba's
part-of-speech tags (run on those few short strings only)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from huibian.core.errors import DataFileError
from huibian.core.models_dir import model_file

LABELS = ("ORG", "GPE", "DATE", "PERSON", "CARRIER", "ACTIVITY")
_END_CHARS = frozenset("。！？；")
_DATE = re.compile(r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月\d{1,2}日|\d{4}[-—]\d{4}")
_NAME_CHAR = r"[\u4e00-\u9fff]"
_NOT_IN_NAME = "的和与及在对把将由从为是了上下等各其要以并"
_ORG = re.compile(rf"(?:(?<=^)|(?<=[\n，。、；：（(“《]))(?:中共)?(?:(?![{_NOT_IN_NAME}]){_NAME_CHAR}){{1,18}}?"
                  r"(?:大学|学院|医院|卫生院|中学|小学|幼儿园|学校|委员会|党委|党工委|工委|"
                  r"教育局|卫生局|教体局|教育体育局|电教馆|办公室|领导小组|开发区|财政厅)", re.M)
_SIGNATURE = re.compile(r"^([\u4e00-\u9fff]{2,4})\n\d{4}年", re.M)
_COMRADE = re.compile(r"([\u4e00-\u9fff]{2,3})同志")


@dataclass(frozen=True)
class Entity:
    label: str
    text: str
    start: int
    end: int

    def as_json(self) -> dict:
        return {"label": self.label, "text": self.text, "start": self.start, "end": self.end}


def load_entity_patterns(path: Path | None = None) -> list[dict]:
    path = Path(path) if path else model_file("entity_patterns.jsonl")
    out = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise DataFileError("entity patterns not found", file=str(path)) from exc
    for no, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataFileError(f"not valid JSON: {exc.msg}", file=str(path), line=no) from exc
        if row.get("label") not in LABELS or not isinstance(row.get("pattern"), (str, list)):
            raise DataFileError(f'expected {{"label": one of {", ".join(LABELS)}, "pattern": …}}',
                                file=str(path), line=no)
        out.append(row)
    return out


class OurTokenizer:
    """spaCy tokenizer from our ``Tokenizer``: every character of the text is in a token
    (white space becomes its own token), so ``doc.text == text`` exactly."""

    def __init__(self, vocab, tokenizer):
        self.vocab = vocab
        self.tokenizer = tokenizer

    def __call__(self, text: str):
        # deferred for start-up time (numpy, scipy, sklearn)
        from huibian.nlp.features import Segmented

        return self.make_doc(text, Segmented.cut(text, self.tokenizer))

    def make_doc(self, text: str, tokens):
        """A ``Doc`` from ``tokens`` (our Tokenizer's, offsets into ``text``); the gaps
        between them (white space) become tokens of their own. Sentence starts are given
        to the ``Doc`` constructor in one array (setting ``is_sent_start`` token by token
        rescans the whole doc each time: quadratic)."""
        from spacy.tokens import Doc

        words: list[str] = []
        append = words.append
        pos = 0
        if hasattr(tokens, "starts"):  # a Segmented: words and their offsets
            pairs = zip(tokens.words, tokens.starts)
        else:
            pairs = ((t.text, t.start) for t in tokens)
        for w, start in pairs:
            if start > pos:
                append(text[pos:start])
            append(w)
            pos = start + len(w)
        if pos < len(text):
            append(text[pos:])
        # a token starts a sentence after 。！？； or a line break, or when it begins
        # with a line break; the first token always does (1 = start, -1 = not)
        ends = _END_CHARS
        sent_starts = [1] + [1 if (w[0] == "\n" or p[-1] in ends or "\n" in p) else -1
                             for p, w in zip(words, words[1:])] if words else []
        return Doc(self.vocab, words=words, spaces=[False] * len(words),
                   sent_starts=sent_starts)


class Annotator:
    def __init__(self, tokenizer, taxonomy, carriers, patterns: list[dict] | None = None):
        import spacy

        self.tokenizer = tokenizer
        self.carriers = carriers
        self.nlp = spacy.blank("zh")
        self.nlp.tokenizer = OurTokenizer(self.nlp.vocab, tokenizer)
        ruler = self.nlp.add_pipe("span_ruler", config={"spans_key": "ruler",
                                                        "phrase_matcher_attr": "ORTH"})
        pats = list(patterns if patterns is not None else load_entity_patterns())
        for label in taxonomy["carrier"].labels:
            for cue in label.cues:
                if len(cue) >= 3:
                    pats.append({"label": "CARRIER", "pattern": cue, "id": label.id})
        # phrase patterns are matched on our tokens: make each pattern's tokens ours too
        ruler.add_patterns([{"label": p["label"], "pattern": self.nlp.make_doc(p["pattern"]).text
                             if isinstance(p["pattern"], str) else p["pattern"]}
                            for p in pats])
        # Entities are matched on ORTH and only ``is_space`` of a token is read: a word
        # new to the vocabulary (a large-vocabulary collection adds tens of thousands)
        # gets that attribute only, not spaCy's dozen lexical attributes computed in
        # Python (~37 us a word, a third of the analysis time of such a collection)
        from spacy.attrs import IS_SPACE

        getters = self.nlp.vocab.lex_attr_getters
        self.nlp.vocab.lex_attr_getters = {IS_SPACE: getters[IS_SPACE]}

    def doc(self, text: str, tokens=None):
        tok = self.nlp.tokenizer
        doc = tok.make_doc(text, tokens) if tokens is not None else tok(text)
        return self.nlp.get_pipe("span_ruler")(doc)

    def entities(self, text: str, tokens=None, named=None) -> tuple[object, list[Entity]]:
        from spacy.util import filter_spans

        doc = self.doc(text, tokens)
        spans = list(doc.spans.get("ruler", []))
        tags = self.tokenizer.word_tags
        for label, rx in (("DATE", _DATE), ("ORG", _ORG)):
            for m in rx.finditer(text):
                span = doc.char_span(m.start(), m.end(), label=label, alignment_mode="expand")
                if span is None:
                    continue
                if label == "ORG":
                    # "服务医院", "随着医院": a verb/adverb/adjective first is not a name
                    first = next((t.text for t in span if not t.is_space), "")
                    if (tags.get(first) or "x")[0] in "vdpcmaru":
                        continue
                spans.append(span)
        for nc in (named if named is not None else self.carriers.extract(text)):
            span = doc.char_span(nc.start, nc.end, label="ACTIVITY", alignment_mode="expand")
            if span is not None:
                spans.append(span)
        for m in list(_SIGNATURE.finditer(text)) + list(_COMRADE.finditer(text)):
            if any(t.tag == "nr" for t in self.tokenizer.pos(m.group(1))):
                span = doc.char_span(m.start(1), m.end(1), label="PERSON", alignment_mode="expand")
                if span is not None:
                    spans.append(span)
        doc.ents = filter_spans(spans)
        return doc, [Entity(s.label_, s.text, s.start_char, s.end_char) for s in doc.ents]
