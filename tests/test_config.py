"""Configuration files: discovery, keys, inheritance, and errors with their position."""

from __future__ import annotations

from pathlib import Path

import pytest

from giar_lint.config import (
    MAX_CONFIG_BYTES,
    Config,
    ConfigError,
    clear_caches,
    config_for,
    find_config_file,
    glob_matches,
    load_config,
)


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    clear_caches()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return info.value


def test_yaml_keys(tmp_path: Path) -> None:
    (tmp_path / "extra").mkdir()
    cfg = load_config(
        write(
            tmp_path / ".giar-lint.yaml",
            """\
select: [S, T, a3]
extend-select: C501
ignore: "S104, S106"
severity: {S106: Error, C5: off}
rules: [extra]
per-file-ignores:
  "drafts/*.txt": [S1]
exclude: [archive]
fail-on: warning
""",
        )
    )
    assert cfg.select == ("S", "T", "A3")
    assert cfg.extend_select == ("C501",)
    assert cfg.ignore == ("S104", "S106")
    assert dict(cfg.severity) == {"S106": "error", "C5": "off"}
    assert cfg.rules == ((tmp_path / "extra").resolve(),)
    assert cfg.fail_level == "warning"
    assert cfg.ignored_for(tmp_path / "drafts" / "a.txt") == ("S1",)
    assert cfg.ignored_for(tmp_path / "final" / "a.txt") == ()
    assert cfg.is_excluded(tmp_path / "archive" / "2019" / "a.txt")
    assert not cfg.is_excluded(tmp_path / "current" / "a.txt")
    assert cfg.is_enabled("A301") and not cfg.is_enabled("S104") and cfg.is_enabled("C501")
    assert not cfg.is_enabled("F401")
    assert cfg.severity_for("C501", "warning") is None


def test_empty_file_is_the_defaults(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path / ".giar-lint.yaml", "# nothing yet\n"))
    assert cfg.select is None and cfg.is_enabled("S101")


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ("select: [S]\nignroe: [S104]\n", 2, 1, "unknown key 'ignroe' (did you mean 'ignore'?)"),
        ("severity:\n  S106: fatal\n", 2, 9, "expected one of error, warning, info, off"),
        ("select: [S, 'a-1']\n", 1, 13, "'a-1' is not a rule code"),
        ("fail-on: [error]\n", 1, 10, "fail-on: expected one of error, warning, info"),
        ("select: {S: 1}\n", 1, 9, "expected a list of strings, got a mapping"),
        ("- select\n", 1, 1, "must be a mapping"),
        ("select: [S\n", 2, 1, "invalid YAML"),
        ("select: !!python/object:os.system [S]\n", 1, 9, "tags are not allowed"),
        ("a: &x [S]\nselect: *x\n", 1, 4, "anchors are not allowed"),
        ("select: [S]\nselect: [T]\n", 2, 1, "duplicate key 'select'"),
        ("rules: [nowhere/]\n", 1, 9, "rules: 'nowhere/' does not exist"),
        ("extends: 3\nselect: [S]\n---\nselect: [T]\n", 3, 1, "one document"),
        ("select: [S]\nbaseline: [a.json]\n", 2, 11, "baseline: expected a file path, got a list"),
        ("baseline:\n", 1, 1, "baseline: expected a file path, got nothing"),
        ("baseline: ''\n", 1, 11, "baseline: expected a file path"),
        ("baselines: a.json\n", 1, 1, "unknown key 'baselines' (did you mean 'baseline'?)"),
    ],
)
def test_yaml_errors_name_their_position(
    tmp_path: Path, text: str, line: int, column: int, fragment: str
) -> None:
    path = write(tmp_path / ".giar-lint.yaml", text)
    err = error_of(path)
    assert (err.line, err.column) == (line, column), str(err)
    assert fragment in err.message
    assert str(err).startswith(f"{path}:{line}:{column}: ")
    assert "\n" not in str(err)


def test_deep_nesting_and_size_are_refused(tmp_path: Path) -> None:
    deep = write(tmp_path / "deep.yaml", "select: " + "[" * 100 + "]" * 100 + "\n")
    assert "nested too deeply" in error_of(deep).message
    big = write(tmp_path / "big.yaml", "# " + "x" * MAX_CONFIG_BYTES + "\n")
    assert "too large" in error_of(big).message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / ".giar-lint.yaml"
    path.write_bytes("select: [S]\n# 说明\n".encode("gb18030"))
    err = error_of(path)
    assert (err.line, err.message) == (2, "configuration is not valid UTF-8")


def test_pyproject_table(tmp_path: Path) -> None:
    path = write(
        tmp_path / "pyproject.toml",
        """\
[project]
name = "reports"

[tool.giar-lint]
select = ["S", "A"]
ignore = ["S104"]

[tool.giar-lint.severity]
S106 = "error"
""",
    )
    cfg = load_config(path)
    assert cfg.select == ("S", "A") and cfg.ignore == ("S104",)
    assert dict(cfg.severity) == {"S106": "error"}
    assert cfg.baseline is None


