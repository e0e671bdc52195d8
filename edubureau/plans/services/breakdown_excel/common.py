"""Shared parts of the 任务分解表: messages, column names, errors and the items' 序号."""
import re
import unicodedata
from dataclasses import asdict, dataclass, field

from django.db.models import Prefetch

from edubureau.core.exceptions import ApplicationError
from edubureau.plans.models import PlanItem, Task, TaskUnit, WorkPlan

BREAKDOWN_FILE_EMPTY = "文件为空,请选择填写好的任务分解表"
BREAKDOWN_FILE_NOT_SPREADSHEET = "“{filename}”不是 Excel 表格,请上传 .xlsx、.xls 或 .ods 格式的任务分解表"
BREAKDOWN_FILE_NO_HEADER = "未找到表头行:任务分解表应有“序号”和“牵头单位”等列,标题行之下即为表头"
BREAKDOWN_FILE_NO_ROWS = "任务分解表中没有填写任何任务"
BREAKDOWN_IMPORT_INVALID = "任务分解表中有 {count} 处错误,未导入任何内容;请修改后重新导入"
BREAKDOWN_IMPORT_NUMBER_MISSING = "序号不能为空"
BREAKDOWN_IMPORT_NUMBER_UNKNOWN = "工作要点中没有序号为“{value}”的任务"
BREAKDOWN_IMPORT_NUMBER_AMBIGUOUS = "序号“{value}”在工作要点中不唯一,请按导出表的写法填写(如“{example}”)"
BREAKDOWN_IMPORT_UNIT_UNKNOWN = "未找到单位“{name}”,请使用组织机构中的单位全称"
BREAKDOWN_IMPORT_BAD_DATE = "无法识别的完成时限,请填写日期,如“{year}年6月30日”“6月底”或“年底”"
BREAKDOWN_IMPORT_TARGET_TOO_LONG = "目标不能超过 {limit} 字"

NUMBER, TITLE, MEASURE, LEAD, COOPERATING, DEADLINE, TARGET = HEADERS = (
    "序号", "重点任务", "具体措施", "牵头单位", "责任单位", "完成时限", "目标",
)
# Header words other bureaus use for the same columns.
HEADER_SYNONYMS = {
    NUMBER: ("序号", "编号"),
    TITLE: ("重点任务", "工作任务", "任务"),
    MEASURE: ("具体措施", "工作措施"),
    LEAD: ("牵头单位", "牵头科室"),
    COOPERATING: ("责任单位", "配合单位", "协办单位"),
    DEADLINE: ("完成时限", "完成时间", "时间节点"),
    TARGET: ("目标", "工作目标"),
}
HEADER_WORDS = {word: name for name, words in HEADER_SYNONYMS.items() for word in words}
REQUIRED_COLUMNS = (NUMBER, LEAD)
CONTENT_COLUMNS = (MEASURE, LEAD, COOPERATING, DEADLINE, TARGET)  # a row without any of these is not a task
HEADER_SEARCH_ROWS = 20  # the header row may sit under this many title or note rows



@dataclass(frozen=True)
class BreakdownRowError:
    row: int  # as Excel numbers it
    column: str  # the header as written in the file
    value: str
    reason: str


class BreakdownImportError(ApplicationError):
    """The file has errors; `errors` lists every one of them, in row order. Nothing was written."""

    def __init__(self, errors: list[BreakdownRowError]):
        super().__init__(BREAKDOWN_IMPORT_INVALID.format(count=len(errors)),
                         extra={"errors": [asdict(e) for e in errors]})
        self.errors = errors


@dataclass(frozen=True)
class BreakdownImportResult:
    rows: int  # task rows read from the file
    updated: list[str] = field(default_factory=list)  # 序号 of the items whose breakdown was replaced
    unchanged: int = 0  # items in the file whose breakdown was already as stated



def items_with_tasks(plan: WorkPlan) -> list[PlanItem]:
    units = TaskUnit.objects.select_related("org_unit").order_by("pk")
    tasks = Task.objects.select_related("owner").prefetch_related(Prefetch("task_units", queryset=units), "milestones")
    return list(
        PlanItem.objects.filter(section__plan=plan).select_related("section__plan__owner")
        .prefetch_related(Prefetch("tasks", queryset=tasks)).order_by("section__seq", "seq")
    )


def _group_number(group: str) -> str:
    match = re.match(r"[(（]([一二三四五六七八九十]+)[)）]", group)
    return match.group(1) if match else ""


_KEY_SCHEMES = (
    lambda item, position: item.number,
    # item numbers restart in each section (or group): "二.1"
    lambda item, position: ".".join(p for p in (item.section.number, _group_number(item.group), item.number) if p),
    lambda item, position: str(position),
)


def normalise_key(value: str) -> str:
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)).rstrip(".、")
    return re.sub(r"[—–]", "-", key.replace("、", "."))


def item_keys(items: list[PlanItem]) -> dict[int, str]:
    """The 序号 of each item (by pk) in the 任务分解表: its number, qualified where numbers repeat.

    `items` are all items of one plan in plan order, with their sections.
    """
    for scheme in _KEY_SCHEMES:
        keys = {item.pk: scheme(item, position) for position, item in enumerate(items, 1)}
        if len({normalise_key(k) for k in keys.values()}) == len(keys):
            return keys
    raise AssertionError("positions are unique")
