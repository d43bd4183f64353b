"""Immutable dataclasses without code generation at import.

``@dataclass(frozen=True)`` writes and compiles the source of six methods for every class when
its module is imported: about a millisecond a class, paid by every ``giar-lint check`` for the
classes on its path (the report model, the configuration). A class declared
``@frozen_dataclass`` and derived from :class:`Frozen` writes only its ``__init__`` and gets
the other methods from :class:`Frozen`::

    @frozen_dataclass
    class Cell(Frozen):
        value: int
        raw: str = ""

        def __init__(self, value: int, raw: str = "") -> None:
            self.__dict__.update(value=value, raw=raw)
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, fields
from typing import Any


class Frozen:
    """The methods ``@dataclass(frozen=True)`` would generate, behaving as the generated ones:
    compared and hashed by the fields with ``compare`` (``hash``) set, shown with the fields with
    ``repr`` set, immutable. ``dataclasses.fields``, ``replace`` and ``asdict`` work as on any
    dataclass."""

    __slots__ = ()

    @classmethod
    def _names(cls) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """The fields shown, compared and hashed."""
        names = cls.__dict__.get("_frozen_field_names")
        if names is None:
            all_fields = fields(cls)  # type: ignore[arg-type]
            names = (
                tuple(f.name for f in all_fields if f.repr),
                tuple(f.name for f in all_fields if f.compare),
                tuple(f.name for f in all_fields if (f.compare if f.hash is None else f.hash)),
            )
            type.__setattr__(cls, "_frozen_field_names", names)
        return names

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._names()[0])
        return f"{self.__class__.__qualname__}({shown})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            names = self._names()[1]
            return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, n) for n in self._names()[2]))

    def __setattr__(self, name: str, value: Any) -> None:
        cls = type(self)
        if "__dataclass_fields__" in cls.__dict__ or name in cls.__dataclass_fields__:  # type: ignore[attr-defined]
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        cls = type(self)
        if "__dataclass_fields__" in cls.__dict__ or name in cls.__dataclass_fields__:  # type: ignore[attr-defined]
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        object.__delattr__(self, name)


#: Stands for "not given" where a field's default is made by a factory.
NOT_GIVEN: Any = object()

#: The decorator of a :class:`Frozen` class: a dataclass whose methods are :class:`Frozen`'s and
#: whose ``__init__`` the class writes itself.
frozen_dataclass = dataclass(init=False, repr=False, eq=False)
