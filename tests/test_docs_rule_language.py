"""docs/rule-language.md, read as a new rule author reads it: every YAML example of the page
loads and does what the text around it says, on real reports through the real parser, and the
documented errors are one line ``file:line:col: message`` from the command line."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from giar_lint.cli import main
from giar_lint.config import clear_caches
from giar_lint.diagnostics import Diagnostic
from giar_lint.parse import parse_text
from giar_lint.plugins import all_rules
from giar_lint.rules.yaml import RuleFileError, check_examples, load_rule_file

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "rule-language.md").read_text(encoding="utf-8")
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
YAML_BLOCKS = re.findall(r"```yaml\n(.*?)```", DOC, re.S)
PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", DOC, re.S)

TITLE = "某县人民政府办公室2023年政府信息公开工作年度报告\n\n"


@pytest.fixture(autouse=True)
def _fresh_config_caches() -> None:
    clear_caches()


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def block(start: str) -> str:
    """The page's YAML example that starts with ``start``."""
    (found,) = [b for b in YAML_BLOCKS if b.startswith(start)]
    return found


def rule_file(
    tmp_path: Path,
    body: str,
    *,
    code: str = "DX901",
    name: str = "x.yaml",
    examples: str = 'examples: {pass: ["甲"], fail: ["乙"]}\n',
) -> Path:
    """A rule file holding one rule: the keys a check fragment of the page leaves out, then
    the fragment as written."""
    head = (
        f"  - id: {code}\n"
        "    name: doc-example\n"
        "    severity: warning\n"
        "    summary: 示例\n"
        "    description: 示例。\n"
        "    basis: 示例\n" + textwrap.indent(examples, "    ")
    )
    if not re.search(r"^message:", body, re.M):
        head += "    message: 示例\n"
    path = tmp_path / name
    path.write_text("rules:\n" + head + textwrap.indent(body, "    "), encoding="utf-8")
    return path


def load_one(path: Path):  # a YamlRule
    (rule,) = load_rule_file(path)
    return rule


def findings(rule, text: str) -> list[Diagnostic]:
    return list(rule.check(parse_text(text, "r.txt")))


def place(text: str, found: Diagnostic) -> str:
    return text[found.span.start : found.span.end]


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- the rule file example ---------------------------------------------------------------


def test_the_rule_file_example_loads_and_its_examples_behave(tmp_path: Path) -> None:
    text = block("version: 1")
    assert text.count("      ...\n") == 1 and text.count('["..."]') == 2
    passing = TITLE + "六、其他需要报告的事项\n对照本年度政务公开工作要点，逐项落实。\n"
    failing = TITLE + "六、其他需要报告的事项\n本年度未收取信息处理费。\n"
    text = text.replace("      ...\n", "      第六部分应当报告工作要点的落实情况。\n")
    text = text.replace('pass: ["..."]', "pass: [" + repr_yaml(passing) + "]")
    text = text.replace('fail: ["..."]', "fail: [" + repr_yaml(failing) + "]")
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    (rule,) = load_rule_file(path)
    assert (rule.meta.code, rule.meta.name, rule.meta.severity) == (
        "HN101",
        "work-points-implementation",
        "warning",
    )
    assert rule.meta.when == 'year >= 2021 and format != "2007"'
    assert check_examples([rule]) == []
    (found,) = findings(rule, failing)
    assert found.message == "第六部分没有报告2023年政务公开工作要点的落实情况"
    assert place(failing, found) == "六、其他需要报告的事项"


