"""Base classes of the YAML rule language's small value classes, used instead of ``@dataclass``.

``@dataclass`` writes and compiles the source of five or six methods for every class when its
module is imported, about a millisecond a class. The rule modules are imported by every
``giar-lint check`` (the cached built-in rules are unpickled into their classes), so their
classes share the hand-written methods below instead and write only their ``__init__``.

A :class:`Record` behaves as a ``@dataclass(frozen=True)`` would: compared and hashed by its
fields, shown as ``Name(field=value, ...)``, and immutable. A :class:`MutableRecord` behaves as
a plain ``@dataclass``: compared by its fields, not hashable, attributes assignable. Both keep
their values in ``__dict__``, so they pickle as dataclasses do.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from typing import Any, ClassVar


class _Fields:
    __slots__ = ()

    #: the fields, in order (shown by ``repr``)
    _fields: ClassVar[tuple[str, ...]] = ()
    #: the fields compared (and hashed); ``None``: all of them
    _compared: ClassVar[tuple[str, ...] | None] = None

    def _key(self) -> tuple[Any, ...]:
        names = self._fields if self._compared is None else self._compared
        values = self.__dict__  # type: ignore[attr-defined]
        return tuple(values[name] for name in names)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._key() == other._key()  # type: ignore[attr-defined]
        return NotImplemented

    def __repr__(self) -> str:
        values = self.__dict__  # type: ignore[attr-defined]
        shown = ", ".join(f"{name}={values[name]!r}" for name in self._fields)
        return f"{type(self).__qualname__}({shown})"


class Record(_Fields):
    """An immutable value: compared and hashed by its fields."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(self._key())

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")


class MutableRecord(_Fields):
    """A mutable value: compared by its fields, not hashable."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]
