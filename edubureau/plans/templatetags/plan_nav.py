"""The plan pages' navigation bar, showing each user only the links they may follow."""
from django import template

from edubureau.accounts.scoping import can_manage_plans
from edubureau.plans.selectors import sees_whole_plan

register = template.Library()


@register.inclusion_tag("plans/_nav.html", takes_context=True)
def plan_nav(context, plan):
    user = context["request"].user
    return {
        "plan": plan,
        "can_manage": can_manage_plans(user, plan.owner),
        "whole_plan": sees_whole_plan(user, plan),
    }