def test_baseline_is_relative_to_the_file_that_names_it(tmp_path: Path) -> None:
    cfg = load_config(
        write(tmp_path / "reports" / ".giar-lint.yaml", "baseline: ../accepted.json\n")
    )
    # it need not exist yet: --write-baseline creates it
    assert cfg.baseline == (tmp_path / "accepted.json").resolve()
    assert not cfg.baseline.exists()
    toml = write(tmp_path / "repo" / "pyproject.toml", '[tool.giar-lint]\nbaseline = "ci/b.json"\n')
    assert load_config(toml).baseline == (tmp_path / "repo" / "ci" / "b.json").resolve()
    # discovery from a report below the configuration gives the same file
    report = write(tmp_path / "repo" / "2023" / "report.txt", "x")
    assert config_for(report).baseline == (tmp_path / "repo" / "ci" / "b.json").resolve()


@pytest.mark.parametrize(
    ("body", "line", "fragment"),
    [
        ('select = ["S"]\nexclude_paths = ["x"]\n', 6, "unknown key 'exclude_paths'"),
        ('select = ["S"]\n\n[tool.giar-lint.severity]\nS106 = "fatal"\n', 8, "severity of S106"),
        ('select = ["S"\n', 5, "invalid TOML"),
        ('select = ["S"]\nbaseline = 1\n', 6, "baseline: expected a file path, got a number"),
    ],
)
def test_pyproject_errors_name_the_key_line(
    tmp_path: Path, body: str, line: int, fragment: str
) -> None:
    path = write(tmp_path / "pyproject.toml", '[project]\nname = "r"\n\n[tool.giar-lint]\n' + body)
    err = error_of(path)
    assert err.line == line, str(err)
    assert fragment in err.message


def test_discovery_walks_upward_and_prefers_yaml(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.giar-lint]\nselect = ["A"]\n')
    report = write(tmp_path / "city" / "2023" / "report.txt", "x")
    assert find_config_file(report) == tmp_path / "pyproject.toml"
    assert config_for(report).select == ("A",)
    write(tmp_path / "city" / ".giar-lint.yaml", "select: [S]\n")
    clear_caches()
    assert find_config_file(report) == tmp_path / "city" / ".giar-lint.yaml"
    assert config_for(report).select == ("S",)


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / ".giar-lint.yaml", "select: [T]\n")
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "giar-lint"\n')
    report = write(tmp_path / "sub" / "r.txt", "x")
    assert find_config_file(report) == tmp_path / ".giar-lint.yaml"


def test_no_configuration_means_defaults(tmp_path: Path) -> None:
    report = write(tmp_path / "r.txt", "x")
    found = find_config_file(report)
    if found is None:  # a parent of the temporary folder may hold one on some machines
        assert config_for(report) == Config()


def test_extends_national_provincial_city(tmp_path: Path) -> None:
    (tmp_path / "national" / "rules").mkdir(parents=True)
    (tmp_path / "province" / "rules").mkdir(parents=True)
    write(
        tmp_path / "national" / "base.yaml",
        "ignore: [S104]\nseverity: {S106: error, C5: info}\nrules: [rules]\n"
        "per-file-ignores: {'old/*': [S107]}\nfail-on: warning\n",
    )
    write(
        tmp_path / "province" / ".giar-lint.yaml",
        "extends: ../national/base.yaml\nseverity: {C5: warning}\nrules: [rules]\n"
        "extend-select: [X1]\n",
    )
    city = write(
        tmp_path / "province" / "city" / ".giar-lint.yaml",
        "extends: ../.giar-lint.yaml\nignore: [S105]\nextend-select: [X2]\n",
    )
    cfg = load_config(city)
    assert cfg.ignore == ("S105",)  # replaced by the city
    assert dict(cfg.severity) == {"S106": "error", "C5": "warning"}
    assert cfg.rules == (
        (tmp_path / "national" / "rules").resolve(),
        (tmp_path / "province" / "rules").resolve(),
    )
    assert cfg.extend_select == ("X1", "X2")
    assert cfg.fail_level == "warning"
    # a glob is relative to the file that wrote it
    assert cfg.ignored_for(tmp_path / "national" / "old" / "r.txt") == ("S107",)
    assert cfg.ignored_for(tmp_path / "province" / "old" / "r.txt") == ()