def repr_yaml(text: str) -> str:
    """A double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


@pytest.mark.parametrize("key", ["id", "name", "severity", "summary", "description", "basis"])
def test_each_key_called_required_is_required(tmp_path: Path, key: str) -> None:
    text = rule_file(tmp_path, "require: {pattern: 甲}\n").read_text(encoding="utf-8")
    if key == "id":
        without = text.replace("  - id: DX901\n    name:", "  - name:")
    else:
        without = re.sub(rf"^    {key}: .*\n", "", text, count=1, flags=re.M)
    assert without != text
    path = tmp_path / "missing.yaml"
    path.write_text(without, encoding="utf-8")
    with pytest.raises(RuleFileError, match=f"缺少“{key}”"):
        load_rule_file(path)


def test_message_and_examples_are_required_and_examples_not_empty(tmp_path: Path) -> None:
    path = rule_file(tmp_path, "require: {pattern: 甲}\n")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    message: 示例\n", ""), encoding="utf-8")
    with pytest.raises(RuleFileError, match="缺少“message”"):
        load_rule_file(path)
    path.write_text(text.replace('pass: ["甲"]', "pass: []"), encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"examples\.pass 至少要有一个例子"):
        load_rule_file(path)


def test_version_when_scope_and_fix_are_optional(tmp_path: Path) -> None:
    rule = load_one(rule_file(tmp_path, "forbid: {pattern: 甲}\n"))
    assert (rule.meta.when, rule.meta.fixable) == ("", False)
    text = TITLE + "一、总体情况\n甲。\n"
    (found,) = findings(rule, text)  # no scope: the whole document
    assert place(text, found) == "甲"


def test_braces_must_be_quoted_or_in_block_style(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow = "assert:\n  for: {r: applications.rows}\n  let: {v: applications.{r}[total]}\n"
    flow += "  expr: v <= 1000\n"
    block_style = flow.replace(
        "let: {v: applications.{r}[total]}", "let:\n    v: applications.{r}[total]"
    )
    bad = rule_file(tmp_path, flow, name="flow.yaml")
    code, out, err = cli(capsys, "rules", "--rules", str(bad))
    assert code == 2 and out == ""
    line, column = position(bad, "{r}")
    assert re.fullmatch(rf"{re.escape(str(bad))}:{line}:{column}: YAML 语法错误：.*\n", err)
    load_one(rule_file(tmp_path, block_style, name="block.yaml"))

    unquoted = "forbid: {pattern: 甲}\nmessage: {year}年有甲\n"
    with pytest.raises(RuleFileError):
        load_rule_file(rule_file(tmp_path, unquoted, name="unquoted.yaml"))
    quoted = unquoted.replace("{year}年有甲", '"{year}年有甲"')
    rule = load_one(rule_file(tmp_path, quoted, name="quoted.yaml"))
    (found,) = findings(rule, TITLE + "一、总体情况\n甲。\n")
    assert found.message == "2023年有甲"


# --- when: -----------------------------------------------------------------------------


def test_the_when_example_is_three_valued(tmp_path: Path) -> None:
    when = block("when:").strip()
    rule = load_one(rule_file(tmp_path, f"{when}\nforbid: {{pattern: 甲}}\n"))
    body = "一、总体情况\n甲。\n"
    assert len(findings(rule, TITLE + body)) == 1
    assert findings(rule, TITLE.replace("2023", "2020") + body) == []
    # no year in the title: `year >= 2021` is unknown, so the rule stays silent
    assert findings(rule, TITLE.replace("2023年", "") + body) == []


# --- patterns and normalisation -----------------------------------------------------------


def test_a_citation_split_over_a_blank_line_matches_the_compact_pattern(tmp_path: Path) -> None:
    rule = load_one(
        rule_file(tmp_path, "scope: {part: other}\nrequire: {pattern: 国办函〔2020〕109号}\n")
    )
    split = TITLE + "六、其他需要报告的事项\n依据国办函\n\n〔2020〕109 号，未收取信息处理费。\n"
    assert "国办函\n\n〔2020〕109 号" in split
    assert findings(rule, split) == []
    assert len(findings(rule, split.replace("109", "110"))) == 1


@pytest.mark.parametrize("whitespace", ["ignore", "keep"])
def test_a_space_next_to_chinese_text_is_gone_in_either_mode(
    tmp_path: Path, whitespace: str
) -> None:
    body = f"scope: {{part: other}}\nrequire: {{pattern: PATTERN, whitespace: {whitespace}}}\n"
    text = TITLE + "六、其他需要报告的事项\n本年度未收取 处理费，见 GB/T 9704 规定。\n"
    compact = load_one(rule_file(tmp_path, body.replace("PATTERN", "收取处理费"), name="a.yaml"))
    spaced = load_one(rule_file(tmp_path, body.replace("PATTERN", "收取 处理费"), name="b.yaml"))
    assert findings(compact, text) == []
    assert len(findings(spaced, text)) == 1
    ascii_gap = load_one(rule_file(tmp_path, body.replace("PATTERN", "'T 9704'"), name="c.yaml"))
    assert len(findings(ascii_gap, text)) == (0 if whitespace == "keep" else 1)


# --- the check kinds ----------------------------------------------------------------------


def test_the_require_example_reports_at_the_trigger_of_seed_004(tmp_path: Path) -> None:
    rule = load_one(rule_file(tmp_path, block("scope: {part: other}")))
    text = seed("004")  # its fee statement cites no 国办函〔2020〕109号
    (found,) = findings(rule, text)
    assert place(text, found) == "处理费"
    assert (found.span.line, found.span.column) == (84, 22)
    assert (
        found.message == "第六部分提到“处理费”，但没有引用《政府信息公开信息处理费管理办法》的文号"
    )
    for clean in ("000", "001", "002", "003"):
        assert findings(rule, seed(clean)) == []


def test_a_missing_scope_gives_no_finding_and_document_points_at_the_title(
    tmp_path: Path,
) -> None:
    other = load_one(rule_file(tmp_path, "scope: {part: other}\nrequire: {pattern: 甲}\n"))
    assert findings(other, TITLE + "一、总体情况\n乙。\n") == []
    whole = load_one(rule_file(tmp_path, "require: {pattern: 甲}\n", name="doc.yaml"))
    text = TITLE + "一、总体情况\n乙。\n"
    (found,) = findings(whole, text)
    assert place(text, found) == TITLE.strip()


@pytest.mark.parametrize(
    ("scope", "lines"), [("document", [2, 5]), ("preamble", [2]), ("title", [1])]
)
def test_the_title_is_only_in_the_title_scope(tmp_path: Path, scope: str, lines: list[int]) -> None:
    rule = load_one(rule_file(tmp_path, f"scope: {scope}\nforbid: {{pattern: 某县}}\n"))
    text = TITLE.strip() + "\n本报告由某县人民政府办公室编制。\n\n一、总体情况\n某县。\n"
    assert [f.span.line for f in findings(rule, text)] == lines


def test_the_forbid_example_fixes_exactly_the_match(tmp_path: Path) -> None:
    body = block("scope: document\nforbid:") + "message: “{match}”：{label}\n"
    rule = load_one(rule_file(tmp_path, body))
    assert rule.meta.fixable
    text = TITLE + "一、总体情况\n依据国务院令第771号和国办函（2020）109号，编制本报告。\n"
    first, second = findings(rule, text)
    assert place(text, first) == "国务院令第771号"
    assert first.message == "“国务院令第771号”：条例的国务院令号"
    assert first.fix is not None and first.fix.message == "将“国务院令第771号”改为“国务院令第711号”"
    assert place(text, second) == "（2020）"
    assert second.fix is not None and second.fix.message == "将“（2020）”改为“〔2020〕”"
    fixed = text
    for found in (second, first):  # later edit first, so the earlier span still holds
        (edit,) = found.fix.edits
        fixed = fixed[: edit.span.start] + edit.content + fixed[edit.span.end :]
    assert fixed == text.replace("第771号", "第711号").replace("（2020）", "〔2020〕")


def test_the_forbid_fix_through_check_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = block("scope: document\nforbid:") + "message: “{match}”\n"
    rules = rule_file(tmp_path, body)
    report = tmp_path / "report.txt"
    original = seed("001").replace("国办函〔2020〕109号", "国办函【2020】109号")
    report.write_bytes(original.replace("\n", "\r\n").encode("gb18030"))
    code, out, _err = cli(
        capsys, "check", "--no-progress", "-q", "--select", "DX9", "--rules", str(rules),
        "--fix", str(report),
    )  # fmt: skip
    assert (code, out) == (0, "")
    fixed = report.read_bytes().decode("gb18030")
    assert fixed == original.replace("【2020】", "〔2020〕").replace("\n", "\r\n")


def test_the_parts_example_and_a_part_missing_at_the_end(tmp_path: Path) -> None:
    rule = load_one(rule_file(tmp_path, block("parts: required")))
    text = seed("003")
    assert findings(rule, text) == []
    without_four = re.sub(r"四、政府信息公开行政复议、行政诉讼情况", "（甲）", text, count=1)
    (found,) = findings(rule, without_four)
    assert place(without_four, found) == "五、存在的主要问题及改进情况"
    cut = text[: text.index("五、存在的主要问题及改进情况")]
    assert {place(cut, f) for f in findings(rule, cut)} == {
        "四、政府信息公开行政复议、行政诉讼情况"
    }


def test_the_assert_example_gives_the_a301_findings(tmp_path: Path) -> None:
    rule = load_one(rule_file(tmp_path, block("scope: {table: applications}")))
    builtin = {r.meta.code: r for r in all_rules().rules}["A301"]
    failing = builtin.meta.examples_fail[0]
    got = [(f.span.line, f.span.column, f.message) for f in findings(rule, failing)]
    assert got == [(f.span.line, f.span.column, f.message) for f in findings(builtin, failing)]
    assert len(got) == 2
    assert findings(rule, builtin.meta.examples_pass[0]) == []


def test_the_old_format_example_reports_2019_labels(tmp_path: Path) -> None:
    body = block("old_format:") + "message: “{label}”（{table_label}）\n"
    rule = load_one(rule_file(tmp_path, body))
    s107 = {r.meta.code: r for r in all_rules().rules}["S107"]
    failing = s107.meta.examples_fail[0]
    found = findings(rule, failing)
    assert found and all(f.message.startswith("“") for f in found)
    assert findings(rule, seed("003")) == []


# --- assertions: cells, deciding, where ----------------------------------------------------

TABLE_EXAMPLE = block("fail:")


def table_report(rows: str) -> str:
    return TITLE + "三、收到和处理政府信息公开申请情况\n" + textwrap.dedent(rows)


def test_the_table_example_is_a_failing_example(tmp_path: Path) -> None:
    (failing,) = re.findall(r"- \|\n(.*)", TABLE_EXAMPLE, re.S)
    passing = textwrap.dedent(failing).replace("1000 2 0 0 1 0 1003", "10 2 0 0 1 0 13")
    examples = (
        "examples:\n  pass: [" + repr_yaml(passing) + "]\n" + textwrap.indent(TABLE_EXAMPLE, "  ")
    )
    body = "assert:\n  expr: applications.new[total] <= 1000\nmessage: 本年新收{lhs}件\n"
    rule = load_one(rule_file(tmp_path, body, examples=examples))
    assert check_examples([rule]) == []
    (found,) = findings(rule, rule.meta.examples_fail[0])
    assert found.message == "本年新收1003件"


def test_star_includes_the_total_column(tmp_path: Path) -> None:
    body = "assert:\n  expr: sum(applications.new[*]) == 2 * applications.new[total]\n"
    rule = load_one(rule_file(tmp_path, body))
    assert findings(rule, table_report("一、本年新收政府信息公开申请数量 10 2 0 0 1 0 13\n")) == []
    wrong = table_report("一、本年新收政府信息公开申请数量 10 2 0 0 1 0 14\n")
    assert len(findings(rule, wrong)) == 1


def test_division_by_zero_is_undecidable(tmp_path: Path) -> None:
    body = "assert:\n  expr: applications.new[total] / applications.new[research] == 1\n"
    rule = load_one(rule_file(tmp_path, body))
    assert findings(rule, table_report("一、本年新收政府信息公开申请数量 10 2 0 0 1 0 13\n")) == []
    two = table_report("一、本年新收政府信息公开申请数量 10 2 2 0 1 0 15\n")
    (found,) = findings(rule, two)
    assert place(two, found) == "15"


def test_at_is_required_without_a_single_cell_and_a_missing_table_drops_the_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = "assert:\n  expr: sum(applications.new[*]) == 1\n"
    path = rule_file(tmp_path, body)
    code, out, err = cli(capsys, "rules", "--rules", str(path))
    assert (code, out) == (2, "")
    assert err == f"{path}:11:7: 规则 DX901 assert 缺少 at（找不到可指向的单元格）\n"
    text = table_report("一、本年新收政府信息公开申请数量 10 2 0 0 1 0 13\n")
    at_new = load_one(rule_file(tmp_path, body + "  at: applications.new[total]\n", name="a.yaml"))
    (found,) = findings(at_new, text)
    assert place(text, found) == "13"
    at_missing = body + "  at: review_litigation.review[total]\n"
    assert findings(load_one(rule_file(tmp_path, at_missing, name="b.yaml")), text) == []


# --- errors ---------------------------------------------------------------------------------

BASE = """\
scope: {part: other}
require:
  pattern: 工作要点
