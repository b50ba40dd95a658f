"""Helpers for browser tests that sign in to the admin."""

import re

from django.contrib.auth.models import Group, User
from playwright.sync_api import expect


def staff(username, group, password="a-long-password-1"):
    user = User.objects.create_user(username, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return username, password


def log_in(page, base, username, password):
    page.goto(base + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
