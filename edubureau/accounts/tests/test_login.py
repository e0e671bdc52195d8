"""Signing in: the Chinese login form, its errors, throttling (django-axes), security headers, no CDN."""
import pytest
from axes.models import AccessAttempt
from django.test import override_settings
from django.urls import reverse

from edubureau.accounts.tests.factories import DEFAULT_PASSWORD

LOGIN_URL = "/accounts/login/"
# django.contrib.auth's zh_Hans translation of AuthenticationForm's invalid_login, with 用户名 filled in.
WRONG_PASSWORD = "请输入一个正确的用户名和密码。注意，两者都区分大小写。"
LOCKED_OUT = "账号已暂时锁定"


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_login_page_is_in_chinese(client, db):
    body = client.get(LOGIN_URL).content.decode()
    for text in ('<label for="id_username">用户名</label>', '<label for="id_password">密码</label>', "登录</button>"):
        assert text in body


def test_wrong_password_shows_the_chinese_error_and_signs_nobody_in(client, world):
    response = client.post(LOGIN_URL, {"username": "school_admin", "password": "wrong-password"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [WRONG_PASSWORD]
    assert WRONG_PASSWORD in response.content.decode()
    assert signed_in_user_id(client) is None


def test_right_password_signs_in_and_goes_home(client, world):
    response = client.post(LOGIN_URL, {"username": "school_admin", "password": DEFAULT_PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/")
    assert signed_in_user_id(client) == str(world.users["school_admin"].pk)


@pytest.mark.parametrize(
    ("next_url", "location"),
    [("/orgs/schools/", "/orgs/schools/"), ("https://evil.example.com/", "/"), ("//evil.example.com/", "/")],
)
def test_login_follows_next_only_within_the_site(client, world, next_url, location):
    response = client.post(f"{LOGIN_URL}?next={next_url}", {"username": "school_admin", "password": DEFAULT_PASSWORD})
    assert (response.status_code, response["Location"]) == (302, location)


def test_inactive_user_cannot_sign_in(client, world):
    world.users["school_admin"].is_active = False
    world.users["school_admin"].save()
    response = client.post(LOGIN_URL, {"username": "school_admin", "password": DEFAULT_PASSWORD})
    assert response.context["form"].non_field_errors() == [WRONG_PASSWORD]
    assert signed_in_user_id(client) is None


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_three_failures_lock_the_account_even_for_the_right_password(client, world):
    statuses = [
        client.post(LOGIN_URL, {"username": "school_admin", "password": password}).status_code
        for password in ("wrong-1", "wrong-2", "wrong-3")
    ]
    response = client.post(LOGIN_URL, {"username": "school_admin", "password": DEFAULT_PASSWORD})

    assert statuses == [200, 200, 429]  # the third failure already answers with the lockout page
    assert response.status_code == 429
    assert LOCKED_OUT in response.content.decode()
    assert signed_in_user_id(client) is None
    # The refused attempt while locked out is recorded as one more failure.
    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [("school_admin", 4)]


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_lockout_is_per_username(client, world):
    for password in ("wrong-1", "wrong-2", "wrong-3"):
        client.post(LOGIN_URL, {"username": "school_admin", "password": password})
    response = client.post(LOGIN_URL, {"username": "inspector", "password": DEFAULT_PASSWORD})
    assert (response.status_code, signed_in_user_id(client)) == (302, str(world.users["inspector"].pk))


@pytest.mark.parametrize(
    ("header", "value"),
    [("X-Frame-Options", "DENY"), ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "same-origin")],
)
def test_security_headers(client, db, header, value):
    assert client.get(LOGIN_URL)[header] == value


def test_content_security_policy_allows_only_this_origin(client, db):
    policy = client.get(LOGIN_URL)["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert {k: directives[k] for k in ("default-src", "script-src", "style-src", "object-src", "frame-ancestors")} == {
        "default-src": "'self'", "script-src": "'self'", "style-src": "'self'",
        "object-src": "'none'", "frame-ancestors": "'none'",
    }
    assert "unsafe-inline" not in policy and "http" not in policy


@pytest.mark.parametrize(
    "page",
    ["accounts:login", "home", "orgs:tree", "orgs:school_list", "unit:C", "unit:A1E", "school:A1", "school:missing"],
)
def test_pages_load_nothing_from_another_origin(client_as, world, page):
    """Bureau networks are often intranets: no absolute http(s) URL may appear in a page (no CDN)."""
    if page.startswith("unit:"):
        url = reverse("orgs:unit_detail", args=[world.units[page[5:]].pk])
    elif page.startswith("school:"):
        pk = world.units["A1"].pk if page == "school:A1" else 999_999
        url = reverse("orgs:school_detail", args=[pk])
    else:
        url = reverse(page)
    client = client_as("anonymous" if page == "accounts:login" else "superuser")
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code in (200, 404)
    assert ("http://" in body, "https://" in body) == (False, False)