message: 第六部分没有报告{year}年的工作要点
"""
ASSERT = """\
assert:
  for:
    c: applications.columns
  let:
    total: applications.total[c]
  expr: total >= 0
"""


@pytest.mark.parametrize(
    ("body", "old", "new", "at", "says"),
    [
        (ASSERT, "expr: total >= 0", "expr: total >= >= 0", ">= 0", "表达式语法错误"),
        (
            ASSERT,
            "applications.total[c]",
            "applications.totl[c]",
            "applications.totl",
            "没有行“totl”",
        ),
        (ASSERT, "applications.total[c]", "applications.total[sum]", "sum]", "没有列“sum”"),
        (ASSERT, "applications.total[c]", "applicatons.total[c]", "applicatons", "未知的表"),
        (BASE, "pattern: 工作要点", "pattern: 工作(要点", "(要点", "正则表达式错误"),
        (BASE, "pattern: 工作要点", "pattern: (工作+)+", "(工作+)+", "嵌套量词"),
        (BASE, "  pattern: 工作要点", "  patern: 工作要点", "patern", "未知的键“patern”"),
        (BASE, "{year}年", "{yaer}年", "{yaer}", "未知的占位符“{yaer}”"),
        (BASE, "{year}年", "{year.__class__}年", "{year.", "无效的占位符"),
        (BASE, "pattern: 工作要点", 'pattern: "\\u4fe1息公开(处理费"', "(处理费", "正则表达式错误"),
        (BASE, "scope:", 'when: year >= "2021"\nscope:', '"2021"', "不能比较数字和字符串"),
        (BASE, "scope:", 'when: format == "2020"\nscope:', '"2020"', '不会是 "2020"'),
        (ASSERT, "total >= 0", 'total >= "0"', '"0"', "不能比较数字和字符串"),
    ],
)
def test_documented_errors_are_one_line_at_the_place(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    body: str,
    old: str,
    new: str,
    at: str,
    says: str,
) -> None:
    assert old in body
    path = rule_file(tmp_path, body.replace(old, new, 1))
    report = tmp_path / "r.txt"
    report.write_text(seed("003"), encoding="utf-8")
    code, out, err = cli(capsys, "check", "--no-progress", "--rules", str(path), str(report))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "Traceback" not in err
    line, column = position(path, at)
    assert err.startswith(f"{path}:{line}:{column}: "), err
    assert says in err


def position(path: Path, marker: str) -> tuple[int, int]:
    """1-based line and column of the first occurrence of ``marker`` in a file."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if marker in line:
            return number, line.index(marker) + 1
    raise AssertionError(f"{marker!r} not in {path}")


