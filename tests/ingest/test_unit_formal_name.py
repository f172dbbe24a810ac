"""The unit of a document headed by its short or institutional name and signed by the
party body's formal name (corpora/understanding/LABELING.md, "unit: the body that signs"):
the formal name wins; another body's signature does not. Texts written for this test."""

from huibian.core.records import SourceFile
from huibian.pipeline.ingestor import process_file


def unit_of(text: str) -> str | None:
    items = process_file(SourceFile.from_bytes("doc.txt", text.encode("utf-8"))).items
    return [i for i in items if i.kind_hint != "preface"][0].unit


BODY = ("为进一步发挥党员在生产一线的带头作用，经研究，决定在全体党员中开展岗位建功活动。"
        "各党支部要结合本部门实际制定具体措施，每季度报送一次进展情况。\n")


def test_short_title_unit_signed_with_the_formal_name():
    text = "河湾机床有限公司党委关于开展党员岗位建功活动的通知\n\n各党支部：\n" + BODY + \
        "\n中共河湾机床有限公司委员会\n2019年4月2日\n"
    assert unit_of(text) == "中共河湾机床有限公司委员会"


def test_school_named_in_title_signed_by_its_branch():
    text = "清塘中学党员教师结对帮扶制度\n\n第一条　" + BODY + "第二条　本制度自印发之日起施行。\n" + \
        "\n中共清塘中学支部委员会\n2018年9月1日\n"
    assert unit_of(text) == "中共清塘中学支部委员会"


def test_bureau_signed_by_its_party_group():
    text = "南湖区水务局2020年党建工作总结\n\n" + BODY * 2 + "\n中共南湖区水务局党组\n2020年12月25日\n"
    assert unit_of(text) == "中共南湖区水务局党组"


def test_contributors_note_with_the_formal_name():
    text = "楼道里的微党课——柳岸社区党员教育的做法\n柳岸社区\n\n" + BODY * 2 + \
        "（中共柳岸社区委员会供稿）\n"
    assert unit_of(text) == "中共柳岸社区委员会"


def test_another_body_signing_leaves_the_head_unit():
    text = "柳岸社区党委关于开展党员亮身份活动的通知\n\n各网格党支部：\n" + BODY + \
        "\n中共城关街道工作委员会\n2021年3月5日\n"
    assert unit_of(text) == "柳岸社区党委"


def test_contributors_note_with_place_and_formal_name():
    """The note's body has the place before the name the subtitle gave (柏林路中学 /
    中共江州市柏林路中学支部委员会供稿): the note's formal name; never the party name cut
    short at the school (中共江州市柏林路中学)."""
    text = "让学生当一回评委\n——柏林路中学开展学生评教的做法\n\n" + BODY * 2 + \
        "\n（中共江州市柏林路中学支部委员会供稿）\n"
    assert unit_of(text) == "中共江州市柏林路中学支部委员会"


def test_fuller_name_is_never_a_party_name_cut_short():
    from huibian.ingest import layout  # why: the mechanism itself, beside the documents above
    body = "中共江州市柏林路中学支部委员会组织党员教师开展家访。"
    assert layout.fuller_name_in("柏林路中学", body) == "江州市柏林路中学"
