from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from edubureau.accounts.roles import Role
from edubureau.accounts.selectors import membership_list
from edubureau.indicators.selectors import dashboard_unit, indicator_home_summary
from edubureau.orgs.selectors import orgunit_roots, scope_summary


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["failure_limit"] = settings.AXES_FAILURE_LIMIT
        context["cooloff_minutes"] = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        return context


class LogoutView(auth_views.LogoutView):
    pass


# Roles whose home page opens with the indicator dashboard in brief (DESIGN.md: 局领导 read dashboards).
INDICATOR_HOME_ROLES = frozenset({Role.LEADER, Role.SECTION_STAFF})


@login_required
def home(request):
    """The user's scope: their roles, the units at the top of their scope, and what lies beneath.
    局领导 and 科室人员 land on the indicator dashboard in brief (the lights at their city)."""
    memberships = list(membership_list(fetched_by=request.user))
    context = {
        "memberships": memberships,
        "roots": orgunit_roots(fetched_by=request.user),
        "summary": scope_summary(fetched_by=request.user),
    }
    if {m.role for m in memberships} & INDICATOR_HOME_ROLES:
        unit = dashboard_unit(fetched_by=request.user, unit_id=None)
        context["indicators"] = indicator_home_summary(fetched_by=request.user, unit=unit)
        context["indicators_shown"] = True
    return render(request, "accounts/home.html", context)
