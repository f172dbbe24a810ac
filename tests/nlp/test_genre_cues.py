"""The genre cue words of models/taxonomy.json hold on reported text, not only on the
team's own clean documents: a news report that mentions a discussion (讨论), a forum
(论坛), a leader's speech (发表了讲话) and members addressed in a sentence (党员同志们)
is a case, not an article or a speech; an address 同志们： and an article titled 试论…
still count. Texts written for this test."""

import pytest

from huibian.core.records import SourceFile
from huibian.pipeline.ingestor import process_file
from huibian.pipeline.resources import Resources

NEWS = """红星机械厂党委举办青年党员学习交流活动

本报讯（记者 林晓 通讯员 周敏）5月18日，红星机械厂党委在厂职工之家举办青年党员学习交流活动，四十余名青年党员参加。

活动分为专题讨论和青年论坛两个环节。在专题讨论中，党员同志们围绕如何在生产一线发挥作用各抒己见，装配车间的王强结合自己带徒弟的经历谈了体会。在青年论坛上，六名青年党员轮流上台，讲述了各自岗位上攻坚克难的故事。

厂党委书记李建军出席活动并发表了讲话。他对青年党员提出希望，要求大家把学习成果转化为推动生产的实际行动。

据了解，该厂党委今年以来已组织此类活动三次，青年党员参与率达到百分之九十以上，讨论中提出的十二条合理化建议已有八条落实到车间管理中。
"""

ARTICLE = """试论新时期高校学生党支部的组织力建设

摘要：学生党支部是高校党组织联系学生的基本单元。本文从组织设置、党员教育和作用发挥三个方面分析当前学生党支部建设中的突出问题，并提出相应的改进思路。

关键词：学生党支部；组织力；党员教育

一、问题的提出

近年来，随着招生规模扩大和培养方式多样化，学生党支部面临党员流动性强、活动时间分散等新情况。如何保持支部的凝聚力，是需要认真研究的课题。

二、对策与建议

第一，优化支部设置，推行按专业和年级相结合的方式组建支部。第二，完善教育培训体系，把理论学习和社会实践结合起来。第三，健全激励机制，让优秀学生党员在学习和服务中发挥带头作用。

三、结语

组织力建设是一项长期任务，需要在实践中不断总结完善。
"""

SPEECH = """凝心聚力抓落实 奋发有为开新局

同志们：

这次会议的主要任务是总结上半年工作，部署下半年任务。刚才，几个单位作了交流发言，讲得很好，我都赞成。下面，我讲三点意见。

一、正视差距，增强做好工作的紧迫感。上半年我们完成了主要目标，但也要看到，一些工作推进还不平衡。

二、突出重点，确保各项任务落到实处。各单位要对照年初计划，逐项梳理进度，查漏补缺。

三、强化保障，营造干事创业的良好氛围。

同志们，下半年任务艰巨，希望大家振奋精神，真抓实干，确保全年目标顺利完成。
"""


@pytest.fixture(scope="module")
def genre_of(resources):
    def genre(name: str, text: str) -> str:
        items = process_file(SourceFile.from_bytes(name, text.encode("utf-8"))).items
        assert len(items) == 1
        [result] = resources.analyzer.analyze(items)
        return result["genre"]["label"]
    return genre


def test_a_news_report_on_a_discussion_and_a_forum_is_a_case(genre_of):
    assert genre_of("news.txt", NEWS) == "case"


def test_an_article_titled_shi_lun_is_an_article(genre_of):
    assert genre_of("article.txt", ARTICLE) == "article"


def test_a_speech_without_a_speech_title_is_read_by_its_salutation(genre_of):
    assert genre_of("speech.txt", SPEECH) == "speech"


def test_the_cues_found(resources):
    """What the genre rules count: in the report, the news lead's words and no article
    or speech cue; in the speech, the salutation twice."""
    rules = resources.classifier.rules

    def cues(text: str) -> list[tuple[str, str]]:
        return [(cue, label) for _, cue, label in rules.hits("genre", text)]

    assert cues(NEWS) == [("本报讯", "case"), ("（记者", "case"), ("通讯员", "case")]
    assert [c for c in cues(SPEECH) if c[1] == "speech"] == [("同志们：", "speech"),
                                                             ("同志们，", "speech")]
    assert ("试论", "article") in cues(ARTICLE)


CASE_WITH_LONGER_WORDS = """研究生党员走进社区课堂

本报讯（通讯员 韩雪）11月9日，理工学院材料系研究生党支部的十二名研究生党员走进城西社区，为社区老年大学学员讲授智能手机使用课。

课前，支部专门召开会议研究决定授课内容，大家想办法把操作步骤编成顺口溜，每人负责辅导三到四名老人。社区书记说，这样的好办法让老人们学得快、记得牢。

活动结束后，研究生党员们还和社区约定，每月按规定时间来社区服务一次，把课堂办成固定的志愿项目。
"""


def test_a_cue_inside_a_longer_word_is_no_cue(resources):
    """研究 in 研究生 / 研究决定 and 办法 in 想办法 / 好办法, 规定 in 按规定 are not the
    article's and the system's cue words (the labels' not_cues in models/taxonomy.json);
    the news lead's cues are all the rules count, and the report is a case."""
    rules = resources.classifier.rules
    found = [(cue, label) for _, cue, label in rules.hits("genre", CASE_WITH_LONGER_WORDS)]
    assert found == [("本报讯", "case"), ("通讯员", "case")]
    assert rules.hits("genre", "大家一起寻找改进的办法，拿出办法来。") == []
    # the same cues on their own still count
    assert [c for _, c, _ in rules.hits("genre", "本文研究了三种办法的规定。")] == ["研究", "办法", "规定"]


