"""The demo's 任务分解表 of the 2024 work plan and the story its progress tells; no database access here.

BREAKDOWN maps every item number (1–28) to its tasks: the lead unit, the cooperating units,
deadline, milestones and the course its monthly reports follow. Units are named by the keys
of UNIT_KEYS (a section's name, a bureau unit's short name, a fixed school's short name,
"园林分局", "<镇/街道>学区", or ALL_AREAS for every 学区 and 园林分局).

The story, as of 2024-11-01 (reports March–October):
- done (approved): 10-2 浩口公办幼儿园, 11-1 园林六小扩容, 15 继续教育, 17 师德师风, 23 办学行为;
- red: 11-3 (兴盛路小学 not started: 滞后 and an overdue milestone), 12-2 (潜江中学学生住宿楼 滞后),
  27 (one 学区 missed the September and October reports);
- yellow: 20 (a report returned, not resubmitted), 22 (a unit missed October), 25 (a milestone due
  on 2024-11-15); everything else green. Two 督办单: 11-3 (answered) and 27 (open).
"""
import datetime
from dataclasses import dataclass, field

from edubureau.demo import catalog
from edubureau.orgs.divisions import qianjiang_divisions

PLAN_YEAR = 2024
YEAR_END = datetime.date(PLAN_YEAR, 12, 31)
ALL_AREAS = "各学区、园林分局"
FALLBACK_LEAD = "基础教育科"  # leads a task whose own lead section is missing (small scale)

NORMAL, DONE, LAGGING, SKIP, RETURNED = "normal", "done", "lagging", "skip", "returned"


def _d(month: int, day: int) -> datetime.date:
    return datetime.date(PLAN_YEAR, month, day)


def _unit_keys() -> dict[str, str]:
    keys = {s.name: s.code for s in catalog.SECTIONS}
    keys.update({"教科院": "JZ01", "装备中心": "JZ02", "资助中心": "JZ03", "招考办": "JZ04", "校外活动中心": "JZ05"})
    keys.update({key: school.code for key, school in catalog.FIXED_SCHOOLS_BY_KEY.items()})
    keys["园林分局"] = catalog.SUB_BUREAU_CODE
    for division in qianjiang_divisions():
        if division.in_2023_data and division.code != catalog.SUB_BUREAU_DIVISION:
            keys[f"{division.name}学区"] = catalog.district_code(division.code)
    return keys


UNIT_KEYS = _unit_keys()  # unit key -> OrgUnit code


@dataclass(frozen=True)
class MilestonePlan:
    title: str
    due_on: datetime.date
    done_on: datetime.date | None = None


@dataclass(frozen=True)
class Course:
    """How a task's reports run. `month`: DONE/LAGGING from that month; SKIP: that many last months.

    `prefer`: the unit key the twist happens to (else a seeded pick among the cooperating units);
    `text`: what is said when done, why it lags, or the reviewer's reason for returning a report;
    `remedy`: what the lagging unit does about it.
    """

    kind: str = NORMAL
    month: int = 0
    prefer: str = ""
    text: str = ""
    remedy: str = ""


@dataclass(frozen=True)
class TaskPlan:
    measure: str
    lead: str
    cooperating: tuple[str, ...] = ()
    deadline: datetime.date = YEAR_END
    target: str = ""  # empty: the item's extracted targets (those with a comparator, if any has one)
    milestones: tuple[MilestonePlan, ...] = ()
    project: str = ""  # a building project: narratives follow its phases ("build", "continue", "prepare")
    course: Course = field(default_factory=Course)


@dataclass(frozen=True)
class NoticePlan:
    """A 督办单 to the unit a task's twist happened to; `reason` may use {unit}, {measure}, {reply_due}."""

    item: int
    seq: int
    issued_at: datetime.datetime
    reply_due: datetime.date
    reason: str
    reply: str = ""
    replied_at: datetime.datetime | None = None


def _project(measure: str, *, cooperating: tuple[str, ...], target: str, milestones, deadline=YEAR_END,
             phases: str = "build", course: Course | None = None) -> TaskPlan:
    return TaskPlan(measure, "基础教育科", ("计财科", *cooperating), deadline, target, tuple(milestones),
                    project=phases, course=course or Course())


