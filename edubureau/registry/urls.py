from django.urls import path

from edubureau.registry import views

app_name = "registry"
urlpatterns = [
    path("students/", views.student_list, name="student_list"),
    path("students/export/", views.student_export, name="student_export"),
    path("students/<int:pk>/", views.student_detail, name="student_detail"),
    path("teachers/", views.teacher_list, name="teacher_list"),
    path("teachers/export/", views.teacher_export, name="teacher_export"),
    path("teachers/<int:pk>/", views.teacher_detail, name="teacher_detail"),
    path("classes/", views.class_list, name="class_list"),
    path("classes/export/", views.class_export, name="class_export"),
    path("classes/<int:pk>/", views.class_detail, name="class_detail"),
]
