"""Hooks: what apps offer to pages they may not import from, checked at start-up."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.template.loader import render_to_string
from django.test import RequestFactory

from core import hooks
from core.hooks import Block, Slot

BLOCK_TEMPLATES = {
    "word.html": "<b>{{ word }}</b>",
    "page.html": "{% load blocks %}[{% render_blocks blocks 'badges' %}]"
    "[{% render_blocks blocks key=2 %}]",
}


def test_the_installed_apps_answer_only_known_hooks():
    assert hooks.check_hook_methods() == []


def test_a_misspelt_hook_method_stops_start_up(monkeypatch):
    config_class = type(apps.get_app_config("accountability"))
    monkeypatch.setattr(
        config_class, "home_panel", lambda self, request: [], raising=False
    )

    with pytest.raises(SystemCheckError, match=r"home_panel\(\) answers no hook"):
        call_command("check")


def test_gathering_an_unknown_hook_is_refused(rf: RequestFactory):
    with pytest.raises(ValueError, match="home_panel"):
        hooks.gather("home_panel", rf.get("/"))


def test_render_blocks_draws_one_slot_or_one_row_with_each_blocks_context(settings):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [("django.template.loaders.locmem.Loader", BLOCK_TEMPLATES)]
            },
        }
    ]
    blocks = [
        Block("word.html", {"word": "<badge>"}, Slot.BADGES),
        Block("word.html", {"word": "main"}),
        Block("word.html", {"word": "row 1"}, key=1),
        Block("word.html", {"word": "row 2"}, key=2),
    ]

    page = render_to_string("page.html", {"blocks": blocks})

    assert page == "[<b>&lt;badge&gt;</b>][<b>row 2</b>]"
