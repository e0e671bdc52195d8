"""API tokens stay out of the back office: a token is a password, and each user manages their own
(POST /api/token/ to get it, DELETE to revoke it; operators use `manage.py drf_create_token`)."""
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from rest_framework.authtoken.models import TokenProxy

try:
    admin.site.unregister(TokenProxy)
except NotRegistered:  # pragma: no cover - depends on app order
    pass