def test_baseline_is_inherited_and_replaced(tmp_path: Path) -> None:
    write(tmp_path / "province" / ".giar-lint.yaml", "baseline: accepted.json\nselect: [S]\n")
    city = write(
        tmp_path / "province" / "city" / ".giar-lint.yaml", "extends: ../.giar-lint.yaml\n"
    )
    # inherited, still relative to the file that named it
    assert load_config(city).baseline == (tmp_path / "province" / "accepted.json").resolve()
    county = write(
        tmp_path / "province" / "county" / ".giar-lint.yaml",
        "extends: ../.giar-lint.yaml\nbaseline: own.json\n",
    )
    assert load_config(county).baseline == (tmp_path / "province" / "county" / "own.json").resolve()
    bad = write(tmp_path / "province" / "town" / ".giar-lint.yaml", "extends: x.yaml\n")
    write(tmp_path / "province" / "town" / "x.yaml", "baseline: {file: a.json}\n")
    err = error_of(bad)
    assert err.path.endswith("x.yaml") and (err.line, err.column) == (1, 11), str(err)
    assert "baseline: expected a file path, got a mapping" in err.message


def test_extends_errors(tmp_path: Path) -> None:
    a = write(tmp_path / "a.yaml", "extends: b.yaml\n")
    write(tmp_path / "b.yaml", "select: [S]\nextends: a.yaml\n")
    err = error_of(a)
    assert "circular" in err.message and err.path.endswith("b.yaml") and err.line == 2
    missing = write(tmp_path / "c.yaml", "select: [S]\nextends: nowhere.yaml\n")
    err = error_of(missing)
    assert (err.line, err.column) == (2, 10) and "not found" in err.message
    bad_parent = write(tmp_path / "d.yaml", "extends: e.yaml\n")
    write(tmp_path / "e.yaml", "selct: [S]\n")
    err = error_of(bad_parent)
    assert err.path.endswith("e.yaml") and "unknown key 'selct'" in err.message


def test_command_line_overrides(tmp_path: Path) -> None:
    cfg = Config(select=("S",), ignore=("S104",), fail_on="warning")
    merged = cfg.with_overrides(select=["A"], extend_select=["C501"], ignore=["A304"])
    assert merged.select == ("A",)
    assert merged.ignore == ("S104", "A304")
    assert merged.is_enabled("A301") and not merged.is_enabled("A304")
    assert merged.is_enabled("C501") and not merged.is_enabled("S101")
    assert merged.with_overrides(fail_on="info").fail_level == "info"


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("archive", "archive/2019/a.txt", True),
        ("archive/", "archive/a.txt", True),
        ("*.draft.txt", "2023/x.draft.txt", True),
        ("2023/*.txt", "2023/a.txt", True),
        ("2023/*.txt", "2024/a.txt", False),
        ("./2023", "2023/a.txt", True),
        ("**/drafts/*", "a/b/drafts/c.txt", True),
        ("drafts", "final/a.txt", False),
    ],
)
def test_glob_matches(tmp_path: Path, pattern: str, path: str, expected: bool) -> None:
    assert glob_matches(pattern, tmp_path / path, tmp_path) is expected


@pytest.mark.parametrize(
    ("text", "configures"),
    [
        ('[tool.giar-lint]\nselect = ["S"]\n', True),
        ('[tool."giar-lint".severity]\nS106 = "error"\n', True),
        ('[tool]\nruff = {}\ngiar-lint = {select = ["S"]}\n', True),
        ('tool.giar-lint.select = ["S"]\n', True),
        ('[project]\nname = "giar-lint"\n[project.scripts]\ngiar-lint = "x:y"\n', False),
        ("[tool.ruff]\nline-length = 100\n[project]\ngiar-lint = 1\n", False),
    ],
)
def test_pyproject_detection(tmp_path: Path, text: str, configures: bool) -> None:
    write(tmp_path / "pyproject.toml", text)
    found = find_config_file(tmp_path / "r.txt")
    assert (found == tmp_path / "pyproject.toml") is configures


_YAML_PIECES = [
    "select:",
    " [S, T]",
    "\n",
    "  - A3\n",
    "severity: {S106: error}\n",
    "extends: x.yaml\n",
    "&a ",
    "*a",
    "!!str ",
    "? ",
    ": ",
    "'",
    '"',
    "{",
    "}",
    "[",
    "]",
    "#",
    "\t",
    "per-file-ignores:\n  '*': S\n",
    "exclude: ",
    "fail-on: info\n",
    "---\n",
    "%YAML 1.2\n",
    "\x00",
    "规则",
]


@pytest.mark.parametrize("suffix", [".giar-lint.yaml", "pyproject.toml"])
def test_any_text_gives_a_config_or_a_positioned_error(tmp_path: Path, suffix: str) -> None:
    """Fuzz: whatever the file holds, loading never raises anything but ConfigError."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    path = tmp_path / suffix

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        st.lists(st.sampled_from(_YAML_PIECES), max_size=12).map("".join)
        | st.text(max_size=200)
        | st.binary(max_size=200).map(lambda b: b.decode("latin-1"))
    )
    def check(text: str) -> None:
        body = text if suffix != "pyproject.toml" else "[tool.giar-lint]\n" + text
        path.write_text(body, encoding="utf-8", errors="surrogatepass")
        clear_caches()
        try:
            load_config(path)
        except ConfigError as exc:
            assert exc.line >= 1 and exc.column >= 1 and "\n" not in str(exc)

    check()
