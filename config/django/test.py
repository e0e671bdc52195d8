"""Test settings: fast hasher, local-memory cache, throttling off unless a test turns it on."""
import tempfile

from config.django.base import *  # noqa: F401,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "progress": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "progress"},
}
# Background tasks run inside the request that queues them; the browser test starts a worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
AXES_ENABLED = False
ALLOWED_HOSTS = ["*"]

MEDIA_ROOT = tempfile.mkdtemp(prefix="edubureau-test-media-")
EDUBUREAU_DEMO_FILES_DIR = tempfile.mkdtemp(prefix="edubureau-test-demo-")