def safety_patterns() -> list[str]:
    """The patterns the Safety section names as refused."""
    start = DOC.index("Regular expressions are checked statically")
    text = DOC[start : DOC.index("Rewrite with bounded repeats", start)]
    return [p for p in re.findall(r"`([^`]+)`", text) if p != "re"]


def test_the_safety_section_lists_the_refused_patterns() -> None:
    assert safety_patterns() == [
        "(a+)+",
        r"(\d+\s*)+",
        "(.*a){12}",
        "(a|a)*",
        "(.|a)*",
        ".*.*.*",
    ]


@pytest.mark.parametrize("pattern", [*safety_patterns(), "a" * 1001])
def test_each_refused_pattern_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pattern: str
) -> None:
    path = rule_file(tmp_path, f"forbid:\n  pattern: '{pattern}'\n")
    code, out, err = cli(capsys, "rules", "--rules", str(path))
    assert (code, out) == (2, "")
    line, column = position(path, "'")  # the quoted scalar
    assert re.fullmatch(
        rf"{re.escape(str(path))}:{line}:{column}: 规则 DX901 forbid pattern：.+\n", err
    )


def test_the_suggested_rewrite_is_accepted(tmp_path: Path) -> None:
    assert "`[^。]{0,40}`" in DOC
    rule = load_one(rule_file(tmp_path, "forbid:\n  pattern: 未[^。]{0,40}收取\n"))
    text = TITLE + "六、其他需要报告的事项\n本年度未向申请人收取信息处理费。\n"
    (found,) = findings(rule, text)
    assert place(text, found) == "未向申请人收取"


