"""Shared fixtures: the mini framework, stores over memory and real files, CLI runner."""

from __future__ import annotations

import os

import pytest
from helpers import FIXTURES

from assistant import framework as fw
from assistant.store import Store, memory_store


@pytest.fixture
def mini() -> fw.Framework:
    """The small test framework: every question type, branching, recommendations."""
    return fw.get("mini", str(FIXTURES))


@pytest.fixture(params=["memory", "file"])
def store(request, tmp_path) -> Store:
    """A store over memory and over the real durable JSON files: tests run against both."""
    if request.param == "memory":
        return memory_store()
    return Store(tmp_path / "data")


@pytest.fixture
def file_store(tmp_path) -> Store:
    return Store(tmp_path / "data")


@pytest.fixture
def cli_env(tmp_path) -> dict[str, str]:
    """Environment for running `bmm` as a subprocess on a fresh data folder and the mini framework."""
    env = dict(os.environ)
    env["BMM_HOME"] = str(tmp_path / "home")
    env["BMM_PROMPTS"] = str(FIXTURES)
    env.pop("BMM_DEBUG", None)
    return env
