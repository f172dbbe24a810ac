"""The fuzz cases of ``bench/fuzz.py``: real PDFs, DOCX files, zips and texts made
from ``corpora/sample/`` (the bases), and one mutated input per case seed
(``SEED:N``): the same seed always gives the same name and bytes. Made here so the
tests (tests/properties) can check that without running the bench.

Each case applies 1-6 mutations chosen by its own seed: bit flips, truncation, splices
of another base, inserted junk, duplicated chunks, numbers in a PDF replaced by
extreme ones, and -- for DOCX files and zips -- the same mutations applied to one
member (``word/document.xml`` …) which is then zipped again, so the mutation reaches
the parser instead of failing the zip checksum. A share of the zip cases are nested
archives built for the purpose, a share of the text cases are encodings (whose clean
variants must decode to exactly the text written) and a share are hostile names."""

from __future__ import annotations

import io
import os
import random
import re
import zipfile

from huibian.core.script import to_traditional
from huibian.testkit import zipmaker
from huibian.testkit.docxmaker import make_docx
from huibian.testkit.samples import SAMPLE
from huibian.testkit.zipmaker import zip_of


def _docx_of(text: str) -> bytes:
    return make_docx(para.strip() for para in text.splitlines() if para.strip())


# --- bases ---------------------------------------------------------------------------

def make_bases() -> list[tuple[str, bytes]]:
    """(file name, bytes) of the unmutated inputs, all from corpora/sample/."""
    files = {p.name: p.read_bytes() for p in sorted(SAMPLE.iterdir()) if p.is_file()}
    pdf = next(v for k, v in files.items() if k.endswith(".pdf"))
    docx_ = next(v for k, v in files.items() if k.endswith(".docx"))
    texts = [v for k, v in files.items() if k.endswith(".txt")]
    notice = texts[-1].decode("utf-8")
    bases = [("sample.pdf", pdf), ("sample.docx", docx_), ("notice.docx", _docx_of(notice))]
    for k, t in enumerate(texts):
        s = t.decode("utf-8")
        bases += [(f"t{k}.txt", t), (f"t{k}-gb.txt", s.encode("gb18030")),
                  (f"t{k}-u16.txt", s.encode("utf-16"))]
    bases.append(("t-md.md", ("# 标题\n\n" + notice[:3000]).encode("utf-8")))
    flat = zip_of({"材料/案例.pdf": pdf, "材料/方案.docx": docx_, "通知.txt": texts[-1]})
    bases.append(("batch.zip", flat))
    bases.append(("stored.zip", zip_of({"a.txt": texts[0], "b.pdf": pdf}, compress=False)))
    bases.append(("nested.zip", zip_of({"inner.zip": zip_of({"x.txt": texts[1]}),
                                      "y.docx": docx_})))
    return bases


# --- mutations -----------------------------------------------------------------------

_NUMBER = re.compile(rb"(?<![A-Za-z])\d{1,9}(?![A-Za-z])")
_EXTREME = [b"0", b"-1", b"4294967295", b"99999999999", b"-2147483648", b"1e308", b"NaN",
            b"65536", b"2147483647"]
_JUNK = [b"\x00" * 16, b"\xff" * 16, b"<?xml", b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]>",
         b"&a;&a;&a;", b"<w:p><w:r><w:t>", b"</w:t>", b"obj", b"endobj", b"stream\n",
         b"endstream", b"trailer", b"xref\n0 1\n", b"<<", b">>", b"/Length 99999999",
         b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06", b"%PDF-1.4", b"\xef\xbb\xbf",
         "创先争优".encode("utf-8"), "创先争优".encode("gbk"), b"\r\n" * 8]


