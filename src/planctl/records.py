"""`@record`: a dataclass, declared the same way, at a fraction of its import cost.

`@dataclass` writes the source of __init__, __repr__, __eq__ and, for frozen classes, __hash__,
__setattr__ and __delattr__ for every class and compiles each (and, for a class without a docstring,
computes its signature for one): ~40 ms of the ~120 ms a `build docx` spent importing its ~100 classes.
A record leaves the bookkeeping to dataclasses (`dataclasses.fields`, `replace`, `asdict`,
`is_dataclass` work on it) and compiles one function per class, __init__, the only method that must know
the field names to be fast. __repr__, __eq__, __hash__ and the frozen __setattr__/__delattr__ are the same
function objects for every record, reading the field names from a table made when the class is declared.

The behaviour is dataclass's (tests/test_records.py compares the two): the same __init__ signature,
defaults, `field(default_factory=..., init=False, compare=False, repr=False)` and __post_init__;
FrozenInstanceError when a frozen record is changed; equal when of the same class with equal compared
fields; the hash of a frozen record is that of its compared fields, a mutable record has none; the same
repr (`...` for an object inside itself). Arguments: `frozen` as dataclass's; a record always has eq and
repr; slots, order, kw_only and InitVar fields are not supported (none is used).
"""

from __future__ import annotations

import _thread
import dataclasses
import inspect  # (imported by dataclasses anyway)
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

_T = TypeVar("_T")
_Values = Callable[[object], tuple[Any, ...]]


class _Shape:
    """What the shared methods need of one record class: the values it compares, hashes and shows."""

    __slots__ = ("compared", "hashed", "shown")

    def __init__(self, every: tuple[dataclasses.Field[Any], ...]) -> None:
        self.compared = _tuple_of(tuple(f.name for f in every if f.compare))
        self.hashed = _tuple_of(tuple(f.name for f in every if (f.compare if f.hash is None else f.hash)))
        self.shown = tuple(f.name for f in every if f.repr)


_REPR_RUNNING: set[tuple[int, int]] = set()


def _tuple_of(names: tuple[str, ...]) -> _Values:
    """The values of these attributes as a tuple (attrgetter gives a bare value for one name)."""
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    if not names:
        return lambda obj: ()
    many: _Values = attrgetter(*names)
    return many


def _shape(obj: object) -> _Shape:
    shape: _Shape = obj.__class__.__record_shape__  # type: ignore[attr-defined]
    return shape


def _eq(self: object, other: object) -> bool:
    if other.__class__ is self.__class__:
        compared = _shape(self).compared
        return compared(self) == compared(other)
    return NotImplemented  # type: ignore[no-any-return]  # (as in a method named __eq__)


def _hash(self: object) -> int:
    return hash(_shape(self).hashed(self))


def _repr(self: object) -> str:
    key = (id(self), _thread.get_ident())
    if key in _REPR_RUNNING:  # an object that holds itself, shown as dataclass's repr shows it
        return "..."
    _REPR_RUNNING.add(key)
    try:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _shape(self).shown)
    finally:
        _REPR_RUNNING.discard(key)
    return f"{self.__class__.__qualname__}({shown})"


def _frozen_setattr(self: object, name: str, value: object) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: object, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


class _Factory:
    """The default of a parameter whose field has a default_factory (shown as dataclass shows it)."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


def _init(cls: type, every: tuple[dataclasses.Field[Any], ...], frozen: bool) -> Callable[..., None]:
    """cls.__init__ as dataclass writes it: the parameters in field order (a default or a factory), each
    value stored (through object.__setattr__ when frozen), then __post_init__ if the class has one."""
    namespace: dict[str, Any] = {"_FACTORY": _FACTORY}
    params = ["self"]
    body = []
    for i, f in enumerate(every):
        factory = f.default_factory is not dataclasses.MISSING
        if f.init:
            if f.default is not dataclasses.MISSING:
                namespace[f"_default{i}"] = f.default
                params.append(f"{f.name}=_default{i}")
            elif factory:
                params.append(f"{f.name}=_FACTORY")
            elif "=" in params[-1]:
                raise TypeError(f"{cls.__qualname__}: field {f.name!r} without a default follows a default")
            else:
                params.append(f.name)
        elif not factory:
            continue  # read from the class attribute that holds the default, as with dataclass
        value = f.name
        if factory:
            namespace[f"_factory{i}"] = f.default_factory
            value = f"_factory{i}() if {f.name} is _FACTORY else {f.name}" if f.init else f"_factory{i}()"
        body.append(
            f"object.__setattr__(self, {f.name!r}, {value})" if frozen else f"self.{f.name} = {value}"
        )
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    source = f"def __init__({', '.join(params)}):\n " + "\n ".join(body or ["pass"])
    exec(source, namespace)  # the one method compiled per record: storing named fields fast needs their names
    init: Callable[..., None] = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__annotations__ = {f.name: f.type for f in every if f.init} | {"return": None}
    return init


def _doc(cls: type, every: tuple[dataclasses.Field[Any], ...]) -> str:
    """The docstring dataclass gives a class without one: its name and __init__ signature."""
    params = []
    for f in every:
        if not f.init:
            continue
        default = ""
        if f.default is not dataclasses.MISSING:
            default = f" = {f.default!r}"
        elif f.default_factory is not dataclasses.MISSING:
            default = " = <factory>"
        params.append(f"{f.name}: {inspect.formatannotation(f.type)}{default}")
    return f"{cls.__name__}({', '.join(params)})"


def _make(cls: type[_T], frozen: bool) -> type[_T]:
    documented = bool(cls.__dict__.get("__doc__"))
    if not documented:
        cls.__doc__ = cls.__name__  # keeps dataclass from computing a signature for it; replaced below
    # dataclass keeps the fields (defaults as class attributes, __dataclass_fields__, __match_args__) and,
    # with these arguments, writes no method.
    dataclasses.dataclass(init=False, repr=False, eq=False)(cls)
    every = dataclasses.fields(cls)  # type: ignore[arg-type]
    own = cls.__dict__
    cls.__record_shape__ = _Shape(every)  # type: ignore[attr-defined]
    if "__init__" not in own:
        cls.__init__ = _init(cls, every, frozen)  # type: ignore[method-assign]
    if "__repr__" not in own:
        cls.__repr__ = _repr  # type: ignore[method-assign]
    if "__eq__" not in own:
        cls.__eq__ = _eq  # type: ignore[method-assign]
    if own.get("__hash__") is None:  # none written, or None set by Python for an __eq__ in the class body
        cls.__hash__ = _hash if frozen else None  # type: ignore[method-assign,assignment]
    if frozen:
        if "__setattr__" in own or "__delattr__" in own:
            raise TypeError(f"frozen record {cls.__qualname__} defines __setattr__ or __delattr__")
        cls.__setattr__ = _frozen_setattr  # type: ignore[method-assign]
        cls.__delattr__ = _frozen_delattr  # type: ignore[method-assign]
    if not documented:
        cls.__doc__ = _doc(cls, every)
    return cls


@overload
def record(cls: type[_T], /) -> type[_T]: ...
@overload
def record(*, frozen: bool = False) -> Callable[[type[_T]], type[_T]]: ...
@dataclass_transform(field_specifiers=(dataclasses.field,))
def record(cls: type[_T] | None = None, /, *, frozen: bool = False) -> Any:
    """Declare a record as a dataclass: `@record` or `@record(frozen=True)` above annotated fields."""
    if cls is None:
        return lambda c: _make(c, frozen)
    return _make(cls, frozen)
