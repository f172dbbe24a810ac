"""One code, one meaning: zip conditions have their own codes (no longer shared with
PDF ones), a damaged .docx says it is a damaged Word file (not "corrupt zip"), and
every E1xx code raised by ingest is documented in docs/errors.md."""

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest

from huibian.core.errors import InputError, LimitError
from huibian.pipeline.ingestor import Ingestor, process_file, sources_from_bytes
from huibian.core.records import SourceFile
from huibian.ingest.archive import Refused, expand, is_zip_archive, office_package_kind
from huibian.core.limits import Limits
from tests.conftest import ROOT, SEED_PLAN


@pytest.fixture(scope="module")
def plan_docx() -> bytes:
    d = docx.Document()
    d.add_heading("关于深入开展创先争优活动的实施方案", level=0)
    for line in SEED_PLAN.read_text(encoding="utf-8").splitlines()[:40]:
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _zip(members: dict[str, bytes], **kw) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, **kw) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("cut", [0.3, 0.5, 0.9])
def test_truncated_docx_is_a_damaged_word_file(plan_docx, cut):
    data = plan_docx[: int(len(plan_docx) * cut)]
    assert office_package_kind(data) == "docx" and not is_zip_archive(data)
    [src] = list(sources_from_bytes("方案.docx", data, Limits()))
    assert isinstance(src, SourceFile)
    with pytest.raises(InputError) as err:
        process_file(src)
    assert err.value.code == "E140" and err.value.file == "方案.docx"
    assert err.value.message.startswith("corrupt or truncated Word (.docx) file (")


def test_truncated_docx_without_its_name_still_reads_as_word(plan_docx):
    """Recognized by its parts (local headers), not by the .docx name."""
    with pytest.raises(InputError) as err:
        process_file(SourceFile.from_bytes("upload.bin", plan_docx[: len(plan_docx) // 2]))
    assert err.value.code == "E140"


def test_truncated_docx_inside_a_zip(plan_docx, conn):
    data = _zip({"a/方案.docx": plan_docx[: len(plan_docx) // 2],
                 "b/plan.txt": SEED_PLAN.read_bytes()})
    with Ingestor(conn, stages=[]) as ing:
        rep = ing.ingest(sources_from_bytes("in.zip", data, Limits()))
    assert [(r.name, r.status) for r in rep.results] == [
        ("in.zip!a/方案.docx", "failed"), ("in.zip!b/plan.txt", "stored")]
    assert rep.results[0].error.endswith("; save it again [E140]")
    assert rep.results[0].error.startswith("corrupt or truncated Word (.docx) file (")


def test_truncated_plain_zip_is_a_corrupt_archive():
    data = _zip({f"f{k}.txt": SEED_PLAN.read_bytes() for k in range(3)})
    cut = data[: len(data) // 2]
    assert office_package_kind(cut) is None and is_zip_archive(cut)
    [out] = list(expand(SourceFile.from_bytes("cut.zip", cut), Limits()))
    assert isinstance(out, Refused) and out.error.code == "E135"
    assert out.error.message.startswith("corrupt zip archive (")


def test_zip_codes_are_not_the_pdf_codes():
    lim = Limits(max_zip_members=2, max_zip_depth=1)
    many = _zip({f"f{k}.txt": b"x" for k in range(3)})
    [r] = list(expand(SourceFile.from_bytes("many.zip", many), lim))
    assert isinstance(r, Refused) and r.error.code == "E118"
    unsafe = _zip({"../evil.txt": b"x"})
    [r] = list(expand(SourceFile.from_bytes("u.zip", unsafe), lim))
    assert r.error.code == "E136" and r.name == "u.zip!../evil.txt"
    enc = bytearray(_zip({"secret.txt": b"x"}))
    enc[6] |= 0x1  # local header flag
    cd = enc.rfind(b"PK\x01\x02")
    enc[cd + 8] |= 0x1  # central directory flag: an encrypted member
    [r] = list(expand(SourceFile.from_bytes("e.zip", bytes(enc)), lim))
    assert r.error.code == "E137"
    nested = _zip({"inner.zip": _zip({"deep.zip": _zip({"a.txt": b"x"})})})
    [r] = list(expand(SourceFile.from_bytes("n.zip", nested), lim))
    assert r.error.code == "E119" and r.name == "n.zip!inner.zip!deep.zip"


def test_docx_part_count_is_the_member_limit_code(plan_docx):
    with pytest.raises(LimitError) as err:
        process_file(SourceFile.from_bytes("p.docx", plan_docx), limits=Limits(max_zip_members=3))
    assert err.value.code == "E118"


def _raised_codes() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for folder in ("ingest", "huibian"):
        for p in sorted((ROOT / folder).rglob("*.py")):
            for code in re.findall(r'code="(E1\d\d)"', p.read_text(encoding="utf-8")):
                found.setdefault(code, []).append(str(p.relative_to(ROOT)))
    return found


def test_every_input_code_is_documented_once():
    doc = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (E\d{3}) \|", doc, re.M)
    assert len(rows) == len(set(rows))  # one row per code
    raised = _raised_codes()
    assert set(raised) - set(rows) == set(), raised
