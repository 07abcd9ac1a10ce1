"""The Content Security Policy is on in the browser tests too: pages, the admin and the API docs
(Swagger UI) work under it, and Chromium reports no violation."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def violations(page) -> list[str]:
    messages: list[str] = []
    page.on(
        "console",
        lambda message: messages.append(message.text)
        if "Content Security Policy" in message.text
        else None,
    )
    return messages


def test_pages_run_under_the_policy_without_a_violation(page):
    reported = violations(page)
    for path in ("/", "/sources/", "/claims/", "/stages/", "/positions/"):
        response = page.goto(path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
    assert reported == []


def test_the_api_docs_render_their_operations_under_the_policy(page):
    reported = violations(page)
    page.goto("/api/docs/")

    expect(page.locator(".opblock").first).to_be_visible(timeout=20_000)
    assert reported == []


def test_the_admin_login_and_its_pages_work_under_the_policy(page, django_user_model):
    django_user_model.objects.create_superuser("csp-admin", password="a-long-csp-password-1924")
    reported = violations(page)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("csp-admin")
    page.get_by_label("Password").fill("a-long-csp-password-1924")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Sources").first).to_be_visible()
    page.goto("/admin/catalogue/source/")
    page.goto("/admin/catalogue/source/export/")

    assert reported == []
