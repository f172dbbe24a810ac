"""More volumes of work systems (工作制度) as plain text prints them (issue 16, w15), in
layouts the w14 tests do not pin: titles ending in 规程, 须知, 标准, 要求, 流程 or in no
genre word at all (党员教育管理); 附件1 / 附件： over the titles of a volume that is a
notice's attachments without the notice; a note of adoption under the title
（2015年3月12日党委会议通过）, a status note on the second line （2016年修订）, 第一条 right
under the title; the unit's line above the title; a system of paragraphs with no articles;
a system set out as a table (序号 / 工作内容 / 责任人 lines); the volume's own section
headings (一、组织生活制度类, 第二部分　廉政制度) between the items; items ending with 附则
and 本制度由…负责解释。; a Word export with a blank line between every paragraph, the
titles indented with full-width spaces and the items divided by ****** or ———— lines; a
PDF export with a running head every page and page numbers (- 3 -, 第3页), with a 目录
listing the items and their pages (numbered 一、 in the 目录 and over the titles too);
a signature with its date on one line (XX社区党委2019年7月1日印发); 第1条 articles and a
…责任制; every title set in 《》 or 【】; a volume printed with a blank line before each
title and its points without stops, so the text reads as hard-wrapped; and a government
page's notice that forwards (印发) a work rule, its field block (发文机构：… 名称：…
发布日期：…) above it, one item. Each text is written for this test; counts, titles,
units and dates are exact."""

from huibian.core.records import SourceFile
from huibian.pipeline.ingestor import process_file


def items_of(text: str, name: str = "systems.txt"):
    items = process_file(SourceFile.from_bytes(name, text.encode("utf-8"))).items
    return [i for i in items if i.kind_hint != "preface"]


def heads(items):
    return [(i.title, i.unit) for i in items]


def dates(items):
    return [i.date for i in items]


OTHER_GENRE_WORDS = """\
机关食堂安全操作规程
一、食堂从业人员上岗前须取得健康证明，每年体检一次；患有痢疾、肝炎等有碍食品安全疾病的人员，调离加工岗位，病愈后凭医院证明方可返岗。
二、每天开伙前，炊事班长要逐一检查燃气阀门、管道接口和灶具，闻到异味或者发现漏气，立即关闭总阀，打开门窗通风，并报告后勤服务科，漏气现场严禁开关任何电器。
三、生食和熟食分开存放，刀具、砧板、盛器按照生熟标识分别使用，每次用后清洗消毒。冷藏库、冷冻柜的温度每天早晚各查看记录一次，温度不达标的及时报修。
四、采购的米面油和肉禽蛋奶要向供货商索取票证，建立进货台账，写明品名、数量、生产日期和保质期；过期、霉变或者来源不明的食品一律不得入库。
五、每餐每个品种留样不少于一百克，放入专用冷藏柜保存四十八小时，由留样人登记签字。
六、下班前关闭水、电、气总开关，清理灶台和排烟罩油污，锁好门窗后方可离开，值班人员每晚巡查一次。
七、违反本规程造成食物中毒、火灾等事故的，依照有关规定追究当事人和班组长的责任。
清江县机关事务服务中心
2017年4月6日

党员教育管理
第一条　为加强党员的经常性教育管理，使每名党员在思想上、行动上始终同党组织保持一致，结合本局实际，制定本规定。
第二条　党员教育以党支部为单位组织，每月集中学习一次，内容包括党的理论和路线方针政策、财政业务知识以及身边先进典型的事迹，每次不少于两小时。
第三条　党员每年参加集中培训不少于三十二学时。因公出差未能参加集中学习的，返回后由党小组长安排补学，补学情况记入学习记录。
第四条　党支部建立党员管理台账，如实记载党员参加组织生活、交纳党费、完成工作任务和受表彰受处分等情况，台账每季度更新一次。
第五条　党员外出六个月以上的，应当向党支部书面报告去向和联系方式；党支部通过电话、网络保持联系，定期寄送学习资料，了解其思想和工作情况。
第六条　对连续三个月不参加组织生活、不交纳党费的党员，党支部应当及时谈话提醒；经教育仍无转变的，按照党章和有关规定处理。
第七条　本规定由局机关党总支负责解释，自印发之日起执行。
清江县财政局机关党总支
2017年5月10日

来访人员登记须知
1．来访人员进入机关办公区，须在一楼门卫室出示居民身份证或者工作证件，如实填写来访登记簿，写明姓名、工作单位、来访事由、被访人和进出时间。
2．门卫接待人员应当主动询问，电话联系被访人确认后，发给临时出入证；被访人不在或者不同意接待的，礼貌劝其离开，不得擅自放行。
3．上访群众请到县人民来访接待中心反映诉求，门卫室负责指引路线，不得推诿、训斥，遇有情绪激动的群众，及时报告值班领导。
4．携带易燃易爆物品、管制刀具和宠物的人员一律不得进入办公区；送货、维修人员须由有关科室派人接送，并在指定区域作业。
5．来访人员离开时交还临时出入证，门卫接待人员在登记簿上注明离开时间；临时出入证遗失的，由被访科室负责说明。
6．登记簿每月整理一次，交办公室存档，保存期限不少于一年，任何人不得涂改、撕毁。

文明科室评比标准
一、政治学习：科室每月组织学习不少于两次，全员参加，有记录、有心得，学习笔记不少于五千字，此项占十五分。
二、工作业绩：全面完成年度目标任务，重点工作按时办结，无推诿扯皮、无积压延误，此项占三十分。群众来电来信回复率达到百分之百的，另加二分。
三、服务态度：接待群众热情耐心，一次性告知办事要求，全年无有效投诉，此项占二十分；被查实投诉一次扣五分。
四、环境卫生：办公室整洁，桌面文件摆放有序，不在室内吸烟，节约用水用电，此项占十五分，由办公室每月抽查两次。
五、遵章守纪：严格执行考勤制度，无迟到早退，无违规违纪行为，此项占二十分。科室人员受到党纪政务处分的，取消当年评比资格。
六、评比每年年底进行一次，先由科室自评，再由考评小组检查打分，得分九十分以上的评为文明科室，名单在机关公示栏张贴五天。
清江县财政局办公室
2017年6月

公文处理工作要求
一、收文由办公室统一签收、登记，当日送分管领导批办；急件随到随办，不得压在文件柜里过夜。
二、拟办文件时，承办科室要认真研究文件内容，提出具体的办理意见，需要会签的，主动送有关科室会签，会签科室三日内答复。
三、发文一律使用规范格式，标题准确，主送机关明确，文字简练，数字、日期、计量单位的写法符合国家标准；引用其他文件先写标题，后写文号。
四、文稿实行三级审核：承办人自核，科室负责人复核，办公室主任核稿，最后报局领导签发，未经签发的文稿不得印制。
五、涉密文件由专人传递、专柜保管，阅后及时退回，不得复印、拍照或者带回家中；确需复制的，报分管领导批准并登记。
六、办结的文件于次年三月底前整理归档，归档文件做到齐全完整、排列有序，任何科室和个人不得保存应当归档的文件。
清江县财政局办公室
2017年6月
"""


