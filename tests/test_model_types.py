"""The model's classes are frozen records (planctl.records): one shared __eq__, __hash__ and __repr__
instead of dataclass's generated ones. They must answer as `@dataclass(frozen=True)` would, for every
object of the real plans' models (tests/test_records.py compares records and dataclasses in general)."""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

import pytest

from planctl import records
from planctl.check.pipeline import check_file
from planctl.model import types
from tests.conftest import BUNDLED_PLANS

MODEL_CLASSES = [
    c
    for _, c in inspect.getmembers(types, inspect.isclass)
    if dataclasses.is_dataclass(c) and c.__module__ == types.__name__
]


def _twin(cls: type) -> type:
    """cls as plain `@dataclass(frozen=True)` makes it, with the same fields."""
    specs = []
    for f in dataclasses.fields(cls):
        spec = dataclasses.field(compare=f.compare, repr=f.repr, hash=f.hash)
        if f.default is not dataclasses.MISSING:
            spec = dataclasses.field(default=f.default, compare=f.compare, repr=f.repr, hash=f.hash)
        elif f.default_factory is not dataclasses.MISSING:
            spec = dataclasses.field(
                default_factory=f.default_factory, compare=f.compare, repr=f.repr, hash=f.hash
            )
        specs.append((f.name, Any, spec))
    twin = dataclasses.make_dataclass(cls.__name__, specs, frozen=True)
    twin.__qualname__ = cls.__qualname__
    return twin


def _objects(value: Any, out: list[Any]) -> list[Any]:
    if dataclasses.is_dataclass(value) and not isinstance(value, type) and type(value) in MODEL_CLASSES:
        out.append(value)
        for f in dataclasses.fields(value):
            _objects(getattr(value, f.name), out)
    elif isinstance(value, tuple):
        for item in value:
            _objects(item, out)
    return out


def _as_twin(obj: Any, twins: dict[type, type]) -> Any:
    if isinstance(obj, tuple):
        return tuple(_as_twin(x, twins) for x in obj)
    if type(obj) in twins:
        values = {f.name: _as_twin(getattr(obj, f.name), twins) for f in dataclasses.fields(obj)}
        return twins[type(obj)](**values)
    return obj


def test_every_model_class_is_a_frozen_record_with_the_shared_methods() -> None:
    assert len(MODEL_CLASSES) >= 30
    for cls in MODEL_CLASSES:
        # not generated per class: the shared functions of planctl.records
        assert cls.__eq__ is records._eq and cls.__hash__ is records._hash and cls.__repr__ is records._repr
        assert cls.__setattr__ is records._frozen_setattr, cls


@pytest.mark.parametrize("plan", BUNDLED_PLANS, ids=lambda p: p.parent.name)
def test_eq_hash_and_repr_answer_as_dataclass_does(plan: Any) -> None:
    model = check_file(plan).model
    assert model is not None
    twins = {cls: _twin(cls) for cls in MODEL_CLASSES}
    objects = _objects(model, [])
    assert {type(o) for o in objects} >= {types.Plan, types.Measure, types.Loc, types.Section}
    previous: dict[type, tuple[Any, Any]] = {}
    for obj in objects:
        twin = _as_twin(obj, twins)
        assert repr(obj) == repr(twin)
        assert hash(obj) == hash(twin)
        assert obj == dataclasses.replace(obj)
        assert obj != twin and twin != obj  # another class is never equal, as with dataclass's __eq__
        before = previous.get(type(obj))
        if before is not None:  # two objects of one class: equal exactly when their twins are
            assert (before[0] == obj) == (before[1] == twin)
            assert (hash(before[0]) == hash(obj)) == (hash(before[1]) == hash(twin))
        previous[type(obj)] = (obj, twin)
        with pytest.raises(dataclasses.FrozenInstanceError):
            obj.loc = None  # type: ignore[misc,union-attr]


def test_compare_false_fields_are_left_out_and_an_object_that_holds_itself_is_shown() -> None:
    loc = types.Loc("plan.yaml", "/x", 1, 2)
    assert types.Loc("plan.yaml", "/x", 1, 2) == loc and hash(types.Loc("plan.yaml", "/x", 1, 2)) == hash(loc)
    assert types.Loc("plan.yaml", "/x", 1, 3) != loc
    assert repr(loc) == "Loc(file='plan.yaml', pointer='/x', line=1, column=2)"
    model = check_file(BUNDLED_PLANS[0]).model
    assert model is not None
    model.unit("x")  # fills the look-up index, which is neither compared nor shown
    bare = dataclasses.replace(model, _index={})
    assert bare == model and hash(bare) == hash(model) and "_index" not in repr(model)
    section = types.Section("s", "S", None, None, False, (), (), (), "plan", loc)
    object.__setattr__(section, "children", (section,))
    assert "children=(...,)" in repr(section)
