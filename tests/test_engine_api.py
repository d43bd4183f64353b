"""The Python API the language server uses: ``lint_text`` and ``load_config_for``."""

from __future__ import annotations

from pathlib import Path

import pytest

from giar_lint import api
from giar_lint.config import ConfigError

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
TEXT_004 = (SEEDS / "004_006a45e46abc384b.txt").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _fresh() -> None:
    api.reload_config()


def test_lint_text_matches_the_command_line(tmp_path: Path) -> None:
    found = api.lint_text(TEXT_004, str(tmp_path / "lushan.txt"))
    assert {"S103", "F402", "C503"} <= {d.code for d in found}
    assert all(d.path == str(tmp_path / "lushan.txt") for d in found)
    assert [d.sort_key for d in found] == sorted(d.sort_key for d in found)
    s103 = next(d for d in found if d.code == "S103")
    assert (s103.span.line, s103.span.column) == (9, 1)


def test_configuration_is_found_for_the_path(tmp_path: Path) -> None:
    (tmp_path / ".giar-lint.yaml").write_text(
        "ignore: [C]\nper-file-ignores: {'drafts/*': [S103]}\n", encoding="utf-8"
    )
    config = api.load_config_for(tmp_path / "reports" / "x.txt")
    assert config.path == tmp_path / ".giar-lint.yaml"
    codes = {d.code for d in api.lint_text(TEXT_004, str(tmp_path / "reports" / "x.txt"))}
    assert "S103" in codes and not any(c.startswith("C") for c in codes)
    codes = {d.code for d in api.lint_text(TEXT_004, str(tmp_path / "drafts" / "x.txt"))}
    assert "S103" not in codes


def test_config_changes_are_seen_after_reload(tmp_path: Path) -> None:
    config_file = tmp_path / ".giar-lint.yaml"
    config_file.write_text("select: [S]\n", encoding="utf-8")
    path = str(tmp_path / "x.txt")
    assert {d.code for d in api.lint_text(TEXT_004, path)} == {"S103"}
    config_file.write_text("select: [F]\n", encoding="utf-8")
    api.reload_config()
    assert {d.code for d in api.lint_text(TEXT_004, path)} == {"F402"}
    config_file.write_text("select: [F\n", encoding="utf-8")
    api.reload_config()
    with pytest.raises(ConfigError):
        api.load_config_for(path)


def test_markdown_suppression_applies(tmp_path: Path) -> None:
    text = TEXT_004.replace(
        "一、总体情况", "<!-- giar-lint: disable-next-line=S103 -->\n一、总体情况"
    )
    codes = [d.code for d in api.lint_text(text, str(tmp_path / "x.md"))]
    assert "S103" not in codes and "F402" in codes


def test_bad_text_never_raises(tmp_path: Path) -> None:
    for text in ("", "\x00\x01\x02", "一、总体情况\n" * 500, "表三\t1\t2\t3\n" * 50):
        api.lint_text(text, str(tmp_path / "x.txt"))


def test_explain() -> None:
    meta = api.explain("a301")
    assert meta is not None and meta.code == "A301" and meta.basis
    assert api.explain("Z999") is None