def test_titles_ending_in_other_genre_words_or_none():
    """…规程, …须知 (its points 1．), …标准 and …要求 over their sections, and 党员教育管理
    (no genre word at all) over 第一条, a blank line between the items; each signed."""
    items = items_of(OTHER_GENRE_WORDS)
    assert heads(items) == [
        ("机关食堂安全操作规程", "清江县机关事务服务中心"),
        ("党员教育管理", "清江县财政局机关党总支"),
        ("来访人员登记须知", None),
        ("文明科室评比标准", "清江县财政局办公室"),
        ("公文处理工作要求", "清江县财政局办公室")]
    assert dates(items) == ["2017-04-06", "2017-05-10", None, "2017-06", "2017-06"]


ATTACHED_SYSTEMS = """\
附件1
中共临川区商务局党组理论学习中心组学习规则
（2015年3月12日局党组会议通过）
第一条　为推进中心组理论学习制度化、规范化，提高领导班子的理论素养和决策水平，制定本规则。
第二条　中心组由局党组成员组成，局党组书记任组长，分管机关党建的副局长任副组长，办公室承担日常事务，负责拟定学习计划、通知学习时间和整理学习档案。
第三条　中心组每两个月集中学习一次，每年不少于六次，其中专题研讨不少于三次。集中学习一般安排半天，成员因故不能参加的，须向组长请假，事后自学补课。
第四条　学习采取个人自学、集中研讨、专家辅导和实地调研相结合的方式。每次专题研讨确定一名中心发言人，其他成员结合分管工作交流，发言提纲会前三天报办公室。
第五条　中心组成员每年撰写一篇以上有质量的调研报告或者理论文章，年底由办公室汇编成册，优秀文章推荐到区委宣传部。
第六条　中心组学习情况纳入领导班子年度考核，学习计划、出勤记录和研讨材料由办公室按年度归档备查。
第七条　本规则自通过之日起施行。
附件2
中共临川区商务局党组议事规则
（2016年修订）
第一条　为坚持和完善民主集中制，规范局党组的议事决策行为，根据有关党内法规，结合本局实际，制定本规则。
第二条　局党组会议讨论决定下列事项：贯彻落实上级重大决策部署的措施；全局年度工作计划和重要工作安排；干部的推荐、任免和奖惩；三万元以上的经费支出和重大项目安排；其他需要党组集体研究的重要事项。
第三条　党组会议一般每月召开一次，由党组书记召集并主持，必须有半数以上党组成员到会方能举行，讨论干部任免事项须有三分之二以上成员到会。
第四条　议题由党组成员提出，经书记同意后列入议程，会议材料至少提前一天送达与会人员，临时动议一般不作决定。
第五条　会议表决实行少数服从多数的原则，赞成票超过应到会成员半数为通过；对意见分歧较大的事项，除紧急情况外，应当暂缓表决。
第六条　党组会议由办公室指定专人记录，会议纪要经书记审定后印发，会议记录归档保存。
第七条　本规则自印发之日起施行，原议事规则同时废止。
附件3：
临川区商务局机关财务报销细则
第一条　为严肃财经纪律，规范机关经费报销，根据区财政局有关规定，结合本局实际，制定本细则。
第二条　各类支出须取得合法有效的发票，发票抬头为本局全称，填写项目齐全，大写小写金额一致；没有发票或者发票不合规的，财务人员不予受理。
第三条　报销实行经办人、科室负责人、分管领导和局长逐级审签，五千元以下由分管领导审批，五千元以上须报局长审批，二万元以上的须经局党组会议研究。
第四条　差旅费按照区里规定的标准报销，出差人员返回后十个工作日内办理，超出标准的部分由个人负担，不得以会议费、培训费等名义变通列支。
第五条　公务接待凭公函、接待清单和发票报销，接待清单写明接待对象、人数和陪同人员，陪同人员不得超过规定人数。
第六条　财务人员每月底前将报销凭证装订成册，任何人不得在原始凭证上涂改，凭证丢失的须由经办人书面说明并经局长签字。
第七条　本细则由局办公室负责解释。
附件4：
临川区商务局干部职工请休假须知
一、干部职工因私请假，半天以内的向科室负责人请假，一天至三天的报分管领导批准，三天以上的报局长批准；中层干部请假一律报局长批准。
二、请假须提前填写请假单，写明事由、天数和工作交接人，批准后交办公室备案；因突发疾病等情况来不及办理的，可先电话请假，事后三日内补办手续。
三、年休假由办公室在年初统筹安排，原则上在本年度内休完，不跨年度安排；因工作需要未能休假的，由科室出具说明。
四、病假须持二级以上医院的诊断证明，病假期间的工资待遇按国家有关规定执行；婚假、产假、丧假按照国家和省里的规定执行。
五、请假期满应当及时销假，需要续假的在期满前办理续假手续；未经批准擅自离岗或者逾期不归的，按旷工处理，年度考核不得评为优秀。
六、办公室每月汇总请休假情况，在机关内部公布，并作为年度考核的依据之一。
"""


def test_a_volume_of_attachments_each_system_under_its_own_attachment_line():
    """附件1 / 附件3： alone over each title and no notice above them (a volume compiled
    from a notice's attachments): each title starts an item, the 附件 line with it; a
    note of adoption with its date, or a status note, on the line under the title;
    第一条 right under it."""
    items = items_of(ATTACHED_SYSTEMS)
    assert [i.title for i in items] == [
        "中共临川区商务局党组理论学习中心组学习规则", "中共临川区商务局党组议事规则（2016年修订）",
        "临川区商务局机关财务报销细则", "临川区商务局干部职工请休假须知"]
    # (the last two titles' unit, 临川区商务局, is not read yet: a title's unit ending in
    # the one-character 局 before a word is left to the signature; not a splitting matter)
    assert [i.unit for i in items[:2]] == ["中共临川区商务局党组"] * 2
    assert dates(items) == ["2015-03-12", None, None, None]
    assert items[0].text.startswith("附件1\n")
    assert items[1].text.startswith("附件2\n")


