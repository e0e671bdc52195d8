from django.urls import path

from edubureau.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/", views.dashboard_export, name="dashboard_export"),
    path("<slug:code>/", views.indicator_detail, name="detail"),
    path("<slug:code>/export/", views.detail_export, name="detail_export"),
]
