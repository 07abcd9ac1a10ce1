"""Admin logins are limited per username and address (django-axes): after the limit even the
right password is refused, with a clear message, while other addresses are unaffected."""

import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user(
        "archivist-login", password="the-right-password-1924", is_staff=True, is_superuser=True
    )


def login(client, password: str, address: str = "198.51.100.4"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "archivist-login", "password": password},
        REMOTE_ADDR=address,
    )


def test_thirty_wrong_passwords_lock_the_account_for_that_address(client, staff):
    for _ in range(30):
        login(client, "wrong")

    response = login(client, "the-right-password-1924")

    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_limit_is_per_address(client, staff):
    for _ in range(30):
        login(client, "wrong")

    response = login(client, "the-right-password-1924", address="203.0.113.9")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_a_few_mistakes_do_not_lock_anyone_out(client, staff):
    for _ in range(3):
        assert login(client, "wrong").status_code == 200

    assert login(client, "the-right-password-1924").status_code == 302
