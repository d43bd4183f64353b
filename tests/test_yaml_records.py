"""The rule language's value classes behave as the dataclasses they replace: compared and hashed
by their fields, shown with them, immutable when they are values, and equal after a pickle round
trip (the built-in rules are cached pickled)."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from giar_lint.rules.yaml import load_rule_paths
from giar_lint.rules.yaml.expr import CellRef, Domain, Env, Num, Scope, compile_expression
from giar_lint.rules.yaml.scopes import ScopeSpec

ROOT = Path(__file__).resolve().parent.parent


def test_values_compare_hash_and_show_their_fields() -> None:
    assert Num(1, 2, 3) == Num(1, 2, 3)
    assert Num(1, 2, 3) != Num(1, 2, 4)
    assert hash(Num(1, 2, 3)) == hash(Num(1, 2, 3))
    assert repr(Num(1, 2, 3)) == "Num(line=1, column=2, value=3)"
    assert Domain("applications", "rows") != ("applications", "rows")
    assert len({ScopeSpec("document"), ScopeSpec("document"), ScopeSpec("part", ("fee",))}) == 2


def test_cell_reference_text_is_not_compared() -> None:
    a = CellRef(1, 1, "applications", (("name", "new"),), (("name", "total"),), False, "a")
    b = CellRef(1, 1, "applications", (("name", "new"),), (("name", "total"),), False, "b")
    assert a == b and hash(a) == hash(b)
    assert "text='a'" in repr(a)


def test_values_are_immutable() -> None:
    node = Num(1, 1, 5)
    with pytest.raises(FrozenInstanceError):
        node.value = 6  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del node.value  # type: ignore[misc]


def test_mutable_records_are_not_hashable_and_get_fresh_defaults() -> None:
    assert Scope() == Scope()
    assert Scope().variables is not Scope().variables
    assert Env(None).lets is not Env(None).lets  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hash(Scope())


def test_rules_survive_a_pickle_round_trip() -> None:
    rules = load_rule_paths([ROOT / "rules"])
    expr = compile_expression("sum(applications.new[*]) >= 0", "assertion", Scope())
    for rule in rules:
        assert pickle.loads(pickle.dumps(rule, protocol=pickle.HIGHEST_PROTOCOL)) == rule
    assert pickle.loads(pickle.dumps(expr)) == expr
