"""A unit read from a body clause never starts with what is done to a system or heard
(健全现代医院管理制度, 聆听XX医院的讲座), nor with an article's number whose space was lost
(第二条医院党委…): such text names no issuing unit (issue 16). Texts written for this test."""

from huibian.core.records import SourceFile
from huibian.ingest import layout
from huibian.pipeline.ingestor import process_file


def test_clauses_with_a_verb_before_a_name_give_no_unit():
    assert layout.body_unit("为加强党对公立医院的全面领导，健全现代医院管理制度，根据有关规定，制定本办法。") is None
    assert layout.body_unit("通过聆听省医院心内科党支部书记的专题党课，大家很受启发。") is None
    assert layout.body_unit("党员们参观市博物馆后，开展了交流。") is None


def test_a_system_whose_preamble_improves_a_system_has_no_unit_from_it():
    text = ("医院党委领导下的院长负责制实施办法\n\n"
            "第一条　为加强党对公立医院的全面领导，健全现代医院管理制度，结合实际，制定本办法。\n"
            "第二条　医院党委发挥把方向、管大局、作决策、促改革、保落实的领导作用。\n"
            "第三条　本办法自印发之日起施行。\n")
    items = process_file(SourceFile.from_bytes("system.txt", text.encode("utf-8"))).items
    assert items[0].title == "医院党委领导下的院长负责制实施办法"
    # no unit: not the clause (健全现代医院), not 二条医院党委 out of 第二条　医院党委…
    assert items[0].unit is None
    assert layout.fuller_name_in("医院党委", text) is None
