"""Template pages whose first line is the site's own sentence or a collection heading
with a bare count (issue 16, real pages): the site's sentence (以下是…, 下面是小编…) over
the first sample's heading (…工作计划篇1, …领导讲话（一）：) gives that heading's title,
and a heading with its count and no brackets (…工作总结5篇, …年度总结三篇) is the title
without its count. A text that opens with a sentence of its own keeps no title. Each text
is our own; exact titles."""

import pytest

from tests.ingest.test_units_titles_w16 import only_item

PLAN = ("一、指导思想\n以服务青年为中心，围绕学校中心工作，扎实推进团的各项建设。\n"
        "二、主要任务\n（一）每月开展一次主题团日，组织团员学习。\n（二）组建志愿服务队，定期走进社区。\n")


@pytest.mark.parametrize("text, title", [
    ("新的学期就要开始了，及早做好打算才能事半功倍，以下是本站为大家整理的几篇计划，仅供参考。\n"
     "学校团委新学期工作计划篇1\n" + PLAN, "学校团委新学期工作计划"),
    ("青年节就要到了，表彰大会上领导怎么讲？下面是小编给大家收集的讲话稿，欢迎阅读。\n"
     "五四青年节表彰大会领导讲话（一）：\n同志们、青年朋友们：\n"
     "在五四青年节到来之际，我代表镇党委向全镇青年致以节日的问候！\n", "五四青年节表彰大会领导讲话"),
    ("2024年社区党建工作总结4篇\n时间：\n分享\n"
     "一年来，社区党委坚持以党建引领基层治理，把服务做到居民家门口。\n"
     "一、强化组织建设\n全年新建楼栋党小组六个。\n", "2024年社区党建工作总结"),
    ("村委会年度工作总结三篇\n一、基础设施建设\n今年硬化村道两公里，新修水渠八百米。\n"
     "二、为民服务\n开展上门服务四十余次。\n", "村委会年度工作总结"),
])
def test_a_template_pages_sample_heading_gives_the_title(text, title):
    assert only_item(text).title == title


def test_a_text_that_opens_with_its_own_sentence_keeps_no_title():
    text = ("今年以来，我们认真落实各项任务，取得了一定成效。\n"
            "党员教育管理工作（一）：\n每月开展一次集中学习，党员参学率保持在九成以上。\n")
    assert only_item(text).title == ""