UNIT_ABOVE_AND_UNNUMBERED = """\
中共石门镇卫生院支部委员会
党员联系群众制度
第一条　为密切党群关系，推动党员在为群众服务中发挥作用，结合卫生院实际，制定本制度。
第二条　每名党员联系五户以上的慢性病患者家庭或者困难群众，联系对象由支部委员会统一确定，名单在院务公开栏公布，每年调整一次。
第三条　党员每月至少上门走访或者电话回访联系对象一次，了解他们的身体状况和生活困难，帮助预约专家门诊，宣传医保政策，走访情况记入《联系群众登记本》。
第四条　对群众反映的问题，能当场解决的当场解决；不能当场解决的，党员要在三日内向支部报告，由支部协调相关科室办理，办理结果及时告知群众。
第五条　支部每季度召开一次联系群众工作汇报会，听取党员联系情况，研究解决共性问题，并对联系工作不力的党员进行提醒。
第六条　党员联系群众情况作为民主评议党员和年度评先评优的重要依据，群众满意度低于百分之八十的党员，当年不得评为优秀党员。
中共石门镇卫生院支部委员会
党员廉洁行医承诺制度
为了加强医德医风建设，促使党员医务人员带头廉洁行医，根据上级卫生主管部门关于加强行风建设的要求，结合卫生院工作实际，制定本制度。
每年一月，党员医务人员以科室为单位，向全院职工和患者作出廉洁行医公开承诺，承诺内容包括不收受患者红包礼品、不接受药品和器械供应商的回扣、不开大处方、不推诿病人等，承诺书由本人签名后在门诊大厅公示。
支部委员会设立意见箱和举报电话，聘请五名村民代表担任行风监督员，每季度召开一次座谈会，听取他们对党员医务人员履行承诺情况的意见。
年底，支部委员会对照承诺逐人进行评议，评议结果分为好、较好、一般、差四个等次，评为差等次的党员，由支部书记谈话诫勉，并在全院通报。
对违反承诺收受红包、回扣的党员，除退还财物外，依照有关规定严肃处理，取消其当年评先评优资格，情节严重的移交纪检部门。
石门镇卫生院
医疗废物处置工作流程
序号　工作内容　责任人　完成时限
1　各科室按感染性、损伤性、病理性、药物性、化学性五类分装医疗废物，使用专用包装袋和利器盒，包装袋不超过四分之三满　科室护士长　产生时即时分装
2　在包装袋外贴上标签，写明产生科室、类别、重量和日期，由科室护士和收集人员双方签字交接　科室护士、收集员　每天下午四点前
3　收集员按照规定路线，用专用密闭转运车将医疗废物送到暂存间，转运途中不得遗撒，转运车每天清洗消毒　后勤收集员　每天下午五点前
4　暂存间实行专人管理、双人双锁，做好出入库登记，暂存时间不超过四十八小时，地面和墙面每天消毒一次　暂存间管理员　每天
5　与有资质的处置单位办理交接，填写危险废物转移联单，联单保存三年，不得将医疗废物出售给个人　院感科　每两天一次
6　院感科每月检查一次全院医疗废物分类、交接和登记情况，发现问题下发整改通知，整改结果纳入科室考核　院感科科长　每月底
石门镇卫生院
药品库房管理制度
一、药品库房由药剂科统一管理，设专职库管员一名，库房钥匙由库管员和药剂科主任分别保管，非工作人员未经批准不得进入库房。
二、药品入库时，库管员对照随货同行单逐一核对品名、规格、批号、有效期和数量，检查外包装是否完好，核对无误后签字入库，建立电子台账。
三、药品分类定位存放，做到药品与非药品分开、内服药与外用药分开、易串味药品单独存放；需要冷藏的药品放入冷藏柜，每天上下午各记录一次温度。
四、库管员每月盘点一次，做到账物相符；近效期药品在醒目位置标明，六个月内到期的药品列出清单报药剂科，及时调剂使用。
五、过期、破损和变质的药品登记造册，报院长批准后由两人以上共同监督销毁，销毁记录保存两年。
六、库房保持清洁干燥，配备灭火器材，严禁吸烟和存放私人物品，下班前检查门窗水电，确保安全。
"""


def test_the_units_line_above_the_title_a_system_of_paragraphs_and_a_table():
    """The unit on the line over each title (not under it); a system of paragraphs with
    no articles (为了…制定本制度。 then running text); a procedure set out as a table
    (序号　工作内容　责任人　完成时限 over numbered rows)."""
    items = items_of(UNIT_ABOVE_AND_UNNUMBERED)
    assert heads(items) == [
        ("党员联系群众制度", "中共石门镇卫生院支部委员会"),
        ("党员廉洁行医承诺制度", "中共石门镇卫生院支部委员会"),
        ("医疗废物处置工作流程", "石门镇卫生院"),
        ("药品库房管理制度", "石门镇卫生院")]
    assert items[0].text.startswith("中共石门镇卫生院支部委员会\n党员联系群众制度")


