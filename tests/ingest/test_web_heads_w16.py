"""Heads of web copies (issue 16, the w16b layouts): a headline's lead cut at its colon
on a line of its own (XX党支部： / headline), a column tag over the first line of a
wrapped headline, a two-clause headline wrapped after its comma, a column name with a
bar (党建+｜…), a site's menu bar on one line, a stamp row with the publishing unit and a
view counter, a WeChat account's stamp (its page date) and its credits row, a sharing
site's fields (上传用户：…下载积分：…) and summary (文档简介：…), a template site's note and
its 范文 / （精选2篇） title, an editor's note over a speech's title, a bulletin's masthead
(XX党支部编　date), an author field that names a unit, and 上一条 / 下一条 after a
signature. Each case is a short page of our own; exact titles, units and dates."""

import pytest

from huibian.ingest import layout

from tests.ingest.test_units_titles_w16 import only_item


REPORT = ("11月上旬，支部组织十二名党员教师走进社区，为居民讲解防诈骗知识，发放宣传资料三百余份。\n"
          "支部书记表示，今后将把普法宣传作为支部的常态化工作，每季度开展一次。\n")

CASES = {
    "colon_lead": ("桐溪师范学院文学院\n首页\n学院概况\n党建工作\n当前位置：首页 >> 党建工作 >> 支部风采\n"
                   "【支部风采】中文系教工党支部：\n普法进社区 党员在行动\n"
                   "作者：李敏　来源：文学院党委　发布时间：2022年11月20日　点击数：\n" + REPORT,
                   "中文系教工党支部：普法进社区党员在行动", "中文系教工党支部", "2022-11-20"),
    "tagged_upper": ("桐溪化工有限公司官方网站\n首页|公司概况|新闻中心|党群工作\n党群工作\n"
                     "【团青风采】公司团委青年志愿服务队\n走进敬老院，陪老人过重阳节\n"
                     "时间：2021/10/15 作者：桐溪化工有限公司团委 浏览：218\n" + REPORT,
                     "公司团委青年志愿服务队走进敬老院，陪老人过重阳节", "桐溪化工有限公司团委", "2021-10-15"),
    "comma_wrap_menu_bar": ("桐溪市第三职业中专学校\n首页学校概况专业建设德育之窗党建园地招生就业\n"
                            "党建园地＞党建动态\n电子专业部党员教师进车间，\n把技能带回课堂\n"
                            "桐溪市第三职业中专学校2020-12-08浏览：\n" + REPORT,
                            "电子专业部党员教师进车间，把技能带回课堂", None, "2020-12-08"),
    "bar_column_account": ("桐溪小学\n桐溪小学 2022-06-02 17:45 发表于四川\n"
                           "党建+｜少先队员走进党史馆\n图文/大队部 编辑/王某 审核/李某\n" + REPORT,
                           "少先队员走进党史馆", None, "2022-06-02"),
    "sharing_fields": ("学术文库|海量论文在线阅读\n首页>教育论文>党建研究\n"
                       "上传用户：wenku_2020上传时间：2021-03-11页数：5下载积分：3\n【原创】文档已通过查重\n"
                       "关键词：党支部；组织生活；质量\n高校学生党支部组织生活质量提升研究\n刘青\n"
                       "（桐溪大学学生工作部，江苏桐溪210000）\n"
                       "摘要：组织生活是党支部教育管理党员的基本形式，本文从三个方面提出建议。\n"
                       "一、存在的问题\n一是内容单一。\n",
                       "高校学生党支部组织生活质量提升研究", "桐溪大学学生工作部", None),
    "template_sample": ("公文范文网\n首页>讲话发言>表态发言>正文\n班组长在公司安全生产大会上的表态发言范文\n"
                        "时间：2021-05-11 作者：佚名 分类：表态发言\n"
                        "以下是为大家整理的班组长在公司安全生产大会上的表态发言范文，欢迎阅读。\n"
                        "尊敬的各位领导、同志们：\n刚才公司领导对安全生产作了部署，我们班组坚决落实。\n",
                        "班组长在公司安全生产大会上的表态发言", None, None),
    "copies_note": ("范文大全网\n首页>工作计划>正文\n社区党支部工作计划（精选2篇）\n作者：佚名 来源：网友投稿\n"
                    "篇1\n一年来，社区党支部围绕中心工作，扎实开展各项工作。新的一年，支部将做好以下工作。\n",
                    "社区党支部工作计划", None, None),
    "editor_note_speech": ("桐溪发布\n点击上方蓝字关注“桐溪发布”\n"
                           "编者按：5月8日，全镇村干部培训班开班，镇党委书记出席并讲话，现将讲话刊发。\n"
                           "做群众信得过的带头人\n——在全镇村干部培训班开班仪式上的讲话\n"
                           "（2021年5月8日）\n同志们：\n今天我们举办培训班，就是要帮助大家提升本领。\n",
                           "做群众信得过的带头人——在全镇村干部培训班开班仪式上的讲话", None, "2021-05-08"),
    "masthead": ("党建工作简报\n第5期\n\n桐溪市实验中学党总支编　　　　　　2020年9月14日（星期一）\n\n"
                 "我校开展“党员示范岗”评选\n\n9月10日，学校党总支组织开展党员示范岗评选，"
                 "评出示范岗八个。\n",
                 "我校开展“党员示范岗”评选", "桐溪市实验中学党总支", "2020-09-14"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_web_head(name):
    text, title, unit, date = CASES[name]
    it = only_item(text)
    assert (it.title, it.unit, it.date) == (title, unit, date)


def test_the_signature_date_before_next_and_previous_links():
    """A system signed and dated, then the page's 责任编辑 and 上一条 / 下一条 links: the
    signature's date, not the page's."""
    text = ("桐溪市总工会\n基层动态\n桐溪机械有限公司工会会员评家办法\n"
            "【来源：桐溪机械公司工会　日期：2019-06-20】\n"
            "第一条　为加强会员管理，制定本办法。\n第二条　本办法自2019年7月1日起施行。\n"
            "桐溪机械有限公司工会委员会\n2019年6月12日\n责任编辑：何某\n"
            "上一条：市总工会举办职工技能大赛\n下一条：街道总工会开展送清凉活动\n")
    it = only_item(text)
    assert (it.unit, it.date) == ("桐溪机械有限公司工会委员会", "2019-06-12")
    assert layout.is_furniture("上一条：市总工会举办职工技能大赛")


def test_an_author_field_naming_a_unit_is_a_last_resort():
    """作者：<a unit> is who posted the page: the report's own subject in the lead wins."""
    text = ("欢迎光临桐溪妇女网！\n基层动态\n您现在所在位置：首页>>工作动态>>基层动态\n"
            "青山镇：巾帼志愿服务暖民心\n发布日期：2021-03-17 作者：桐溪市妇联 访问次数：\n"
            "本网讯 为庆祝“三八”国际妇女节，青山镇妇联组织巾帼志愿者走进敬老院，为老人理发、打扫卫生。\n"
            "青山镇妇联表示，将把志愿服务常态化开展下去。\n")
    assert only_item(text).unit == "青山镇妇联"
    # with no unit of its own in the text, the page's author field gives it
    bare = text.replace("青山镇妇联", "镇里").replace("青山镇：", "")
    assert only_item(bare).unit == "桐溪市妇联"


def test_an_author_field_with_a_unit_and_a_person_is_a_byline():
    """作者：<unit> <person> gives the author's unit, as a byline would."""
    text = ("桐溪市人民医院　>　党建园地　>　理论研究\n\n浅谈临床科室党支部的组织生活\n"
            "发布日期：2021-09-15　　作者：桐溪市人民医院党委办公室 王丽　　阅读：53\n\n"
            "临床科室党支部的组织生活常常因为医疗任务繁重而难以按时开展。\n"
            "一、存在的问题\n一是时间难保证。\n")
    assert only_item(text).unit == "桐溪市人民医院党委办公室"
