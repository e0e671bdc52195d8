"""Indicator pages: the dashboard (every indicator at one unit, grouped by section, with trend and plan
items) and the drill-down of one indicator (a unit's figure, its child units, down to a school's records).

Both take ?unit=<pk> (default: the top of the user's scope; out of scope or unknown: 404) and
?period=<school year> (default and fallback: the latest with values). Each table exports to .xlsx.
"""
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from edubureau.indicators import exports, selectors
from edubureau.indicators.forms import PeriodForm, unit_id
from edubureau.reports.files import file_response

NOTHING_COMPUTED = "您的查看范围内尚无指标数据。指标值在数据导入后自动计算,也可由管理员运行 compute_indicators 计算。"
NO_SCOPE = "您的账号尚未分配任何单位和角色,暂时看不到任何指标。"
DASHBOARD_CACHE_SECONDS = 300  # also bounds how long a newly published plan's item links take to appear


def _params(request) -> tuple:
    """(unit, period form, period) of the request; unit None for a user who sees nothing."""
    unit = selectors.dashboard_unit(fetched_by=request.user, unit_id=unit_id(request.GET))
    form = PeriodForm(request.GET or None, periods=selectors.indicator_periods(fetched_by=request.user))
    return unit, form, form.chosen()


@login_required
@require_GET
def dashboard(request):
    """Every active indicator at the chosen unit and school year, with lights, trends and plan items.

    The page's content is kept per user, scope and query string until any value is recomputed or
    any indicator edited (one stamp query), so a visit between computations costs four queries."""
    key = selectors.dashboard_page_key(user=request.user, query=request.GET.urlencode())
    cached = cache.get(key)
    context = {}
    if cached is None:
        unit, form, period = _params(request)  # raises 404 for a unit out of scope: nothing cached
        board_html = _board_html(request, unit, period) if unit and period else ""
        context = {
            "unit": unit, "form": form, "period": period, "board_html": board_html,
            "units": selectors.unit_choices(fetched_by=request.user) if unit else [],
            "empty": NO_SCOPE if unit is None else NOTHING_COMPUTED,
        }
        cached = (render_to_string("indicators/_dashboard_content.html", context, request=request), bool(board_html))
        cache.set(key, cached, DASHBOARD_CACHE_SECONDS)
    content, has_board = cached
    return render(request, "indicators/dashboard.html",
                  {**context, "content": mark_safe(content), "has_board": has_board})  # noqa: S308


def _board_html(request, unit, period: str) -> str:
    """The dashboard's tables and chart data, rendered once per user, unit, period and computation:
    the values change only when they are recomputed (or a target is edited), so repeated visits
    skip building and rendering 50-odd rows (bench/indicators.py measures the page under load)."""
    key = selectors.dashboard_cache_key(user=request.user, unit=unit, period=period)
    html = cache.get(key)
    if html is None:
        board = selectors.indicator_dashboard(fetched_by=request.user, unit=unit, period=period)
        html = render_to_string("indicators/_dashboard_board.html", {"board": board, "unit": unit, "period": period},
                                request=request)
        cache.set(key, html, DASHBOARD_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - our own template's output


@login_required
@require_GET
def dashboard_export(request):
    unit, _, period = _params(request)
    if not (unit and period):
        return render(request, "indicators/dashboard.html", {"empty": NOTHING_COMPUTED}, status=404)
    board = selectors.indicator_dashboard(fetched_by=request.user, unit=unit, period=period)
    return file_response(exports.dashboard_export(board), exports.export_filename(f"指标看板-{unit.name}-{period}"),
                         exports.XLSX)


def _detail(request, code: str):
    indicator = selectors.indicator_get(code=code)
    unit, form, period = _params(request)
    if not (unit and period):
        return indicator, form, None
    return indicator, form, selectors.indicator_detail(fetched_by=request.user, indicator=indicator, unit=unit,
                                                       period=period)


@login_required
@require_GET
def indicator_detail(request, code: str):
    """One indicator at one unit: its figure, trend and rank, then each child unit in scope, linking
    further down; at a school, links to the records behind the figure."""
    indicator, form, detail = _detail(request, code)
    context = {"indicator": indicator, "form": form, "detail": detail, "empty": NOTHING_COMPUTED}
    return render(request, "indicators/detail.html", context)


@login_required
@require_GET
def detail_export(request, code: str):
    indicator, _, detail = _detail(request, code)
    if detail is None:
        return render(request, "indicators/detail.html", {"indicator": indicator, "empty": NOTHING_COMPUTED},
                      status=404)
    name = f"{indicator.name}-{detail.unit.name}-{detail.period}"
    return file_response(exports.detail_export(detail), exports.export_filename(name), exports.XLSX)
