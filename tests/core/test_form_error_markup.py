"""Errors are tied to their fields for screen readers (issue #15): the shared form macro marks a
field in error ``aria-invalid`` and points ``aria-describedby`` at its message."""

import re


def _input(page: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)


def test_a_failed_registration_ties_each_error_to_its_field(client):
    response = client.post(
        "/register?lang=en",
        data={"email": "not-an-email", "display_name": "", "password": "x"},
    )
    page = response.get_data(as_text=True)
    email = _input(page, "email")
    assert 'aria-invalid="true"' in email
    described = re.search(r'aria-describedby="([^"]+)"', email).group(1).split()
    assert described[0] == "email-error"
    message = re.search(
        r'<div class="invalid-feedback d-block" id="email-error"[^>]*>([^<]+)<', page
    )
    assert message and "valid e-mail" in message.group(1)


def test_a_field_without_error_is_not_marked_invalid(client):
    page = client.get("/register?lang=en").get_data(as_text=True)
    assert 'aria-invalid="true"' not in page and "-error" not in _input(page, "email")
