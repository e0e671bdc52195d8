"""Settings of `make run`: the demo on embedded SQLite, served by runserver + WhiteNoise.

DEBUG stays off so that officials see the Chinese error pages, not Django's debug pages;
set DJANGO_DEBUG=1 while developing.
"""
from config.django.base import *  # noqa: F401,F403
from config.env import env

DEBUG = env.bool("DJANGO_DEBUG", default=False)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
