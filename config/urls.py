from django.contrib import admin
from django.urls import include, path

from edubureau.accounts import views as account_views

admin.site.site_header = "EduBureau 后台管理"
admin.site.site_title = "EduBureau 后台管理"
admin.site.index_title = "教育局工作要点落实与督导平台"

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/", include("edubureau.accounts.urls")),
    path("orgs/", include("edubureau.orgs.urls")),
    path("plans/", include("edubureau.plans.urls")),
    path("registry/", include("edubureau.registry.urls")),
    path("imports/", include("edubureau.imports.urls")),
    path("indicators/", include("edubureau.indicators.urls")),
    path("api/", include("edubureau.api.urls")),
    path("admin/", admin.site.urls),
]
