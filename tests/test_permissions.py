"""Every route declares who may use it, and a stranger gets no further than the login."""

import re

import pytest

from petitions.permissions import PERMISSIONS, PUBLIC, SIGNED_IN

# Routes that belong to libraries rather than to the product.
EXEMPT_ENDPOINTS = {"static"}


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in EXEMPT_ENDPOINTS:
            continue
        yield rule, app.view_functions[rule.endpoint]


def _sample_url(rule) -> str:
    url = rule.rule
    url = re.sub(r"<(?:int|id):[^>]+>", "1", url)
    url = re.sub(r"<(?:string:|path:)?[^>]+>", "x", url)
    return url


def test_every_route_declares_its_access(app):
    undeclared = [
        rule.rule
        for rule, view in _routes(app)
        if getattr(view, "access", None) not in {PUBLIC, SIGNED_IN, *PERMISSIONS}
    ]
    assert undeclared == []


def test_a_stranger_is_sent_to_the_login_or_refused_on_every_staff_route(app, client):
    checked = 0
    for rule, view in _routes(app):
        if view.access == PUBLIC:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(_sample_url(rule), method=method)
            if rule.rule.startswith(("/api/", "/open311/")):
                assert response.status_code == 401, (method, rule.rule)
                assert response.get_json()["error"]["code"] == "unauthorized"
            else:
                assert response.status_code == 302, (method, rule.rule, response.status_code)
                assert "/login" in response.headers["Location"]
            checked += 1
    assert checked > 0


@pytest.mark.parametrize("role", ["reception_officer", "handler", "inspector", "home_affairs"])
def test_staff_without_the_admin_role_cannot_open_admin_pages(app, client, login, role):
    from tests.factories import create_user

    login(create_user(role=role))
    for path in ("/admin/users", "/admin/units/"):
        assert client.get(path).status_code == 403
