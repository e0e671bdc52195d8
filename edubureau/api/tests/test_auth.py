"""Authentication of the API: tokens (POST /api/token/, DELETE to revoke, drf_create_token), the
signed-in session, Chinese refusals, and the login lockout shared with the sign-in page."""
import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from rest_framework.authtoken.models import Token

from edubureau.accounts.tests.factories import DEFAULT_PASSWORD
from edubureau.api.views import LOCKED_OUT, WRONG_CREDENTIALS

TOKEN_URL = "/api/token/"
STUDENTS_URL = "/api/students/"
NOT_AUTHENTICATED = "身份认证信息未提供。"
INVALID_TOKEN = "认证令牌无效。"
INACTIVE = "用户未激活或者已删除。"
REQUIRED = "该字段是必填项。"
LOCKED_OUT_30 = LOCKED_OUT.format(minutes=30)


def obtain(client: Client, username: str, password: str = DEFAULT_PASSWORD):
    return client.post(TOKEN_URL, {"username": username, "password": password}, content_type="application/json")


def test_urls_are_documented_ones():
    assert (reverse("api:token"), reverse("api:schema"), reverse("api:student_list")) == (
        TOKEN_URL, "/api/schema/", STUDENTS_URL)


def test_without_credentials_the_answer_is_401_in_chinese(client, world):
    response = client.get(STUDENTS_URL)
    assert (response.status_code, response.json(), response["WWW-Authenticate"]) == (
        401, {"detail": NOT_AUTHENTICATED}, "Token")


def test_a_token_from_username_and_password_authenticates(client, world):
    response = obtain(client, "school_admin")
    key = Token.objects.get(user=world.users["school_admin"]).key
    assert (response.status_code, response.json()) == (200, {"token": key})
    assert "sessionid" not in response.cookies  # getting a token signs nobody in
    assert obtain(client, "school_admin").json() == {"token": key}  # the same token until revoked
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(STUDENTS_URL).status_code == 200


def test_form_encoded_credentials_work_too(client, world):
    response = client.post(TOKEN_URL, {"username": "leader", "password": DEFAULT_PASSWORD})
    assert response.json() == {"token": Token.objects.get(user=world.users["leader"]).key}


@pytest.mark.parametrize(("username", "password"), [("school_admin", "wrong-password"), ("nobody", DEFAULT_PASSWORD)])
def test_wrong_credentials_get_no_token(client, world, username, password):
    response = obtain(client, username, password)
    assert (response.status_code, response.json()) == (400, {"detail": WRONG_CREDENTIALS})
    assert not Token.objects.exists()


def test_missing_fields_are_named(client, world):
    response = client.post(TOKEN_URL, {}, content_type="application/json")
    assert (response.status_code, response.json()) == (400, {"username": [REQUIRED], "password": [REQUIRED]})


def test_an_inactive_user_gets_no_token_and_their_old_token_stops_working(client, world):
    user = world.users["school_admin"]
    token = Token.objects.create(user=user)
    user.is_active = False
    user.save()
    assert obtain(client, "school_admin").json() == {"detail": WRONG_CREDENTIALS}
    response = Client(HTTP_AUTHORIZATION=f"Token {token.key}").get(STUDENTS_URL)
    assert (response.status_code, response.json()) == (401, {"detail": INACTIVE})


def test_an_unknown_token_is_refused_in_chinese(world):
    response = Client(HTTP_AUTHORIZATION="Token " + "0" * 40).get(STUDENTS_URL)
    assert (response.status_code, response.json()) == (401, {"detail": INVALID_TOKEN})


def test_delete_revokes_the_callers_token_only(client, world):
    mine = Token.objects.create(user=world.users["school_admin"])
    other = Token.objects.create(user=world.users["leader"])
    api = Client(HTTP_AUTHORIZATION=f"Token {mine.key}")
    assert api.delete(TOKEN_URL).status_code == 204
    assert list(Token.objects.values_list("key", flat=True)) == [other.key]
    assert api.get(STUDENTS_URL).status_code == 401
    new = obtain(client, "school_admin").json()["token"]
    assert new != mine.key


def test_the_signed_in_session_works_and_needs_csrf_for_delete(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["school_admin"])
    token = Token.objects.create(user=world.users["school_admin"])
    assert client.get(STUDENTS_URL).status_code == 200
    assert client.delete(TOKEN_URL).status_code == 403  # no CSRF token: nothing revoked
    assert Token.objects.filter(pk=token.pk).exists()
    # Getting a token ignores the session (and so needs no CSRF token): credentials decide.
    assert obtain(client, "school_admin").json() == {"token": token.key}


def test_drf_create_token_command(world):
    call_command("drf_create_token", "inspector", stdout=None)
    assert Token.objects.filter(user=world.users["inspector"]).count() == 1


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_failures_lock_the_account_even_for_the_right_password(client, world):
    statuses = [obtain(client, "school_admin", p).status_code for p in ("wrong-1", "wrong-2", "wrong-3")]
    response = obtain(client, "school_admin")
    assert statuses == [400, 400, 429]  # the third failure already answers with the lockout
    assert (response.status_code, response.json()) == (429, {"detail": LOCKED_OUT_30})
    assert not Token.objects.exists()
    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [("school_admin", 4)]
    # One lockout for the API and the sign-in page alike; other accounts are not affected.
    assert client.post("/accounts/login/", {"username": "school_admin", "password": DEFAULT_PASSWORD}).status_code == 429
    assert obtain(client, "inspector").status_code == 200


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_page_failures_count_for_the_api_too(client, world):
    for password in ("wrong-1", "wrong-2", "wrong-3"):
        client.post("/accounts/login/", {"username": "school_admin", "password": password})
    assert obtain(client, "school_admin").status_code == 429
