from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from edubureau.accounts.selectors import membership_list
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


@login_required
def home(request):
    """The user's scope: their roles, the units at the top of their scope, and what lies beneath."""
    context = {
        "memberships": membership_list(fetched_by=request.user),
        "roots": orgunit_roots(fetched_by=request.user),
        "summary": scope_summary(fetched_by=request.user),
    }
    return render(request, "accounts/home.html", context)