VOLUME_SECTIONS = """\
一、组织生活制度类
“三会一课”制度
第一章　总则
第一条　为严格党的组织生活，增强党支部的凝聚力和战斗力，根据党章和有关规定，结合我公司党支部实际，制定本制度。
第二章　会议安排
第二条　支部党员大会每季度召开一次，由支部书记主持，主要传达学习上级精神，讨论接收预备党员和预备党员转正，选举支部委员会，听取和审查支部委员会的工作报告。
第三条　支部委员会会议每月召开一次，研究支部工作计划、发展党员、党员教育管理等事项，会议须有半数以上委员到会。
第四条　党小组会每月召开一次，由党小组长主持，组织党员学习，交流思想，开展批评和自我批评，安排党员承担具体任务。
第五条　党课每季度上一次，由支部书记、支部委员或者邀请上级领导讲授，每年支部书记讲党课不少于一次。
第三章　附则
第六条　各次会议应当做好记录，记录内容包括时间、地点、主持人、出席和缺席人员、议题和决议，会议记录本由组织委员保管。
第七条　本制度由公司党委组织部负责解释。
民主评议党员制度
第一条　民主评议党员每年年底进行一次，评议对象为支部全体正式党员和预备党员。
第二条　评议前，支部组织党员集中学习党章和评议标准，召开座谈会广泛征求群众意见，党员对照标准撰写个人总结。
第三条　评议时，召开支部党员大会，党员逐一作自我评价，其他党员和列席的群众代表进行评议，然后进行无记名测评。
第四条　支部委员会根据测评结果和平时表现，提出评定等次的意见，提交支部党员大会讨论确定；评议结果分为优秀、合格、基本合格和不合格四个等次。
第五条　对评为基本合格的党员，由支部书记谈话，限期改正；对评为不合格的党员，按照有关规定作出组织处置，并报公司党委备案。
第六条　附则
本制度由公司党委组织部负责解释，自印发之日起施行。
第二部分　廉政制度
领导人员廉洁从业若干规定
第一条　公司领导人员应当忠实履行职责，自觉维护公司利益，不得利用职权为本人或者特定关系人谋取利益。
第二条　领导人员不得在其他企业兼职取酬，不得从事营利性经营活动，不得以任何名义收受下属单位、业务单位和服务对象的礼金、有价证券和支付凭证。
第三条　领导人员的配偶、子女在公司所属单位或者与公司有业务往来的单位任职、经商办企业的，应当如实向公司党委报告，不得与其发生关联交易。
第四条　领导人员公务用车、接待和出差严格按照公司标准执行，不得超标准配车、违规公款吃喝或者借公务出差之机旅游。
第五条　领导人员每年年底向公司党委书面报告个人廉洁从业情况，报告内容在领导班子民主生活会上通报。
第六条　违反本规定的，视情节轻重给予批评教育、诫勉谈话、组织处理或者纪律处分，涉嫌违法犯罪的，移送司法机关处理。
附　则
本规定由公司纪委负责解释，自下发之日起执行。
物资采购监督管理办法
第一条　为规范公司物资采购行为，防范廉洁风险，降低采购成本，制定本办法。
第二条　单项金额五万元以上的物资采购一律公开招标或者邀请招标，五万元以下的实行三家以上比价采购，任何部门不得将应当招标的项目化整为零。
第三条　采购部门负责编制采购计划，财务部门负责审核资金，纪检监察部门对采购全过程实施监督，采购、验收、付款岗位相互分离。
第四条　参与采购的人员与供应商有利害关系的，应当主动回避；采购人员不得向供应商索要或者接受财物，不得接受供应商安排的宴请和娱乐活动。
第五条　物资到货后由使用部门、采购部门和质量管理人员共同验收，验收不合格的不予入库，验收记录由参加人员签字。
第六条　纪检监察部门每半年对采购工作检查一次，对发现的违规问题，责令整改，并追究有关人员的责任。
第七条　本办法由公司纪委负责解释。
"""


def test_the_volumes_section_headings_between_the_items():
    """一、组织生活制度类 and 第二部分　廉政制度 (the volume's own sections) over the first
    item of each; 第三章　附则 or 附　则 near an item's end, and 本制度由…负责解释。: each
    system is an item, the section heading goes with the item under it."""
    items = items_of(VOLUME_SECTIONS)
    assert [i.title for i in items] == [
        "“三会一课”制度", "民主评议党员制度", "领导人员廉洁从业若干规定", "物资采购监督管理办法"]
    assert "第三章附则" in items[0].text
    assert items[0].text.startswith("一、组织生活制度类\n“三会一课”制度")
    assert items[2].text.startswith("第二部分廉政制度\n领导人员廉洁从业若干规定")
    assert items[1].text.rstrip().endswith("本制度由公司党委组织部负责解释，自印发之日起施行。")
    assert items[2].text.rstrip().endswith("本规定由公司纪委负责解释，自下发之日起执行。")


WORD_EXPORT = """\
　　　　村级事务公开实施细则

　　第一条　为保障村民的知情权、参与权和监督权，推进村级事务阳光运行，结合本镇实际，制定本细则。

　　第二条　村级事务公开的内容包括：村集体资产资源的发包租赁、村级财务收支、惠农补贴的发放、低保和救助对象的评定、宅基地的审批以及村民关心的其他事项。

　　第三条　财务收支每月公开一次，其他事项随时公开。公开时间不少于十天，公开内容由村务监督委员会审核签字后方可张贴。

　　第四条　各村在村委会门前和人口集中的自然村设立公开栏，同时通过村民微信群发布，方便外出务工村民查看。

　　第五条　村民对公开内容有疑问的，可以向村务监督委员会提出，村务监督委员会应当在五日内答复；答复不满意的，可以向镇纪委反映。

　　第六条　镇纪委每季度对各村公开情况进行一次抽查，对不公开、假公开或者公开不及时的，责令限期整改，并约谈村党组织书记。

　　第七条　本细则由镇党委办公室负责解释，自印发之日起施行。

　　　　　　　　　　　　　　　　　　　　　　　　中共桃源镇委员会

　　　　　　　　　　　　　　　　　　　　　　　　2018年3月20日

******

　　　　村民议事会议事规程

　　第一条　村民议事会由村民代表、村“两委”成员和驻村老党员组成，每届任期与村委会相同，一般为二十一人至三十一人。

　　第二条　议事会讨论决定修建村道、兴修水利、集体资产处置、村规民约修订等涉及村民切身利益的重大事项。

　　第三条　议事程序为：村党组织提议，村“两委”商议，议事会审议，村民代表会议或者村民会议表决，表决结果公开，实施情况公开。

　　第四条　议事会一般每季度召开一次，遇有重大事项可以临时召开，会议须有三分之二以上成员出席，决定事项须经到会成员过半数同意。

　　第五条　议事会成员应当在会前走访联系户，收集群众意见，会上如实反映，不得以个人意见代替群众意见。

　　第六条　议事会的决定由村委会组织实施，村务监督委员会全程监督，实施结果在下次议事会上报告。

　　第七条　本规程自公布之日起施行。

　　　　　　　　　　　　　　　　　　　　　　　　桃源镇人民政府

　　　　　　　　　　　　　　　　　　　　　　　　2018年3月20日

————————————————————

　　　　农村党员“设岗定责”实施意见

　　为了让农村无职党员有事做、有责任、有压力，充分发挥先锋模范作用，经镇党委研究，现就在全镇农村开展党员设岗定责工作提出如下意见。

　　一、设岗原则。坚持因村设岗、因人定责，结合党员的年龄、身体状况和特长确定岗位，做到岗位明确、职责具体、人人有岗。

　　二、岗位设置。各村一般设立政策宣传、矛盾调解、环境卫生、治安巡逻、帮扶济困、产业示范等岗位，每个岗位安排一至三名党员。

　　三、工作程序。党员本人申请，村党组织结合实际确定岗位，在党员大会上公开承诺，岗位和职责在村务公开栏公示。

　　四、考核管理。村党组织每半年对党员履职情况考评一次，考评结果作为民主评议党员的重要依据，年底表彰一批优秀岗位党员。

　　五、组织领导。镇党委把设岗定责工作纳入村党组织书记抓党建述职评议内容，镇联村干部负责督促指导。

　　　　　　　　　　　　　　　　　　　　　　　　中共桃源镇委员会

　　　　　　　　　　　　　　　　　　　　　　　　2018年4月2日

******

　　　　村规民约

　　为维护本村社会秩序，建设文明和谐新农村，经村民会议讨论通过，制定本村规民约，全体村民共同遵守。

　　一、爱党爱国，遵纪守法，不参与赌博、迷信和非法宗教活动，不传播谣言。

　　二、孝敬父母，赡养老人，夫妻和睦，邻里互助，不虐待、遗弃家庭成员，邻里纠纷先由村调解委员会调解。

　　三、红白喜事从简办理，婚事酒席不超过二十桌，丧事不大操大办，不燃放大型烟花，不搞攀比。

　　四、爱护公共设施，不私自占用村道和集体土地，房前屋后垃圾分类投放，畜禽圈养，不乱倒污水。

　　五、保护山林，不乱砍滥伐，清明祭扫文明用火，野外用火须经村委会同意。

　　六、违反本村规民约的，由村委会批评教育，责令改正，情节严重的取消当年评先和村集体福利资格。

　　　　　　　　　　　　　　　　　　　　　　　　桃源镇双河村村民委员会

　　　　　　　　　　　　　　　　　　　　　　　　2018年5月
"""


