"""Environment plumbing shared by the root conftest: where Chromium is, whether PostgreSQL is in use."""
import os
import shutil
from collections.abc import Mapping, Sequence

import pytest
from django.conf import settings

CHROMIUM_MISSING = "未找到 Chromium,浏览器测试已跳过。启用方法:apt-get install chromium(或设置 EDUBUREAU_CHROMIUM=浏览器路径)"
CHROMIUM_REQUIRED = (
    "EDUBUREAU_REQUIRE_BROWSER=1 要求运行浏览器测试,但未找到 Chromium。"
    "请安装:apt-get install chromium(或设置 EDUBUREAU_CHROMIUM=浏览器路径)"
)
POSTGRES_MISSING = (
    "需要 PostgreSQL:DATABASE_URL 未指向 PostgreSQL,已跳过。"
    "启用方法:DATABASE_URL=postgres://用户@主机:5432/库名 pytest -m postgres"
)

# Chromium as Playwright must launch it here: never a downloaded browser, nothing phoned home.
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_candidates(environ: Mapping[str, str]) -> list[str | None]:
    """Where to look, in order: $EDUBUREAU_CHROMIUM, Debian's /usr/bin/chromium, then $PATH."""
    return [environ.get("EDUBUREAU_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")]


def find_chromium(candidates: Sequence[str | None]) -> str | None:
    """The first candidate that is an executable file, or None."""
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def require_chromium(environ: Mapping[str, str], candidates: Sequence[str | None]) -> str:
    """A Chromium path; otherwise skip the test, or fail it when CI demands browser tests."""
    path = find_chromium(candidates)
    if path:
        return path
    if environ.get("EDUBUREAU_REQUIRE_BROWSER") == "1":
        pytest.fail(CHROMIUM_REQUIRED, pytrace=False)
    pytest.skip(CHROMIUM_MISSING)


def using_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
