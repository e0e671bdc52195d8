from django.urls import path

from edubureau.plans.views import documents, reporting, supervision, tracking

app_name = "plans"
urlpatterns = [
    path("", documents.plan_list, name="list"),
    path("upload/", documents.plan_upload, name="upload"),
    path("<int:pk>/review/", documents.plan_review, name="review"),
    path("<int:pk>/publish/", documents.plan_publish_view, name="publish"),
    path("sections/<int:pk>/correct/", documents.section_correct, name="section_correct"),
    path("items/<int:pk>/correct/", documents.item_correct, name="item_correct"),
    path("extractions/<str:kind>/<int:pk>/delete/", documents.extraction_delete, name="extraction_delete"),
    path("<int:pk>/", tracking.plan_detail, name="detail"),
    path("items/<int:pk>/", tracking.item_detail, name="item_detail"),
    path("items/<int:pk>/breakdown/", tracking.breakdown_edit, name="breakdown_edit"),
    path("targets/<int:pk>/indicator/", tracking.target_link_view, name="target_link"),
    path("<int:pk>/breakdown.xlsx", tracking.breakdown_download, name="breakdown_download"),
    path("<int:pk>/breakdown/upload/", tracking.breakdown_upload, name="breakdown_upload"),
    path("<int:pk>/reports/", reporting.report_inbox, name="report_inbox"),
    path("tasks/<int:task_pk>/units/<int:unit_pk>/report/", reporting.report_form, name="report_form"),
    path("evidence/<int:pk>/", reporting.evidence_download, name="evidence_download"),
    path("<int:pk>/reviews/", reporting.review_queue, name="review_queue"),
    path("reports/<int:pk>/review/", reporting.report_review_view, name="report_review"),
    path("<int:pk>/notices/", supervision.notice_list, name="notice_list"),
    path("tasks/<int:task_pk>/notices/new/", supervision.notice_create, name="notice_create"),
    path("notices/<int:pk>/", supervision.notice_detail, name="notice_detail"),
    path("<int:pk>/bulletin/", supervision.bulletin, name="bulletin"),
]