def test_a_word_export_with_blank_lines_indents_and_dividers():
    """Every paragraph set off by a blank line, the titles indented with full-width
    spaces, the signatures pushed right, the items divided by ****** or a line of
    dashes: a rule whose title ends in 规程, a 实施意见 with a preamble, a village's
    compact (村规民约, no genre word of a system) with a preamble and 一、 points."""
    items = items_of(WORD_EXPORT)
    assert heads(items) == [
        ("村级事务公开实施细则", "中共桃源镇委员会"),
        ("村民议事会议事规程", "桃源镇人民政府"),
        ("农村党员“设岗定责”实施意见", "中共桃源镇委员会"),
        ("村规民约", "桃源镇双河村村民委员会")]
    assert dates(items) == ["2018-03-20", "2018-03-20", "2018-04-02", "2018-05"]
    assert items[2].text.startswith("农村党员") and items[3].text.startswith("村规民约")


PDF_EXPORT = """\
金溪县水务局内部管理制度汇编
目　录
水利工程质量监督工作规范………………………………1
防汛值班工作职责………………………………………2
局机关车辆使用管理规定………………………………3
河道巡查工作标准………………………………………4
金溪县水务局内部管理制度汇编
水利工程质量监督工作规范
第一条　为加强水利工程质量监督，保证工程建设质量，根据有关法规，结合我县实际，制定本规范。
第二条　县水利工程质量监督站负责全县中小型水利工程的质量监督工作，对每个工程项目确定一名项目监督负责人。
第三条　项目法人应当在工程开工前办理质量监督手续，提交施工图、施工合同和监理合同，监督站在五个工作日内制定监督计划。
第四条　监督人员对隐蔽工程、关键部位和重要工序实行重点抽查，发现质量问题当场下达整改通知，整改完成后复查签字。
- 1 -
金溪县水务局内部管理制度汇编
第五条　工程完工后，监督站参加验收，出具质量评定意见，质量不合格的工程不得交付使用。
第六条　监督人员不得参与所监督工程的施工、监理和材料供应，不得收受参建单位的财物。
第七条　本规范自印发之日起施行。
防汛值班工作职责
一、汛期实行二十四小时值班，值班人员由带班领导和值班员组成，值班表由办公室在每年汛前排定并印发各股室，调整值班须经带班领导同意。
二、值班员负责接收上级防汛指令和雨情、水情、工情信息，做好电话记录，写明来电单位、来电人、时间和内容，重要情况五分钟内报告带班领导。
三、带班领导负责研判汛情，根据预警等级提出应对意见，需要转移群众或者调度水库的，立即报告局长和县防汛指挥部。
- 2 -
金溪县水务局内部管理制度汇编
四、值班人员不得擅离岗位，不得饮酒，手机保持畅通，交接班时当面交代未办结事项，并在值班日志上签字。
五、汛期结束后，办公室整理值班日志和防汛信息，归档备查。对值班期间脱岗、迟报漏报造成损失的，追究值班人员责任。值班电话在汛前向社会公布，任何人不得占用值班电话处理私事。
局机关车辆使用管理规定
一、局机关公务车辆由办公室统一管理、统一调度，实行派车单制度，未经办公室派车，驾驶员不得私自出车。
二、因公用车须提前半天填写用车申请，写明事由、目的地和乘车人员，经办公室主任签批后派车；抢险、防汛等紧急用车可以先出车后补办手续。
第3页
金溪县水务局内部管理制度汇编
三、车辆实行定点加油、定点维修和定点保险，每次加油和维修须有两人签字，单次维修费用超过两千元的报分管领导批准。
四、节假日和下班后车辆一律停放在机关院内，严禁公车私用、公车私驾，驾驶员不得将车辆交给他人驾驶。
五、办公室每月公布一次各车辆的行驶里程、油耗和维修费用，接受干部职工监督。
六、驾驶员要爱惜车辆，出车前检查刹车、轮胎和灯光，发现故障及时报修，不得带病出车；因违章造成的罚款由驾驶员本人承担。
河道巡查工作标准
一、河道巡查员每周对责任河段巡查不少于两次，汛期每天巡查一次，暴雨期间加密巡查。
二、巡查的主要内容包括：河道内有无非法采砂、乱倒垃圾和违章建筑，堤防有无裂缝、渗漏和塌陷，排污口有无异常排放。
第4页
金溪县水务局内部管理制度汇编
三、巡查员发现问题应当拍照取证，填写巡查记录，一般问题当天报告乡镇河长办，重大问题立即报告县河长办和局分管领导。
四、巡查记录每月底交局河湖管理股汇总，巡查轨迹通过手机应用实时上传，巡查次数不足的，按月扣减巡查补助。
五、局河湖管理股每季度组织一次暗访，暗访结果与巡查员年度考核挂钩。
六、巡查员应当熟悉责任河段的基本情况，知道河长公示牌的位置和内容，公示牌损坏的及时报告更换；巡查时佩戴统一标志，遇到违法行为文明劝导、及时报告，不与群众发生冲突。
"""


