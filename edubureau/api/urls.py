"""The REST API (issue 5): indicator values and the registries, scoped like the pages.

Plain paths, no router: a router would add format-suffix patterns (…\\.json) that the permission
matrix would have to declare one by one. The schema is /api/schema/ (JSON; ?format=yaml for YAML).
"""
from django.urls import path

from edubureau.api import views

app_name = "api"

urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("token/", views.TokenView.as_view(), name="token"),
    path("indicators/", views.IndicatorListView.as_view(), name="indicator_list"),
    path("indicator-values/", views.IndicatorValueListView.as_view(), name="indicator_value_list"),
    path("org-units/", views.OrgUnitListView.as_view(), name="orgunit_list"),
    path("org-units/<int:pk>/", views.OrgUnitDetailView.as_view(), name="orgunit_detail"),
    path("students/", views.StudentListView.as_view(), name="student_list"),
    path("students/<int:pk>/", views.StudentDetailView.as_view(), name="student_detail"),
    path("teachers/", views.TeacherListView.as_view(), name="teacher_list"),
    path("teachers/<int:pk>/", views.TeacherDetailView.as_view(), name="teacher_detail"),
    path("classes/", views.ClassListView.as_view(), name="class_list"),
    path("classes/<int:pk>/", views.ClassDetailView.as_view(), name="class_detail"),
]