_T = TaskPlan
_M = MilestonePlan

BREAKDOWN: dict[int, tuple[TaskPlan, ...]] = {
    1: (_T("落实“第一议题”制度，抓实党员干部经常性教育，开展党组织书记讲思政课活动", "办公室", ("人事科",)),),
    2: (_T("落实党组织领导的校长负责制，推进党组织标准化规范化建设和“一校一品”党建品牌创建", "人事科", ("办公室",),
           milestones=(_M("组织召开七一庆祝大会", _d(7, 1), _d(6, 28)),)),),
    3: (_T("落实中央八项规定精神，抓好巡察、审计反馈问题整改，推进清廉学校建设和违规收费专项治理", "办公室",
           ("计财科", "基础教育科"), milestones=(_M("完成巡察反馈问题整改", _d(6, 30), _d(6, 25)),)),),
    4: (_T("落实意识形态工作责任制，做好教育舆情监测处置、网络安全和统战工作", "办公室", ("安全稳定科", "政策法规科")),),
    5: (_T("落实《中小学德育工作指南》，完善一体化德育体系，健全思政课教师配置机制，推进“书香校园”建设",
           "基础教育科", ("校外活动中心", "园林分局")),),
    6: (_T("承办潜江市首届城市运动会(青少年类)比赛，健全体质健康监测和抽测复核制度，开展“戏曲进校园”等美育活动",
           "体卫艺科", ("校外活动中心", "园林分局"),
           milestones=(_M("承办潜江市首届城市运动会(青少年类)比赛", _d(5, 31), _d(5, 26)),)),),
    7: (_T("做好省级劳动教育示范区试点，开展“虾乡”序列研学活动，抓实综合实践教育", "基础教育科",
           ("教科院", "校外活动中心", "熊口镇学区", "龙湾镇学区")),),
    8: (_T("加强科学类课程建设和实验教学，组织青少年科技创新政府奖评比、校园科技月等活动", "基础教育科",
           ("教科院", "校外活动中心"), milestones=(_M("组织开展“全国科普日”活动", _d(9, 30), _d(9, 21)),)),),
    9: (_T("开展新课标新教材培训，出台课程教学改革三年行动方案，深化三级教研，做好中考备考", "基础教育科",
           ("教科院", "招考办"),
           milestones=(_M("出台《潜江市中小学推进课程教学改革三年行动方案》", _d(6, 30), _d(6, 20)),)),),
    10: (
        _T("提升普惠性资源占比，加大普惠性民办幼儿园扶持力度，推行“集团化办园”试点", "基础教育科",
           ("计财科", "园林分局", "浩口镇学区"), target="学前教育“两个占比”稳步提高"),
        _project("完成浩口公办幼儿园建设", cooperating=("浩口镇学区", "浩口公办幼儿园"), deadline=_d(8, 31),
                 target="8月底前竣工验收，秋季学期开园",
                 milestones=(_M("主体完工", _d(6, 15), _d(6, 12)), _M("竣工验收", _d(8, 20), _d(8, 16))),
                 course=Course(DONE, 8, text="浩口公办幼儿园已于8月中旬通过竣工验收，秋季学期如期开园招生。")),
    ),
    11: (
        _project("完成园林六小扩容工程", cooperating=("园林分局", "园林六小"), deadline=_d(8, 31),
                 target="秋季开学前竣工并投入使用",
                 milestones=(_M("主体完工", _d(5, 31), _d(5, 30)), _M("竣工验收", _d(8, 25), _d(8, 22))),
                 course=Course(DONE, 8, text="园林六小扩容工程已通过竣工验收，新建教学楼秋季开学投入使用，"
                                            "城区学位紧张状况得到缓解。")),
        _project("完成育才路小学建设项目", cooperating=("园林分局", "育才路小学"), target="年底前竣工验收",
                 milestones=(_M("主体完工", _d(8, 31), _d(8, 28)), _M("竣工验收", _d(12, 20)))),
        _project("开工建设兴盛路小学、莫市中学教学综合楼，启动曹禺中学泰丰校区学生住宿楼建设",
                 cooperating=("园林分局", "竹根滩镇学区", "莫市中学", "曹禺中学"), target="年内全部开工或启动建设",
                 phases="prepare",
                 milestones=(_M("莫市中学教学综合楼开工", _d(6, 30), _d(6, 18)), _M("兴盛路小学开工建设", _d(9, 30)),
                             _M("曹禺中学泰丰校区学生住宿楼完成立项", _d(12, 31))),
                 course=Course(LAGGING, 9, prefer="园林分局",
                               text="兴盛路小学项目用地报批和规划许可手续尚未办结，未能按计划于9月底前开工",
                               remedy="已与自然资源和规划、住建等部门多次对接，加快办理前期手续，力争12月上旬开工。")),
    ),
    12: (
        _project("加快潜江中学新校区项目建设进度", cooperating=("潜江中学",), target="主体结构封顶，完成年度投资计划",
                 phases="continue",
                 milestones=(_M("主体结构封顶", _d(9, 30), _d(9, 26)),)),
        _project("启动潜江中学学生住宿楼建设", cooperating=("潜江中学",), target="年内完成立项并开工", phases="prepare",
                 milestones=(_M("完成项目立项", _d(6, 30), _d(6, 27)), _M("开工建设", _d(12, 20))),
                 course=Course(LAGGING, 8, prefer="潜江中学",
                               text="学生住宿楼项目资金筹措方案尚未落实，可行性研究报告批复推迟",
                               remedy="已提请市政府专题研究资金来源，积极申报专项债券，争取年底前开工。")),
        _T("落实消除普通高中大班额实施方案，推进公办普通高中优化整合和特色发展", "基础教育科", ("潜江中学", "曹禺中学"),
           target="全面消除普通高中大校额，基本消除大班额"),
    ),
    13: (_T("完成职教中心项目建设，推进“双优计划”和产教融合，完善“双师型”教师认定，举办全市中职学生技能大赛",
            "职成教科", ("职教中心",),
            milestones=(_M("举办全市中等职业学校学生技能大赛", _d(4, 30), _d(4, 24)),)),),
    14: (_T("做好适龄残疾少年儿童入学评估和分类安置，支持市特殊教育学校建立中职部(班)", "基础教育科",
            ("特殊教育学校",), milestones=(_M("完成适龄残疾少年儿童入学评估", _d(8, 31), _d(8, 28)),)),),
    15: (_T("做好中小学教师继教工作，出台《潜江开放大学综合改革实施方案》，建好社区教育主阵地", "职成教科",
            ("潜江开放大学", "教科院"),
            milestones=(_M("出台《潜江开放大学综合改革实施方案》", _d(6, 30), _d(6, 21)),),
            course=Course(DONE, 10, text="《潜江开放大学综合改革实施方案》已印发实施，全市中小学教师继续教育学分登记已完成，"
                                         "社区教育工作通过年度考核。")),),
    16: (_T("做好2024年校园招聘教师工作，引进优秀人才，举办青干班和青年骨干提高班，健全教师减负长效机制", "人事科",
            ("教师工作科",), milestones=(_M("完成2024年校园招聘教师工作", _d(8, 31), _d(8, 25)),)),),
    17: (_T("开展师德师风专题教育，严肃查处师德违规行为，组织庆祝第40个教师节和优秀教师选树宣传", "教师工作科",
            ("人事科",), deadline=_d(9, 30), milestones=(_M("庆祝第40个教师节", _d(9, 10), _d(9, 10)),),
            course=Course(DONE, 9, text="师德师风专题教育学习活动已全面完成，庆祝第40个教师节大会如期召开，"
                                        "表彰了一批优秀教师和优秀教育工作者。")),),
    18: (_T("抓好“国培”“省培”项目实施，开展青年教师学科教学研训，举办全市第13届教师博客大赛", "教师工作科",
            ("教科院",), milestones=(_M("举办全市第13届教师博客大赛", _d(12, 15)),)),),
    19: (_T("推进融合型、共建型教联体建设，争创省级示范性教联体和县域教联体示范区", "基础教育科",
            ("教科院", "园林分局", "周矶街道学区", "王场镇学区")),),
    20: (_T("抓好“五项管理”和作业管理，严查隐形变异学科类培训，推进校外培训监管与服务平台应用", "基础教育科",
            ("政策法规科", "园林分局"),
            course=Course(RETURNED, prefer="园林分局",
                          text="进展情况过于笼统，未反映本月校外培训机构专项检查情况，请补充检查机构数、"
                               "发现问题数和整改完成情况后重新报送。")),),
    21: (_T("深化“市管校聘”改革，选派优秀校长、骨干教师到农村学校、薄弱学校交流轮岗", "人事科",
            ("教师工作科", "老新镇学区", "高石碑镇学区"),
            milestones=(_M("完成2024年秋季教师交流轮岗", _d(8, 31), _d(8, 30)),)),),
    22: (_T("深化国家智慧教育平台应用，推进“专递课堂”和数字校园建设，建好3所省级、5所市级试点校", "基础教育科",
            ("装备中心", "教科院"), target="深化3所省级试点校和5所市级试点校建设与应用",
            course=Course(SKIP, 1, prefer="装备中心")),),
    23: (_T("严格落实“一科一辅”，优化班额设置，修订完善招生政策，坚决制止超计划、超范围招生", "基础教育科",
            ("招考办", "园林分局"), deadline=_d(9, 30),
            course=Course(DONE, 9, text="秋季招生工作平稳有序，起始年级班额全部控制在50人以内，"
                                        "教辅材料专项治理“回头看”已完成。")),),
    24: (_T("巩固校园“四个100%”，实施“110一键报警系统”更新换代，推进校园周边环境综合治理和近视防控试点", "安全稳定科",
            ("园林分局", "泽口街道学区", "渔洋镇学区"),
            milestones=(_M("完成校园“110一键报警系统”更新换代", _d(10, 31), _d(10, 25)),)),),
    25: (_T("开齐开好心理健康教育课程，配齐心理健康专职教师，做好学生心理问题排查干预和心理档案管理", "体卫艺科",
            ("教科院", "园林分局"), milestones=(_M("举办心理健康教育成果评比活动", _d(11, 15)),)),),
    26: (_T("守牢“两个只增不减”底线，精准做好全学段学生资助，加强预算管理和资金绩效管理", "计财科", ("资助中心",),
            milestones=(_M("发放秋季学期学生资助资金", _d(10, 31), _d(10, 28)),)),),
    27: (_T("常态化开展控辍保学督查、月报，对疑似失学重点学生逐一走访劝返，落实残疾儿童入学一人一案", "基础教育科",
            (ALL_AREAS,), milestones=(_M("秋季开学控辍保学专项排查", _d(9, 30), _d(9, 27)),),
            course=Course(SKIP, 2)),),
    28: (_T("落实教育督导体制机制改革方案，开展热点难点问题跟踪督导和幼儿园保育教育质量评估", "督导室",
            ("基础教育科",), milestones=(_M("完成幼儿园办园水平认定", _d(12, 20)),)),),
}