def test_the_report_with_longer_words_is_a_case(genre_of):
    assert genre_of("report.txt", CASE_WITH_LONGER_WORDS) == "case"


CEREMONY = """江湾职业技术学校举行“党员先锋岗”授牌仪式

4月12日下午，江湾职业技术学校在实训楼报告厅举行“党员先锋岗”授牌仪式，全体党员教师参加。

仪式上，校党支部书记为汽修、电子、烹饪三个专业部的八个先锋岗授牌。获授牌的党员代表作了表态发言，表示要在技能教学和学生管理中当好示范。

据了解，先锋岗由各专业部推荐、党员大会评议产生。下一步，学校将对先锋岗实行季度点评，年底评出优秀岗位。
"""


def test_a_news_headline_names_a_report(resources, genre_of):
    """A news report's headline (a unit held an event) names the genre as 的通知 or 实施方案
    does (models/genre_titles.txt, its last line): a ceremony report whose body has a
    speech's cue (表态发言) and a summary's (下一步) is a case; titles that name their
    genre keep it."""
    titles = resources.analyzer.title_genre
    assert titles("江湾职业技术学校举行“党员先锋岗”授牌仪式") == "case"
    assert titles("柳溪村党支部开展主题党日活动：重走红军路") == "case"
    assert titles("关于开展“党员先锋岗”评选活动的通知") == "notice"
    assert titles("城关中学开展“红色经典诵读”活动实施方案") == "plan"
    assert titles("在全县开展创先争优活动动员大会上的讲话") == "speech"
    assert titles("高校开展主题党日活动的实践与思考") == "article"
    assert titles("党员先锋岗授牌仪式") is None  # no unit doing it: no headline
    assert titles("区妇联：举办“巾帼建新功”主题宣讲报告会") == "case"  # the unit before a colon
    assert genre_of("ceremony.txt", CEREMONY) == "case"


JOURNAL_PRACTICE = """以“红色小课堂”为载体提升村级党组织组织力的实践探索

周立新

（中共桃源县委党校，湖南 桃源 415700）

摘要：村级党组织组织力不强，往往表现为党员教育流于形式、群众参与不足。本文以桃源县十二个村开展“红色小课堂”的做法为样本，分析载体设计、师资来源和考评方式对组织力的影响。

关键词：村级党组织；组织力；红色小课堂

一、问题的提出

近年来，各地在村级党组织建设上投入不少，但一些村的党员活动仍然是读文件、记笔记，群众不来、党员不讲。

二、做法与成效

县里把课堂开到村部、祠堂和田间，由老党员、致富带头人轮流授课，每次课后由群众打分。一年下来，参与群众从每场十几人增加到四十多人。

三、几点思考

载体要小而实，师资要接地气，考评要让群众说了算。
"""


def test_a_practice_title_printed_as_a_journal_article_is_an_article(resources, genre_of):
    """…的实践探索 names a case (models/genre_titles.txt), but a text that opens with an
    abstract and a keyword line, as a journal prints an article, is an article."""
    from huibian.nlp.analysis import journal_head  # why: the mechanism beside the document
    assert resources.analyzer.title_genre(JOURNAL_PRACTICE.splitlines()[0]) == "case"
    assert journal_head(JOURNAL_PRACTICE)
    assert not journal_head(CEREMONY) and not journal_head("标题\n摘要：只有摘要，没有关键词\n正文")
    assert genre_of("journal.txt", JOURNAL_PRACTICE) == "article"


DATABASE_RECORD = """新时代县级医院党建与业务融合的实践
Integrating Party building with medical work in county hospitals in the new era
摘要县级医院是县域医疗服务的龙头，党建与业务融合关系到医院高质量发展。本文梳理近年来各地县级医院的做法，分析融合中的常见问题，提出完善制度、建强支部、考核联动三条路径。
浏览12
被引3
下载20
"""


def test_a_database_record_of_an_article_is_an_article(genre_of):
    """A journal database's record: a practice title, its title in English and an
    abstract whose label ran into its text (no keyword line): an article."""
    from huibian.nlp.analysis import journal_head  # why: the mechanism beside the document
    assert journal_head(DATABASE_RECORD)
    assert not journal_head(DATABASE_RECORD.replace("摘要", ""))
    assert not journal_head("标题\n摘要县级医院是龙头。\n正文")  # no English title, no keywords
    assert genre_of("record.txt", DATABASE_RECORD) == "article"


def test_a_practice_headline_with_a_unit_names_a_case(resources):
    """A subtitle naming a unit and what it does (——XX妇联组建…), or a unit, a colon and a
    headline without a genre word, names a practice report (models/genre_titles.txt, the
    last lines); a preface of a case collection and titles that name their genre keep
    theirs."""
    titles = resources.analyzer.title_genre
    assert titles("“邻里红”点亮老街——桐溪区妇联组建巾帼志愿服务队开展邻里守望") == "case"
    assert titles("“帮办代办”让群众少跑腿——桐溪市人社局机关党委推行党员帮办代办服务") == "case"
    assert titles("物理系教工党支部：实验室里亮身份 科研一线当先锋") == "case"
    assert titles("市直机关工委：“机关党员进窗口”让办事群众少跑腿") == "case"
    assert titles("《先锋——桐溪理工学院基层党建创新案例选编》前言") != "case"
    assert titles("桐溪学院党委：关于开展主题党日活动的通知") == "notice"
    assert titles("做群众信得过的带头人——在全镇村干部培训班开班仪式上的讲话") == "speech"
