"""The REST API (issue 5): indicator values and the registries, scoped like the pages."""
from django.urls import path  # noqa: F401

app_name = "api"

urlpatterns = []