def _at(month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A naive local time; the writer makes it Asia/Shanghai-aware."""
    return datetime.datetime(PLAN_YEAR, month, day, hour, minute)


NOTICES = (
    NoticePlan(
        11, 3, _at(10, 8, 10), _d(10, 18),
        reason="“{measure}”任务进度滞后：{unit}9月报送状态为“滞后”，兴盛路小学项目未能按时间节点于9月30日前开工。"
               "请于{reply_due}前书面报告滞后原因、整改措施和完成时限。",
        reply="经与市自然资源和规划局、住建局对接，兴盛路小学项目用地报批已进入最后审批环节，施工图审查已通过，"
              "计划11月中旬完成施工招标、12月上旬开工。我单位已成立项目推进专班，每周调度一次，确保年内开工。",
        replied_at=_at(10, 16, 16, 20),
    ),
    NoticePlan(
        27, 1, _at(10, 28, 9, 30), _d(11, 8),
        reason="{unit}连续两个月(9月、10月)未报送“落实控辍保学责任”工作进展和控辍保学月报。"
               "请于{reply_due}前补报，并说明未按时报送的原因。",
    ),
)

# When the plan was imported and published, and when the sections broke it down.
IMPORTED_AT = _at(3, 11, 9, 10)
PUBLISHED_AT = _at(3, 11, 9, 30)
BROKEN_DOWN_AT = _at(3, 15, 16)
REPORT_MONTHS = tuple(range(3, 11))  # March to October
