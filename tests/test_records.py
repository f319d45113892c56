"""planctl.records: a `@record` class behaves as the same class under `@dataclass` (one twin per test,
declared both ways), and every record of planctl has the __init__ signature dataclass would give it."""

from __future__ import annotations

import copy
import dataclasses
import importlib
import inspect
import pickle
import pkgutil
from dataclasses import field
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import planctl
from planctl import records
from planctl.model.types import Loc
from planctl.records import record


def _both(frozen: bool) -> tuple[type, type]:
    """One class body, declared as a record and as a dataclass."""

    def body(decorate: Any) -> type:
        @decorate
        class Item:
            name: str
            count: int = 0
            tags: list[str] = field(default_factory=list)
            note: str | None = field(default=None, compare=False)
            cache: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)
            label: str = field(default="x", init=False)

            def shout(self) -> str:
                return self.name.upper()

        return Item

    return body(record(frozen=frozen)), body(dataclasses.dataclass(frozen=frozen))


@pytest.mark.parametrize("frozen", [True, False])
def test_init_signature_defaults_and_factories_are_dataclass_s(frozen: bool) -> None:
    rec, dc = _both(frozen)
    assert str(inspect.signature(rec)) == str(inspect.signature(dc))
    assert rec.__doc__ == dc.__doc__  # a class without a docstring gets its signature, as from dataclass
    assert rec.__init__.__annotations__ == dc.__init__.__annotations__
    assert rec.__match_args__ == dc.__match_args__  # type: ignore[attr-defined]
    a, b = rec("a"), dc("a")
    assert vars(a) == vars(b) == {"name": "a", "count": 0, "tags": [], "note": None, "cache": {}}
    assert a.label == b.label == "x"  # an init=False default is read from the class, as with dataclass
    assert rec("a").tags is not a.tags  # a fresh list from the factory for every object
    assert vars(rec("a", 2, ["t"], "n")) == vars(dc("a", 2, ["t"], "n"))
    assert vars(rec(count=3, name="k")) == vars(dc(count=3, name="k"))
    assert rec("a").shout() == "A"
    for bad_args, bad_kwargs in [((), {}), (("a",), {"cache": {}}), (("a", 1, [], None, 5), {})]:
        with pytest.raises(TypeError):
            rec(*bad_args, **bad_kwargs)
        with pytest.raises(TypeError):
            dc(*bad_args, **bad_kwargs)


@pytest.mark.parametrize("frozen", [True, False])
def test_fields_replace_asdict_and_is_dataclass_work(frozen: bool) -> None:
    rec, dc = _both(frozen)
    assert dataclasses.is_dataclass(rec) and dataclasses.is_dataclass(rec("a"))
    assert [(f.name, f.init, f.compare, f.repr) for f in dataclasses.fields(rec)] == [
        (f.name, f.init, f.compare, f.repr) for f in dataclasses.fields(dc)
    ]
    a = rec("a", 1, ["t"])
    changed = dataclasses.replace(a, count=5)
    assert (changed.name, changed.count, changed.tags) == ("a", 5, ["t"]) and a.count == 1
    assert dataclasses.asdict(a) == dataclasses.asdict(dc("a", 1, ["t"]))
    assert dataclasses.astuple(a) == dataclasses.astuple(dc("a", 1, ["t"]))
    with pytest.raises(ValueError):
        dataclasses.replace(a, cache={})  # an init=False field, refused as dataclass refuses it


def test_a_frozen_record_cannot_be_changed_and_a_mutable_one_can() -> None:
    rec, dc = _both(True)
    a, b = rec("a"), dc("a")
    for obj in (a, b):
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'count'"):
            obj.count = 2
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'other'"):
            obj.other = 2
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'name'"):
            del obj.name
    for mutable in _both(False):
        m = mutable("a", note="n")
        m.count = 7
        del m.note
        assert m.count == 7 and m.note is None  # the class attribute holds the default, as with dataclass


values = st.tuples(
    st.text(max_size=3),
    st.integers(-2, 2),
    st.lists(st.text(max_size=2), max_size=2),
    st.none() | st.text(max_size=2),
)