def test_a_pdf_export_with_its_running_head_page_numbers_and_contents():
    """A PDF copied as text: the volume's name repeated at each page's head, page numbers
    (- 1 -, 第3页) on lines of their own, a 目录 listing the items with their pages; a
    post's duties (…工作职责) and a standard (…工作标准) among them; the page furniture
    starts nothing and is no title."""
    items = items_of(PDF_EXPORT)
    assert [i.title for i in items] == [
        "水利工程质量监督工作规范", "防汛值班工作职责", "局机关车辆使用管理规定", "河道巡查工作标准"]
    assert "第五条工程完工后" in items[0].text


FORWARDING_PAGE = """\
发文机构：青禾县人民政府办公室 - 名称：青禾县人民政府办公室关于印发《青禾县人民政府工作规则》的通知 - 公文种类：其他 - 发布日期：2021-12-22 17:45
青禾县人民政府办公室关于印发《青禾县人民政府工作规则》的通知
各乡镇人民政府，县政府各部门：
《青禾县人民政府工作规则》已经县人民政府第十二次常务会议审议通过，现印发给你们，请认真遵照执行。
青禾县人民政府办公室
2021年12月20日
青禾县人民政府工作规则
第一章　总则
第一条　为规范县人民政府的工作，提高行政效能，建设人民满意的服务型政府，根据有关法律法规，结合本县实际，制定本规则。
第二条　县人民政府工作坚持依法行政、科学民主决策、政务公开和廉洁从政的原则。
第二章　职责分工
第三条　县长领导县人民政府的全面工作，副县长按照分工负责分管领域的工作，受县长委托负责其他方面的工作或者专项任务。
第四条　县人民政府办公室协助县政府领导同志处理县政府日常工作，负责会议组织、公文运转和督促检查。
第三章　会议制度
第五条　县人民政府实行全体会议和常务会议制度。全体会议每半年召开一次，常务会议原则上每月召开两次，由县长召集和主持。
第六条　提交常务会议讨论的议题，由分管副县长协调后报县长确定，会议材料提前两天送达与会人员。
第四章　附则
第七条　本规则自印发之日起施行。
"""


def test_a_government_pages_notice_forwarding_a_rule_is_one_item():
    """A government page's field block (发文机构：… - 名称：… - 公文种类：… - 发布日期：…)
    run together on one line, then the notice that 印发《…工作规则》, then the rule with its
    chapters and articles: one document, titled by the notice, signed by the office;
    the field block is no title."""
    items = items_of(FORWARDING_PAGE, "page.txt")
    assert [(i.title, i.unit, i.date) for i in items] == [
        ("青禾县人民政府办公室关于印发《青禾县人民政府工作规则》的通知", "青禾县人民政府办公室",
         "2021-12-20")]
    assert items[0].text.rstrip().endswith("第七条本规则自印发之日起施行。")


def test_the_same_page_with_its_fields_one_a_line():
    """The field block one field a line (发文机构： / 名称： / 公文种类： / 发布日期：), the
    notice and its rule under it: still one item."""
    fields = FORWARDING_PAGE.split("\n", 1)[0].split(" - ")
    text = "\n".join(fields) + "\n" + FORWARDING_PAGE.split("\n", 1)[1]
    items = items_of(text, "page.txt")
    assert [(i.title, i.unit, i.date) for i in items] == [
        ("青禾县人民政府办公室关于印发《青禾县人民政府工作规则》的通知", "青禾县人民政府办公室",
         "2021-12-20")]


SIGNED_ON_ONE_LINE = """\
社区网格员工作守则(试行)
2019年7月
1、网格员在社区党委领导下开展工作，每天上午九点前到网格内走访，掌握网格内常住人口、流动人口、独居老人和残疾人的基本情况，做到底数清、情况明。
2、网格员发现矛盾纠纷、安全隐患和环境卫生问题，应当当场劝导处置，不能处置的，通过网格管理平台上报，并跟踪办理结果，直至问题解决。
3、网格员走访群众时应当佩戴工作证，态度和蔼，耐心解答群众提出的问题，不得收受群众的财物，不得泄露居民个人信息。
4、网格员每月参加一次业务培训，每季度由社区党委组织一次考评，考评结果与绩效补贴挂钩，连续两次考评不合格的予以调整。
5、遇有突发事件，网格员应当第一时间赶到现场，了解情况并报告社区值班人员，配合有关部门做好人员疏散和秩序维护工作。
6、本守则由社区党委负责解释。
青松社区党委2019年7月1日印发
楼道文明公约
为了营造整洁、安全、和睦的居住环境，经楼道居民共同商议，订立本公约，大家自觉遵守，互相监督。
一、爱护楼道公共设施，不在墙面乱涂乱画、乱贴小广告，损坏照明灯、扶手和消防器材的，照价赔偿。
二、楼道内不堆放杂物，不停放电动自行车，不私拉电线充电，保持消防通道畅通，发现火情及时拨打报警电话。
三、垃圾袋装后投放到指定地点，不从窗口向外抛物，饲养宠物的居民及时清理宠物粪便。
四、邻里之间互谅互让、互帮互助，晚上十点以后不在家中大声喧哗，装修施工遵守规定的时间。
五、楼道长负责本楼道公约的宣传和日常督促，每半年组织一次楼道居民议事，听取意见，评选文明家庭。
青松社区居民委员会
2019年8月
党员志愿服务队队员行为准则
一、坚定理想信念，自觉践行全心全意为人民服务的宗旨，在志愿服务中亮身份、作表率。
二、服从服务队的统一安排，按时参加志愿服务活动，因故不能参加的提前请假，不得无故缺席。
三、服务群众热情周到，尊重服务对象的意愿和隐私，不以任何理由向服务对象收取费用或者索要财物。
四、注意自身安全，参加防汛、防疫等特殊任务时听从现场指挥，正确使用防护用品，不冒险蛮干。
五、爱护服务队的物资设备，活动结束后清点归还，损坏或者遗失的及时说明情况。
六、服务队每年评选一次优秀志愿者，对表现突出的队员给予表彰，并推荐参加上级评选；对违反本准则、影响恶劣的，予以劝退。
七、队员应当认真记录每次服务的时间、地点和内容，服务时长录入志愿服务信息平台，作为评选表彰的依据。
青松社区党委
2019年9月
社区公共议事厅议事规范
（2020年1月6日社区居民代表会议通过）
第一条　为规范社区公共议事厅的议事活动，引导居民有序参与社区治理，制定本规范。
第二条　公共议事厅由社区党委牵头，社区居委会组织，居民代表、驻区单位代表、物业服务企业和业主委员会代表参加。
第三条　凡涉及社区公共利益的事项，如公共空间改造、停车位划分、物业服务费调整等，均可以提交议事厅协商，议题由居民联名或者居委会提出。
第四条　议事厅每月第二个周六上午开放，议事过程全程记录，形成的协商意见在社区公开栏公示七天，公示无异议的交有关方面办理。
第五条　议事参与人员应当理性表达意见，遵守发言时间，不得进行人身攻击，主持人有权制止扰乱议事秩序的行为。
第六条　本规范自通过之日起施行。
"""