@pytest.mark.parametrize(
    ("yaml_text", "says"),
    [
        ("rules: !!python/object:os.system []\n", "标签"),
        ("rules: &a []\n", "锚点"),
        ("rules: []\n---\nrules: []\n", "一个 YAML 文档"),
    ],
)
def test_tags_anchors_and_documents_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], yaml_text: str, says: str
) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    code, out, err = cli(capsys, "rules", "--rules", str(path))
    assert (code, out) == (2, "")
    assert re.fullmatch(rf"{re.escape(str(path))}:\d+:\d+: .*{says}.*\n", err)


# --- Python API -----------------------------------------------------------------------------


def test_the_python_api_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (code,) = PYTHON_BLOCKS
    pack = tmp_path / "examples" / "provincial-rules"
    pack.mkdir(parents=True)
    for source in (ROOT / "examples" / "provincial-rules").glob("*.yaml"):
        (pack / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "report.txt").write_text(seed("004"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    names: dict = {}
    exec(compile(code, "rule-language.md", "exec"), names)  # the page's own example
    assert [r.meta.code for r in names["rules"]] == ["HN101", "HN102", "HN103", "HN104"]
    assert names["problems"] == []
    error = RuleFileError("p.yaml", 3, 7, "问题")
    assert (error.path, error.line, error.column, error.message) == ("p.yaml", 3, 7, "问题")
    assert str(error) == "p.yaml:3:7: 问题"
