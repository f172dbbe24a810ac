"""huibian.ingest.garbage.is_garbage_text: mojibake is told from language."""

import pytest

from huibian.ingest.garbage import is_garbage_text

LANGUAGE = [
    "关于在全区教育系统党的基层组织和党员中深入开展创先争优活动的实施方案",
    "The committee adopted the plan on 5 May 2010 after a long discussion of its aims.",
    "2010 2011 2012 123.4 567.8 90.1 23 45 67 89 10 11 12 13",
    "会议纪要 Meeting minutes: QQ群 12345678，PPT 课件已上传。",
    "第 3 页",  # too short to judge
    "江西省电教馆  2011 年 5 月  省财政厅投资 1800 万元",
]
GARBAGE = [
    # glyph ids read as character codes (a font without ToUnicode)
    "\x01\x04\x05\x06\x04\x07\x08\t\n\x0b\r\n\x0c\x0c\r\x0e\x0f\x10\x11\x12\x01\x04\x05\x06"
    "\x13\x14\x15\x16\x17\x18",
    "!\"#$%&'()*)+,-./0123!\"#$%&'(45678)*+,-.9:;<=>?@",
    # GBK bytes read as Latin-1
    "¹ØÓÚÔÚÈ«Çø½ÌÓýÏµÍ³µ³µÄ»ù²ã×éÖ¯ºÍµ³Ô±ÖÐÉîÈë¿ªÕ¹",
    # private-use characters
    "\ue000\ue001\ue002\ue003\ue004\ue005\ue006\ue007\ue008\ue009\ue00a\ue00b\ue00c",
    # codes scattered over scripts
    "ༀ༁Ԁ԰ႠᄀᎠᐁᚠᜀᝀក᠀ᢀᤀᥐᦀ᧠ᨀ᩠᪰ᬀ",
    "xqzt bcdfg hjklm npqrs tvwxz qwrtp sdfgh jklzx cvbnm",
]


@pytest.mark.parametrize("text", LANGUAGE)
def test_language_is_not_garbage(text):
    assert not is_garbage_text(text)


@pytest.mark.parametrize("text", GARBAGE)
def test_mojibake_is_garbage(text):
    assert is_garbage_text(text)