def mutate_bytes(data: bytes, rng: random.Random, bases: list[tuple[str, bytes]],
                 rounds: int) -> bytes:
    b = bytearray(data)
    for _ in range(rounds):
        op = rng.choice(("flip", "flip", "truncate", "splice", "junk", "junk", "dup",
                         "delete", "number"))
        pos = rng.randrange(len(b) + 1)
        if op == "flip" and b:
            for _ in range(rng.randint(1, 8)):
                i = rng.randrange(len(b))
                b[i] ^= 1 << rng.randrange(8)
        elif op == "truncate":
            del b[pos:]
        elif op == "splice":
            other = rng.choice(bases)[1]
            s = rng.randrange(len(other))
            b[pos:pos + rng.randrange(0, 4096)] = other[s:s + rng.randrange(1, 4096)]
        elif op == "junk":
            if rng.random() < 0.5:
                piece = rng.choice(_JUNK) * rng.randint(1, 4)
            else:
                piece = bytes(rng.randrange(256) for _ in range(rng.randint(1, 256)))
            b[pos:pos] = piece
        elif op == "dup" and b:
            s = rng.randrange(len(b))
            chunk = b[s:s + rng.randint(1, 2048)]
            b[pos:pos] = chunk * rng.randint(1, 8)
        elif op == "delete":
            del b[pos:pos + rng.randint(1, 1024)]
        elif op == "number":
            found = list(_NUMBER.finditer(b[:200_000]))
            if found:  # one number (a length, an offset, a count) made extreme
                m = rng.choice(found)
                b[m.start():m.end()] = rng.choice(_EXTREME)
    return bytes(b)


