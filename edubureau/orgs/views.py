from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from edubureau.orgs import selectors
from edubureau.registry.selectors import school_registry_counts
from edubureau.orgs.forms import SchoolFilterForm
from edubureau.orgs.models import OrgKind

SCHOOLS_PER_PAGE = 50


@login_required
def tree(request):
    """Entry of the org-tree browser: the top units of the user's scope."""
    roots = list(selectors.orgunit_roots(fetched_by=request.user))
    if len(roots) == 1:
        return redirect("orgs:unit_detail", pk=roots[0].pk)
    counts = selectors.school_counts_under(fetched_by=request.user, units=roots)
    return render(request, "orgs/tree.html", {"roots": [(u, counts[u.pk]) for u in roots]})


@login_required
def unit_detail(request, pk: int):
    """One unit with its children (in scope) and how many schools each child holds."""
    unit = selectors.orgunit_get(fetched_by=request.user, pk=pk)
    if unit.kind == OrgKind.SCHOOL:
        return redirect("orgs:school_detail", pk=unit.pk)
    children = list(selectors.orgunit_children(fetched_by=request.user, unit=unit))
    counts = selectors.school_counts_under(fetched_by=request.user, units=children)
    context = {
        "unit": unit,
        "ancestors": selectors.orgunit_ancestors(fetched_by=request.user, unit=unit),
        "children": [(c, counts[c.pk]) for c in children],
    }
    return render(request, "orgs/unit_detail.html", context)


@login_required
def school_list(request):
    """All schools in scope, filterable by name, 学段, 办学性质, 城乡 and area."""
    form = SchoolFilterForm(request.GET or None, user=request.user)
    schools = selectors.school_list(fetched_by=request.user, filters=form.to_filters())
    page = Paginator(schools, SCHOOLS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "orgs/school_list.html", {"form": form, "page": page, "query": query.urlencode()})


@login_required
def school_detail(request, pk: int):
    """A school's profile, its place in the tree and its campuses."""
    school = selectors.school_get(fetched_by=request.user, pk=pk)
    context = {
        "school": school,
        "unit": school.org_unit,
        "ancestors": selectors.orgunit_ancestors(fetched_by=request.user, unit=school.org_unit),
        "campuses": selectors.school_campuses(fetched_by=request.user, school=school),
        # The page composes the school's registers (registry app) with its own yearly figures.
        "registry": school_registry_counts(school=school.org_unit),
        "figures": selectors.school_year_figures(school=school),
    }
    return render(request, "orgs/school_detail.html", context)
