"""docs/usage.md documents every command and every option the command line accepts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from giar_lint.cli import main

USAGE = (Path(__file__).parents[1] / "docs" / "usage.md").read_text(encoding="utf-8")
COMMANDS = ("check", "rules", "rule", "parse", "lsp")


def help_of(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as info:
        main([*argv, "--help"])
    assert info.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_is_documented(capsys: pytest.CaptureFixture[str], command: str) -> None:
    text = help_of(capsys, command)
    options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[a-z])\b", text)) - {"-h", "--help"}
    assert options, text
    assert f"giar-lint {command}" in USAGE
    missing = sorted(o for o in options if f"`{o}" not in USAGE and f" {o}" not in USAGE)
    assert missing == []


@pytest.mark.parametrize("command", COMMANDS)
def test_every_choice_is_documented(capsys: pytest.CaptureFixture[str], command: str) -> None:
    for choices in re.findall(r"\{([a-z,]+)\}", help_of(capsys, command)):
        assert f"{{{choices}}}" in USAGE, choices


def test_every_command_is_documented(capsys: pytest.CaptureFixture[str]) -> None:
    listed = re.findall(r"^    (\w+)\s{2,}", help_of(capsys), re.M)
    assert set(listed) == set(COMMANDS)
    assert "--version" in USAGE
