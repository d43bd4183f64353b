"""Hook specifications for giar-lint plugins.

A plugin is a module or object with functions named like the hooks below, decorated with
:data:`hookimpl`, and registered through the ``giar_lint`` entry-point group::

    # pyproject.toml of a plugin package
    [project.entry-points.giar_lint]
    my_rules = "my_package.plugin"

    # my_package/plugin.py
    from giar_lint.hookspecs import hookimpl

    @hookimpl
    def giar_lint_rules():
        return [MyRule()]

giar-lint's own rules and readers are registered through exactly these hooks
(:mod:`giar_lint.builtin`), so anything a built-in rule can do, a plugin can do.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from giar_lint.read.result import ReadResult
    from giar_lint.rules.base import CrossReportRule, Rule

#: The pluggy project name and the entry-point group.
PROJECT_NAME = "giar_lint"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def giar_lint_rules() -> Sequence[Rule]:
    """Return Python rules checking one report.

    Each rule is an object following :class:`giar_lint.rules.base.Rule` (usually a subclass of
    :class:`giar_lint.rules.base.PythonRule`): a ``meta`` describing the code, name, default
    severity, explanation, legal basis and examples, and a ``check(report)`` method yielding
    :class:`giar_lint.diagnostics.Diagnostic` objects.

    Codes must be unique across all plugins; a duplicate code is a configuration error.
    """


@hookspec
def giar_lint_rule_files() -> Sequence[Path]:
    """Return paths of YAML rule files or folders of them, so that a package can ship a rule
    pack without writing Python. Folders are searched for ``*.yaml`` and ``*.yml``; files load
    in sorted order."""


@hookspec(firstresult=True)
def giar_lint_read_input(path: Path, data: bytes) -> ReadResult | None:
    """Read one input file into report text.

    :param path: the file's path (or the ``--stdin-filename``); readers decide by its suffix and,
        where useful, by the content's magic bytes.
    :param data: the file's bytes.

    Return a :class:`giar_lint.read.result.ReadResult`, or ``None`` to let another reader try. The
    first non-``None`` result wins; plugins registered later are asked first, so a third-party
    reader can take over a built-in one. The built-in plain-text reader answers last for any file.
    A reader must not raise for bad input: return a result with ``problem`` set instead.
    """


@hookspec
def giar_lint_cross_report_rules() -> Sequence[CrossReportRule]:
    """Return rules that check a whole set of reports at once (e.g. C504 compares the same
    body's reports for consecutive years among the files of one run).

    Each rule follows :class:`giar_lint.rules.base.CrossReportRule`: a ``meta`` and a
    ``check_reports(reports)`` method yielding diagnostics (each carrying its report's path).
    """


@hookspec
def giar_lint_input_suffixes() -> Sequence[str]:
    """Return file suffixes (``".html"``) that directory search should pick up as reports, for
    readers that handle them. Plain ``.txt`` and ``.md`` are always searched."""