def test_a_signature_with_its_date_on_one_line_ends_the_item():
    """XX社区党委2019年7月1日印发 (the unit and the date on one line) ends a 守则 whose
    title has a half-width status note and a month under it; a 公约 made by its preamble
    (订立本公约) over 一、 points starts right under it; a 准则 and a 规范 with its note of
    adoption follow."""
    items = items_of(SIGNED_ON_ONE_LINE)
    assert heads(items) == [
        ("社区网格员工作守则（试行）", "青松社区党委"),
        ("楼道文明公约", "青松社区居民委员会"),
        ("党员志愿服务队队员行为准则", "青松社区党委"),
        ("社区公共议事厅议事规范", None)]
    assert dates(items) == ["2019-07", "2019-08", "2019-09", "2020-01-06"]
    assert items[0].text.rstrip().endswith("青松社区党委2019年7月1日印发")


def test_the_pdf_export_without_its_contents():
    """The same PDF export with no 目录: the running heads and page numbers start nothing."""
    lines = PDF_EXPORT.split("\n")
    items = items_of("\n".join(lines[:1] + lines[7:]))
    assert [i.title for i in items] == [
        "水利工程质量监督工作规范", "防汛值班工作职责", "局机关车辆使用管理规定", "河道巡查工作标准"]


RESPONSIBILITIES = """\
机关档案借阅制度
第1条　为加强机关档案管理，方便干部职工查阅利用档案，同时确保档案的完整与安全，根据档案管理的有关规定，制定本制度。
第2条　本局干部职工因工作需要查阅档案的，填写档案借阅登记表，写明借阅事由、档案名称和借阅期限，经科室负责人签字后到档案室办理。
第3条　外单位人员查阅本局档案，须持单位介绍信，经办公室主任批准，在档案室内查阅，不得带出；确需复印的，复印件加盖档案室印章。
第4条　借阅档案一般不超过七天，到期需要续借的办理续借手续；借阅人不得在档案上圈点、涂改、拆页，不得转借他人。
第5条　人事档案、涉密档案的查阅按照专门规定执行，任何人不得擅自查阅本人及亲属的人事档案。
第6条　档案员每月清理一次借阅登记，催还到期档案；档案归还时当面检查，发现损坏或者缺页的，报办公室处理。
安全生产责任制
一、局长是全局安全生产的第一责任人，对安全生产工作负全面领导责任，每季度至少主持召开一次安全生产专题会议，研究解决安全工作中的重大问题。
二、分管安全的副局长协助局长抓好安全生产工作，组织制定安全生产规章制度和应急预案，每月带队开展一次安全检查。
三、其他副局长按照“管业务必须管安全”的要求，对分管领域的安全生产负直接领导责任，督促分管股室和下属单位落实安全措施。
四、各股室负责人对本股室的安全生产负直接责任，定期排查办公场所的用电、消防隐患，发现问题及时整改并报告。
五、全体干部职工应当遵守安全规章制度，积极参加安全培训和应急演练，掌握基本的自救互救技能，发现事故隐患立即报告。
六、发生安全事故的，按照有关规定逐级追究责任，对瞒报、谎报、迟报的，从重处理。
1．科室人员因公外出，须在外出登记板上写明去向和返回时间。
2．外出期间手机保持畅通。
值班室管理制度（草案）
（2014年5月）
一、值班室实行二十四小时值班，值班人员按照值班表轮流上岗，不得擅自调班，确需调班的须经办公室同意并在值班表上注明。
二、值班人员要坚守岗位，认真接听电话，做好来电来访登记，对上级的紧急通知和重要情况，立即报告带班领导并按领导指示办理。
三、值班人员不得在值班室会客、喝酒、打牌，不得从事与值班无关的活动，夜间值班不得脱岗睡觉。
四、值班人员交接班时，要当面交清值班日志、待办事项和值班室物品，交接双方在值班日志上签字。
五、值班室保持整洁，值班电话不得用于私人通话，值班室内的文件资料不得随意带出。
六、办公室每周对值班情况抽查一次，对脱岗、漏接电话、贻误工作的值班人员，予以批评；造成严重后果的，按有关规定处理。
科室负责人岗位职责
1．组织本科室人员学习政治理论和业务知识，每月至少组织一次业务学习，不断提高科室人员的工作能力和服务水平。
2．根据局年度工作要点，制定本科室的工作计划，分解落实工作任务，明确完成时限和责任人，定期检查工作进度。
3．负责本科室的日常管理，合理安排人员分工，做好考勤、请假审核和平时考核工作，关心科室人员的工作和生活。
4．加强与其他科室的沟通协作，对涉及多个科室的工作，主动牵头协调，不推诿、不扯皮。
5．抓好本科室的党风廉政建设，落实“一岗双责”，对科室人员的苗头性问题及时提醒纠正。
6．完成局领导交办的其他工作任务，重要情况及时请示报告。
"""


def test_articles_in_digits_a_charge_of_responsibilities_and_a_dated_draft():
    """第1条 (articles in digits); …责任制 (a charge of responsibilities) over 一、 points,
    a short list after it with no title of its own (it stays in the item); a draft
    (…制度（草案）) with its month in parentheses on the next line; a post's duties over
    1． points. No signatures: no unit."""
    items = items_of(RESPONSIBILITIES)
    assert heads(items) == [
        ("机关档案借阅制度", None), ("安全生产责任制", None), ("值班室管理制度（草案）", None),
        ("科室负责人岗位职责", None)]
    assert dates(items) == [None, None, "2014-05", None]
    assert items[1].text.rstrip().endswith("2．外出期间手机保持畅通。")


def test_a_contents_and_titles_numbered_by_the_volume():
    """A 目录 of numbered entries (一、…………1) and each title numbered the same in the
    body (一、机关食堂安全操作规程, 二、党员教育管理): the numbers are the volume's, left out of
    the titles as the layout split leaves them out (the items found by the 目录)."""
    titles = ["机关食堂安全操作规程", "党员教育管理", "来访人员登记须知", "文明科室评比标准", "公文处理工作要求"]
    numbers = "一二三四五"
    toc = "目　录\n" + "".join(f"{numbers[k]}、{t}……………………{2 * k + 1}\n" for k, t in enumerate(titles))
    body = OTHER_GENRE_WORDS
    for k, t in enumerate(titles):
        body = body.replace(t + "\n", f"{numbers[k]}、{t}\n", 1)
    items = items_of(toc + body)
    assert heads(items) == heads(items_of(OTHER_GENRE_WORDS))
    assert items[1].text.startswith("二、党员教育管理\n")


