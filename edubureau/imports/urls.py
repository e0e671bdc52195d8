from django.urls import path

from edubureau.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("new/", views.job_new, name="new"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/progress/", views.job_progress_json, name="progress"),
    path("<int:pk>/errors.xlsx", views.job_error_workbook, name="error_workbook"),
    path("templates/<slug:kind>.xlsx", views.template_download, name="template"),
]
