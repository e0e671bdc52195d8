"""Narratives of the demo's monthly progress reports, in the prose a bureau unit writes.

Each function takes a seeded random.Random and a Prose context; the same seed gives the same text.
Every narrative names the item's title (重点任务), so a report reads on its own in a list.
"""
import random
from dataclasses import dataclass

_OPENERS = (
    "{month}月，{self}围绕“{title}”重点任务，",
    "本月，{self}对照“{title}”任务分解要求，",
    "{month}月，{self}持续推进“{title}”工作，",
    "按照“{title}”工作安排，{self}{month}月",
)
_ACTIONS = (
    "召开专题推进会，研究部署阶段性工作",
    "制定工作方案，将任务分解到岗、责任到人",
    "深入基层学校开展调研指导，了解工作落实情况",
    "组织相关人员开展业务培训",
    "对照任务清单开展自查，建立工作台账",
    "收集整理过程性资料，及时总结经验做法",
    "开展专项督查，督促发现的问题限期整改",
    "召开工作调度会，通报前期工作进展",
    "印发工作通知，明确时间节点和工作要求",
    "选树一批典型案例，在全市交流推广",
)
_EVENT_ACTIONS = ("组织开展{event}", "精心筹备{event}", "做好{event}的组织工作")
_CLOSINGS = (
    "截至目前，该项任务完成约{percent}%。",
    "目前年度任务已完成约{percent}%，总体进度符合时序要求。",
    "累计完成年度任务的{percent}%左右。",
)
_NEXT_STEPS = (
    "继续加强统筹调度，确保各项工作按时序推进",
    "加大督促检查力度，推动工作落地见效",
    "及时总结提炼经验做法，形成长效机制",
    "聚焦薄弱环节，逐项抓好落实",
)
# A building project's state by the task's percent (below the limit): projects built within
# the year, projects continuing from earlier years, and projects still in preparation.
_PHASES = {
    "build": (
        (10, "项目已完成施工图设计审查，正在开展施工招标"),
        (30, "施工单位已进场，正在进行基础施工"),
        (55, "主体结构施工有序推进"),
        (75, "主体结构已完工，正在进行砌体和水电安装"),
        (101, "正在进行室内外装饰装修和配套设施建设，同步做好竣工验收准备"),
    ),
    "continue": (
        (40, "主体结构施工有序推进"),
        (70, "主体结构施工进入高层段，按计划冲刺封顶"),
        (101, "主体结构已封顶，正在进行二次结构、机电安装和外立面施工"),
    ),
    "prepare": (
        (20, "正在开展项目可行性研究和方案设计"),
        (40, "可行性研究报告已上报审批，同步推进初步设计"),
        (101, "正在办理用地、规划等前期手续，同步开展施工图设计"),
    ),
}
_PROJECT_ACTIONS = {
    "build": (
        "每周召开项目调度会，协调解决施工中的具体问题",
        "会同监理单位开展质量安全检查，督促施工单位按节点推进",
        "加强资金拨付审核，保障工程款及时支付",
        "督促施工单位倒排工期、挂图作战",
    ),
    "prepare": (
        "主动对接发改、自然资源和规划、住建等部门，加快办理前期手续",
        "每周调度项目前期工作进展，及时协调解决存在的问题",
        "配合做好项目资金筹措和申报工作",
    ),
}
_PROJECT_ACTIONS["continue"] = _PROJECT_ACTIONS["build"]
# How a unit refers to itself, by the end (or a part) of its name; the first match wins.
_SELF = (("幼儿园", "我园"), ("学区", "我学区"), ("分局", "我分局"), ("研究院", "我院"), ("中心", "我中心"),
         ("科", "我科"), ("室", "我室"))


def self_name(unit_name: str) -> str:
    """我科, 我室, 我学区, 我校 …: how a unit's own report names it."""
    for part, name in _SELF:
        if unit_name.endswith(part) or (part == "中心" and part in unit_name):
            return name
    return "我校"


@dataclass(frozen=True)
class Prose:
    """What a narrative may mention: the unit, the item, the task and the month."""

    unit_name: str
    title: str
    measure: str
    month: int
    percent: int
    events: tuple[str, ...] = ()
    project: str = ""  # a building project: "build", "continue" or "prepare" (see _PHASES)

    def fields(self) -> dict:
        return {"self": self_name(self.unit_name), "title": self.title, "measure": self.measure,
                "month": self.month, "percent": self.percent}


def _task_name(p: Prose) -> str:
    """The item's title, or "title" 中的 "measure" for a project (one of several tasks of its item)."""
    return f"“{p.title}”中的“{p.measure}”" if p.project else f"“{p.title}”"


def in_progress(rng: random.Random, p: Prose) -> str:
    """推进中: what was done this month and how far the task is."""
    if p.project:
        return _project(rng, p)
    actions = rng.sample(_ACTIONS, 2)
    if p.events and rng.random() < 0.6:
        actions[1] = rng.choice(_EVENT_ACTIONS).format(event=rng.choice(p.events))
    fields = p.fields()
    text = rng.choice(_OPENERS).format(**fields) + f"{actions[0]}，并{actions[1]}。"
    text += rng.choice(_CLOSINGS).format(**fields)
    if rng.random() < 0.6:
        text += f"下一步，{fields['self']}将{rng.choice(_NEXT_STEPS)}。"
    return text


def _project(rng: random.Random, p: Prose) -> str:
    phase = next(text for limit, text in _PHASES[p.project] if p.percent < limit)
    return (f"{p.month}月，{_task_name(p)}任务进展顺利：{phase}，形象进度约{p.percent}%。"
            f"{self_name(p.unit_name)}{rng.choice(_PROJECT_ACTIONS[p.project])}。")


def not_started(p: Prose) -> str:
    return (f"{self_name(p.unit_name)}已对“{p.title}”任务进行专题研究，正在制定具体实施方案，"
            f"计划{p.month + 1}月启动实施。")


def lagging(p: Prose, *, reason: str, remedy: str) -> str:
    return (f"{p.month}月，{_task_name(p)}任务进度滞后：{reason}，目前完成约{p.percent}%，"
            f"未达到时序进度要求。{remedy}")


def done(p: Prose, *, lead: bool, summary: str) -> str:
    """The month the task was finished: the lead sums it up, a cooperating unit reports its share."""
    if lead:
        return f"{_task_name(p)}任务已全面完成。{summary}相关佐证材料已整理归档。"
    return f"{self_name(p.unit_name)}承担的{_task_name(p)}配合任务已全部完成，相关资料已报送牵头科室。"


def kept_done(p: Prose, *, done_month: int) -> str:
    return f"{_task_name(p)}任务已于{done_month}月完成，本月{self_name(p.unit_name)}持续巩固工作成果，无新增事项。"


def milestone_done(title: str, day) -> str:
    """The sentence a lead adds when a 时间节点 was completed since its last report."""
    return f"“{title}”时间节点已于{day.month}月{day.day}日按期完成。"


def vague(p: Prose) -> str:
    """A report too thin to approve (the one the reviewer returns)."""
    return f"{p.month}月，{self_name(p.unit_name)}继续推进“{p.title}”相关工作，各项工作正常开展。"
