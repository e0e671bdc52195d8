"""The queue of background tasks stays out of the back office: import records (数据导入) show
what each import did, with scope checks; the raw task rows (arguments, tracebacks) are for
operators reading logs, not for bureau staff."""
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django_tasks_db.models import DBTaskResult

try:
    admin.site.unregister(DBTaskResult)
except NotRegistered:  # pragma: no cover - depends on app order
    pass
