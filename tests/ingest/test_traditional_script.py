"""A document written in traditional characters (web copies from sites that convert
their pages) is read as simplified: layout, metadata, labels and search were built on
simplified documents. One character for one, so every offset holds; a simplified
document that quotes a traditional name is left as it is. Texts written for this test."""

from huibian.core.records import SourceFile
from huibian.core.script import is_traditional, to_simplified, to_traditional
from huibian.ingest.normalize import normalize
from huibian.pipeline.ingestor import process_file
from huibian.pipeline.resources import Resources

SPEECH = """在全镇党员冬训动员会上的讲话

同志们：

今天召开这个会议，主要是对今年冬季党员集中培训进行动员。刚才，组织委员通报了各村党支部的学习安排，我都同意。下面，我讲两点意见。

一、认清形势，把学习摆在更加突出的位置

这几年我们镇的变化很大，群众对党员干部的期望也越来越高。有的同志说工作忙顾不上学习，这种想法要不得。

二、讲求实效，让每名党员都有收获

各支部要结合村里的实际，把政策讲清楚，把道理讲明白，请致富带头人上台说说自己的经验。

同志们，冬训时间不长，任务不轻，希望大家认真对待，学有所获。
"""


def test_a_traditional_speech_is_read_as_simplified_with_its_offsets():
    trad = to_traditional(SPEECH)
    assert trad != SPEECH and len(trad) == len(SPEECH)
    assert "講話" in trad and "同誌們" not in trad  # 志 stays 志: not in the table
    assert is_traditional(trad) and not is_traditional(SPEECH)
    norm = normalize(trad)
    assert norm.text == normalize(SPEECH).text
    assert norm.to_raw == normalize(SPEECH).to_raw  # the same offsets into the file
    items = process_file(SourceFile.from_bytes("speech.txt", trad.encode("utf-8"))).items
    assert [it.title for it in items] == ["在全镇党员冬训动员会上的讲话"]
    [result] = Resources().analyzer.analyze(items)
    assert result["genre"]["label"] == "speech"  # the title and the salutation 同志们：


def test_a_simplified_text_quoting_traditional_names_is_left_as_it_is():
    text = ("南昌大學第四附屬醫院党委今年在门诊推行党员示范岗，"
            "由各支部推荐骨干担任，患者满意度明显提高。\n")
    assert not is_traditional(text)
    assert normalize(text).text == text.strip()


def test_a_few_traditional_characters_do_not_make_a_document_traditional():
    assert not is_traditional("後來")           # two characters: too few to tell
    assert is_traditional("後來這個會議說明們")   # nothing simplified to weigh against
    assert to_simplified("學習型黨組織") == "学习型党组织"
