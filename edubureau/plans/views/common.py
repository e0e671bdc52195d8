"""Helpers shared by the plans views: permission gates and month handling."""
import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from edubureau.accounts.scoping import can_manage_plans
from edubureau.plans.forms import parse_month
from edubureau.plans.models import WorkPlan
from edubureau.plans.selectors import latest_report_month


def require_manager(user, plan: WorkPlan) -> None:
    """403 for users who may see the plan but not run it (an out-of-scope plan is already 404)."""
    if not can_manage_plans(user, plan.owner):
        raise PermissionDenied("只有科室人员或系统管理员可以执行此操作")


def chosen_month(request, plan: WorkPlan) -> datetime.date:
    """?month=YYYY-MM, else the latest reported month, else the current month (capped to the plan year)."""
    month = parse_month(request.GET.get("month"))
    if month:
        return month
    latest = latest_report_month(plan)
    if latest:
        return latest
    today = timezone.localdate()
    return datetime.date(plan.year, today.month if today.year == plan.year else 12, 1)


def month_choices(plan: WorkPlan) -> list[datetime.date]:
    return [datetime.date(plan.year, m, 1) for m in range(1, 13)]