@given(first=values, second=values)
def test_eq_hash_and_repr_answer_as_dataclass_s(
    first: tuple[str, int, list[str], str | None], second: tuple[str, int, list[str], str | None]
) -> None:
    for frozen in (True, False):
        rec, dc = _both(frozen)
        r1, r2, d1, d2 = rec(*first), rec(*second), dc(*first), dc(*second)
        assert repr(r1).replace("Item", "", 1) == repr(d1).replace("Item", "", 1)
        assert (r1 == r2) == (d1 == d2) and (r1 != r2) == (d1 != d2)
        assert r1 != d1 and d1 != r1  # another class is never equal
        if frozen:
            hashable = (*first[:2], tuple(first[2]))
            r3, d3 = (
                rec(first[0], first[1], hashable[2], first[3]),
                dc(first[0], first[1], hashable[2], first[3]),
            )
            assert hash(r3) == hash(d3)
        else:
            assert rec.__hash__ is None and dc.__hash__ is None  # a mutable record is not hashable
            with pytest.raises(TypeError):
                hash(r1)


def test_post_init_runs_and_an_object_that_holds_itself_shows_as_dataclass_s() -> None:
    seen: list[str] = []

    @record(frozen=True)
    class Checked:
        name: str
        children: tuple[Any, ...] = ()

        def __post_init__(self) -> None:
            seen.append(self.name)

    node = Checked("n")
    assert seen == ["n"]
    object.__setattr__(node, "children", (node,))
    assert (
        repr(node)
        == "test_post_init_runs_and_an_object_that_holds_itself_shows_as_dataclass_s.<locals>.Checked(name='n', children=(...,))"
    )


def test_records_pickle_and_copy() -> None:
    loc = Loc("plan.yaml", "/units/0", 3, 5)
    assert pickle.loads(pickle.dumps(loc)) == loc and copy.deepcopy(loc) == loc and copy.copy(loc) == loc


def test_a_declaration_dataclass_refuses_is_refused() -> None:
    with pytest.raises(TypeError, match="without a default"):

        @record
        class Wrong:
            a: int = 0
            b: int

    with pytest.raises(ValueError, match="mutable default"):

        @record
        class Shared:
            a: list[int] = []  # noqa: RUF012

    with pytest.raises(TypeError, match="defines __setattr__"):

        @record(frozen=True)
        class Guarded:
            a: int

            def __setattr__(self, name: str, value: object) -> None: ...


def _planctl_records() -> list[type]:
    found = []
    for info in pkgutil.walk_packages(planctl.__path__, "planctl."):
        if info.name.startswith(("planctl.check.compiled.", "planctl.soffice.unojob", "planctl.templates.")):
            continue
        if info.name == "planctl.__main__":
            continue
        module = importlib.import_module(info.name)
        found += [
            c
            for c in vars(module).values()
            if isinstance(c, type) and c.__module__ == module.__name__ and "__record_shape__" in vars(c)
        ]
    return found


def test_every_record_of_planctl_has_the_signature_dataclass_gives_it() -> None:
    found = _planctl_records()
    assert len(found) >= 100
    for cls in found:
        params = cls.__dataclass_params__  # type: ignore[attr-defined]
        twin = dataclasses.make_dataclass(
            cls.__name__,
            [(f.name, f.type, _spec(f)) for f in dataclasses.fields(cls)],
            frozen=cls.__setattr__ is records._frozen_setattr,
        )
        assert str(inspect.signature(cls)) == str(inspect.signature(twin)), cls
        assert not params.init  # records write their own __init__ ...
        assert cls.__init__.__qualname__ == f"{cls.__qualname__}.__init__"  # ... under the class's name


def _spec(f: dataclasses.Field[Any]) -> Any:
    if f.default_factory is not dataclasses.MISSING:
        return field(default_factory=f.default_factory, init=f.init, repr=f.repr, compare=f.compare)
    if f.default is not dataclasses.MISSING:
        return field(default=f.default, init=f.init, repr=f.repr, compare=f.compare)
    return field(init=f.init, repr=f.repr, compare=f.compare)