def mutate_member(data: bytes, rng: random.Random, bases, rounds: int) -> bytes:
    """Mutate one member of a zip container (DOCX or archive) and zip it again."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = {i.filename: zf.read(i) for i in zf.infolist()}
    except Exception:  # noqa: BLE001 - not a readable zip: mutate the bytes
        return mutate_bytes(data, rng, bases, rounds)
    names = sorted(members)
    xml = [n for n in names if n.endswith(".xml")]
    target = rng.choice(xml if xml and rng.random() < 0.7 else names)
    members[target] = mutate_bytes(members[target], rng, bases, rounds)
    if rng.random() < 0.1:
        members[rng.choice(["../evil.txt", "/abs.txt", "C:\\x.txt", "深/层/文件.txt"])] = \
            rng.choice(bases)[1][:5000]
    return zip_of(members, compress=rng.random() < 0.8)


# --- nested archives, encodings, names (issue 18) -------------------------------------

def make_nested(rng: random.Random, bases) -> bytes:
    """A zip nested 1-4 levels deep: sample files, zeros that inflate 1000:1, and
    copies of a level (stored or deflated) that multiply what the upload unpacks."""
    small = [b for b in bases if _kind(b[0]) == "text"]

    def level(depth: int) -> bytes:
        members: list = []
        for k in range(rng.randint(1, 4)):
            r = rng.random()
            if depth > 0 and r < 0.45:
                inner = level(depth - 1)
                packed = (zipmaker.deflated(inner) if rng.random() < 0.5
                          else zipmaker.stored(inner))
                members += [(f"d{depth}_{k}_{c}.zip", packed) for c in range(rng.randint(1, 6))]
            elif r < 0.6:
                members.append((f"zeros{k}.txt",
                                zipmaker.deflated_zeros(rng.randint(1, 40) * zipmaker.MB)))
            else:
                name, data = rng.choice(small)
                members.append((f"{k}-{name}", zipmaker.deflated(data) if rng.random() < 0.7
                                else zipmaker.stored(data)))
        return zipmaker.build(members)

    return level(rng.randint(1, 4))


_JAPANESE = ("党員の活動に関するお知らせ。各支部は、模範的な役割を発揮するため、活動の計画を"
             "作成し、来月までに報告してください。関係部署との連携を強化すること。\n")


def _traditional(text: str) -> str:
    return to_traditional(text)


def make_encoding(rng: random.Random, bases) -> tuple[bytes, str, str | None]:
    """(bytes, encoding label, the text they must decode to, or None when any
    documented outcome will do)."""
    texts = [b[1].decode("utf-8") for b in bases if b[0].endswith(".txt")
             and "-" not in b[0]]
    start = rng.randrange(0, 2000)
    text = rng.choice(texts)[start:start + rng.randint(400, 4000)].replace("\r", "")
    enc = rng.choice(("gb18030", "gbk", "big5", "cp950", "shift_jis", "utf-16-le",
                      "utf-16-be", "utf-16", "utf-8-sig", "junk"))
    if enc == "junk":  # high bytes, no NULs, no control bytes: no plausible decoding
        return bytes(rng.randrange(0x80, 0x100) for _ in range(rng.randint(100, 5000))), enc, None
    if enc in ("big5", "cp950"):
        text = _traditional(text)
    elif enc == "shift_jis":
        text = _JAPANESE * rng.randint(2, 20)
    data = text.encode(enc, errors="ignore")
    return data, enc, data.decode(enc)


_NAME_PIECES = ["关于开展党员先锋岗活动的通知".encode("gbk"), "方案".encode("gb18030"),
                "關於".encode("big5"), b"\xff\xfe\x80", b"\x1b]0;pwned\x07", b"\x1b[2J",
                b"\n", b"x: stored 99 items", b"\r", b"\x7f", "\u202e".encode("utf-8"),
                "\u2028".encode("utf-8"), b"\x85", b"\xc0\xaf", b"report"]


def make_name(rng: random.Random) -> bytes:
    """A file name's bytes (no '/' or NUL): pieces of GBK, Big5, invalid UTF-8 and
    control characters."""
    raw = b"".join(rng.choice(_NAME_PIECES) for _ in range(rng.randint(1, 4)))
    return raw.replace(b"/", b"_") + rng.choice([b".txt", b".zip", b".md", b""])


def make_case(master: int, n: int, bases) -> tuple[str, bytes, str]:
    name, data, how, _expected = make_case_full(master, n, bases)
    return name, data, how


def make_case_full(master: int, n: int, bases) -> tuple[str, bytes, str, str | None]:
    """(name, bytes, base/mutation, the text a clean encoding case must decode to)."""
    rng = random.Random(f"{master}:{n}")
    kind = rng.choice(("pdf", "docx", "zip", "text"))  # a quarter each
    special = rng.random()
    if kind == "zip" and special < 0.3:
        data = make_nested(rng, bases)
        if rng.random() < 0.3:
            return "nested.zip", mutate_bytes(data, rng, bases, rng.randint(1, 3)), \
                "zip/nested-mutated", None
        return "nested.zip", data, "zip/nested", None
    if kind == "text" and special < 0.2:
        data, enc, expected = make_encoding(rng, bases)
        if expected is not None and rng.random() < 0.3:
            return f"enc-{enc}.txt", mutate_bytes(data, rng, bases, 1), \
                "text/encoding-mutated", None
        return f"enc-{enc}.txt", data, f"text/encoding-{enc}", expected
    if kind == "text" and special < 0.35:
        raw = make_name(rng)
        _, data = rng.choice([b for b in bases if _kind(b[0]) == "text"])
        if rng.random() < 0.5:  # a zip member with that raw name (no UTF-8 flag)
            data = zipmaker.build([(raw + b".txt", zipmaker.deflated(data)),
                                   (make_name(rng) + b".txt", zipmaker.stored(data[:3000]))])
            raw = raw + b".zip"
        return os.fsdecode(raw) or "x", data, "text/names", None
    name, data = rng.choice([b for b in bases if _kind(b[0]) == kind])
    rounds = rng.randint(1, 6)
    is_zip = data.startswith(b"PK\x03\x04")
    how = "member" if is_zip and rng.random() < 0.6 else "bytes"
    if how == "member":
        out = mutate_member(data, rng, bases, rounds)
    else:
        out = mutate_bytes(data, rng, bases, rounds)
    if rng.random() < 0.05:  # a renamed file: the content decides, not the name
        name = "renamed" + rng.choice([".pdf", ".docx", ".txt", ".zip", ".doc"])
    return name, out, f"{kind}/{how}", None


def _kind(name: str) -> str:
    ext = name.rsplit(".", 1)[-1]
    return ext if ext in ("pdf", "docx", "zip") else "text"