def test_titles_set_in_marks_by_the_volume():
    """Every title in book-title marks (《机关食堂安全操作规程》, 《党员教育管理》) or in 【】 over
    its articles: the volume's way of setting its titles (two such at least), not a
    document quoted in the item above; the marks are left out of the title."""
    titles = ["机关食堂安全操作规程", "党员教育管理", "来访人员登记须知", "文明科室评比标准", "公文处理工作要求"]
    body = OTHER_GENRE_WORDS
    for t in titles:
        body = body.replace(t + "\n", f"《{t}》\n", 1)
    assert heads(items_of(body)) == heads(items_of(OTHER_GENRE_WORDS))
    assert heads(items_of(body.replace("\n\n", "\n"))) == heads(items_of(OTHER_GENRE_WORDS))
    text = RESPONSIBILITIES
    for t in ("机关档案借阅制度", "安全生产责任制", "值班室管理制度（草案）", "科室负责人岗位职责"):
        text = text.replace(t + "\n", f"【{t}】\n", 1)
    assert [i.title for i in items_of(text)] == [
        "机关档案借阅制度", "安全生产责任制", "值班室管理制度（草案）", "科室负责人岗位职责"]


def test_the_units_line_above_the_titles_after_a_preface():
    """The same volume with a 前言 signed and dated before it: the unit over the first
    title follows the preface's date, so the units over the titles are still the items'."""
    preface = ("前　言\n为方便各支部学习使用，我们把卫生院近年来制定的几项制度汇编成册，供全院党员和职工"
               "对照执行。\n卫生院党政办公室\n2016年5月\n")
    assert heads(items_of(preface + UNIT_ABOVE_AND_UNNUMBERED)) == \
        heads(items_of(UNIT_ABOVE_AND_UNNUMBERED))


def test_the_forwarding_page_with_a_field_block_of_many_lines():
    """A government site's field block of many lines (索引号, 主题分类, 发文机关, 成文日期,
    标题, 发文字号, 发布日期) over the same notice and rule: one item, its 文号 read."""
    block = ("索引号：11360000MB1234567X/2021-00321\n主题分类：综合政务\n发文机关：青禾县人民政府办公室\n"
             "成文日期：2021年12月20日\n标题：青禾县人民政府办公室关于印发《青禾县人民政府工作规则》的通知\n"
             "发文字号：青府办发〔2021〕35号\n发布日期：2021年12月22日\n")
    items = items_of(block + FORWARDING_PAGE.split("\n", 1)[1], "page.txt")
    assert [(i.title, i.unit, i.date, i.doc_number) for i in items] == [
        ("青禾县人民政府办公室关于印发《青禾县人民政府工作规则》的通知", "青禾县人民政府办公室",
         "2021-12-20", "青府办发〔2021〕35号")]


def test_the_volumes_as_word_files_split_the_same():
    """Each volume as a Word file (one paragraph a line, blank lines and the indents
    dropped) gives the same titles and units as its plain text."""
    import io  # a DOCX is built only in this test

    from docx import Document

    for text in (OTHER_GENRE_WORDS, ATTACHED_SYSTEMS, UNIT_ABOVE_AND_UNNUMBERED, VOLUME_SECTIONS,
                 WORD_EXPORT, PDF_EXPORT, SIGNED_ON_ONE_LINE, RESPONSIBILITIES):
        d = Document()
        for ln in text.strip("\n").split("\n"):
            if ln.strip():
                d.add_paragraph(ln.strip("　"))
        buf = io.BytesIO()
        d.save(buf)
        items = [i for i in process_file(SourceFile.from_bytes("v.docx", buf.getvalue())).items
                 if i.kind_hint != "preface"]
        assert heads(items) == heads(items_of(text))


def _printed(systems) -> str:
    """A volume as a compiler prints it to text: a blank line, each title, its unit on
    the next line, a blank line, then the body one paragraph a line."""
    out = "前言\n本汇编收录的制度均已在原单位施行一年以上，各单位参照时请结合实际修订。\n编印组\n2020年1月\n"
    for title, unit, body in systems:
        out += f"\n{title}\n{unit}\n\n" + "\n".join(body) + "\n"
    return out


def test_a_printed_volume_whose_points_end_without_stops():
    """The points of each system printed without their stops (一、…按有关规定处理), so the
    text reads as hard-wrapped: the last line of an item, running to the full width,
    does not continue across the blank line into the next item's title (…岗位职责), as
    a wrapped line across a page break would; the Word file splits the same."""
    lines = [ln for ln in RESPONSIBILITIES.strip("\n").split("\n")]
    heads_at = [lines.index(t) for t in ("机关档案借阅制度", "安全生产责任制", "值班室管理制度（草案）",
                                         "科室负责人岗位职责")] + [len(lines)]
    units = ["金溪县档案局", "金溪县水务局", "金溪县水务局办公室", "金溪县水务局"]
    systems = [(lines[a], u, [ln.rstrip("。") for ln in lines[a + 1:b]])
               for a, b, u in zip(heads_at, heads_at[1:], units)]
    items = items_of(_printed(systems))
    assert [i.title for i in items] == [s[0] for s in systems]
    assert items[2].text.rstrip().endswith("造成严重后果的，按有关规定处理")


def test_a_run_on_volume_whose_points_end_without_stops():
    """The same systems run on with no blank line, each title over its unit's line: a
    last point running to the full width is not continued into the next title either
    (安全生产责任制 / 金溪县水务局 / 一、…)."""
    lines = RESPONSIBILITIES.strip("\n").split("\n")
    heads_at = [lines.index(t) for t in ("机关档案借阅制度", "安全生产责任制", "值班室管理制度（草案）",
                                         "科室负责人岗位职责")] + [len(lines)]
    units = ["金溪县档案局", "金溪县水务局", "金溪县水务局办公室", "金溪县水务局"]
    text = "".join(lines[a] + "\n" + u + "\n" + "\n".join(ln.rstrip("。") for ln in lines[a + 1:b]) + "\n"
                   for a, b, u in zip(heads_at, heads_at[1:], units))
    assert heads(items_of(text)) == [(lines[a], u) for a, u in zip(heads_at, units)]
