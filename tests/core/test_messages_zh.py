"""Messages in Chinese (issue 17): every code the product raises, and every code in
docs/errors.md, has a Chinese text in models/messages_zh.json; real errors raised by the
product read in Chinese with their file, numbers and code; the English message (what
the CLI prints) is unchanged."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from huibian.core.errors import DataFileError, HuibianError, InputError
from huibian.core.messages import catalog, zh, zh_text
from huibian.core.records import SourceFile
from huibian.pipeline.ingestor import process_file
from huibian.search.query import parse
from huibian.services.volumes import create_volume

pytestmark = pytest.mark.both_stores  # the tests that use a store (conn): both stores

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("core", "store", "ingest", "nlp", "search", "similarity", "volume", "pipeline",
           "services", "evaluation", "api", "huibian", "app_pages")
CODE = re.compile(r"^E\d{3}$")
HAN = re.compile(r"[\u4e00-\u9fff]")


def _codes_in_product() -> dict[str, str]:
    """Every code literal in the product's source: ``code="E101"``, ``code = "E100"``,
    ``{"code": "E758", …}``, ``error_body("E759", …)`` - any string that is a code."""
    files = [ROOT / "app.py"] + [p for top in PRODUCT for p in (ROOT / top).rglob("*.py")
                                 if "__pycache__" not in p.parts]
    found = {}
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and CODE.match(node.value):
                found.setdefault(node.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_code_raised_in_the_product_has_a_chinese_text():
    found = _codes_in_product()
    assert len(found) > 100  # the scan sees the codes (E101 … E901)
    missing = {code: where for code, where in found.items() if code not in catalog()}
    assert missing == {}


def test_every_documented_code_has_a_chinese_text():
    documented = set(re.findall(r"^\| (E\d{3}) \|", (ROOT / "docs" / "errors.md")
                                .read_text(encoding="utf-8"), flags=re.M))
    assert {"E101", "E324", "E901"} <= documented
    assert sorted(documented - set(catalog())) == []


def test_every_text_is_chinese():
    for code, entry in catalog().items():
        assert HAN.search(entry.text), code
        for _pattern, template in entry.forms:
            assert HAN.search(template), code


def _raised(fn) -> HuibianError:
    with pytest.raises(HuibianError) as err:
        fn()
    return err.value


def test_real_errors_read_in_chinese_with_file_numbers_and_code(conn):
    empty = _raised(lambda: process_file(SourceFile.from_bytes("空白.txt", b"")))
    assert str(empty) == "空白.txt: the file is empty (0 bytes) [E101]"  # the CLI's line
    assert zh(empty) == "空白.txt：文件为空（0 字节） [E101]"

    query = _raised(lambda: parse("党员 OR"))
    assert zh(query) == "OR 两边都需要检索词，例如：党员 OR 团员 [E400]"
    assert zh(_raised(lambda: parse("x" * 1000))) == "检索式超过 500 个字符，请缩短 [E400]"

    from huibian.services.people import _check_password

    short = _raised(lambda: _check_password("abc"))
    assert zh(short) == "密码至少需要 8 个字符 [E715]"

    assert zh(_raised(lambda: create_volume(conn, "  "))) == "汇编需要标题 [E800]"


def test_a_reported_line_is_translated_too():
    # an ingest result carries its error as a line "message [code]"
    assert zh("the PDF has 2500 pages, over the 2000-page limit (HUIBIAN_MAX_PAGES) [E112]") \
        == "共 2500 页，超过 2000 页的上限（HUIBIAN_MAX_PAGES） [E112]"
    assert zh("扫描.pdf: encrypted PDF; remove the password and submit again [E130]",
              file="扫描.pdf") == "扫描.pdf：PDF 已加密，请去除密码后重新提交 [E130]"
    # an unknown wording of a known code: the code's general text
    assert zh("something new went wrong [E131]") == "PDF 文件损坏或不完整，请重新导出或下载 [E131]"
    # a code the catalog lacks keeps its English; a line without a code is left alone
    assert zh_text("E999", "odd") == "odd"
    assert zh("已入库") == "已入库"


def test_a_bad_catalog_names_its_problem(tmp_path):
    bad = tmp_path / "messages_zh.json"
    bad.write_text(json.dumps({"E101": {"text": "空", "forms": [
        {"en": "^(?P<n>\\d+)$", "zh": "{m} 个"}]}}), encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        catalog(bad)
    assert "the text names m" in err.value.message
    bad.write_text(json.dumps({"E101": {"forms": []}}), encoding="utf-8")
    with pytest.raises(DataFileError):
        catalog(bad)


def test_the_catalog_follows_huibian_models(tmp_path, monkeypatch):
    (tmp_path / "messages_zh.json").write_text(
        json.dumps({"E101": {"text": "空文件"}}, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("HUIBIAN_MODELS", str(tmp_path))
    assert zh(InputError("the file is empty (0 bytes)", code="E101")) == "空文件 [E101]"
