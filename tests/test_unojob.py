"""The UNO job (planctl/soffice/unojob.py) with LibreOffice's Python bridge stood in for: it runs under
LibreOffice's own Python, so its order of work is checked here with fakes of `uno` and of the objects
LibreOffice gives it; tests/test_soffice.py runs it against a real LibreOffice."""

from __future__ import annotations

import importlib
import io
import json
import sys
import types
from collections.abc import Iterator
from typing import Any

import pytest


def _pyuno_error(name: str) -> type[Exception]:
    """An exception class as pyuno makes one for a UNO exception: named by its full UNO name."""
    return type(f"com.sun.star.lang.{name}", (Exception,), {})


Disposed = _pyuno_error("DisposedException")
UnknownProperty = _pyuno_error("UnknownPropertyException")


@pytest.fixture
def unojob(monkeypatch: pytest.MonkeyPatch) -> Iterator[types.ModuleType]:
    beans = types.ModuleType("com.sun.star.beans")
    beans.PropertyValue = type("PropertyValue", (), {})  # type: ignore[attr-defined]
    for name in ("com", "com.sun", "com.sun.star"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "com.sun.star.beans", beans)
    monkeypatch.setitem(sys.modules, "uno", types.ModuleType("uno"))
    monkeypatch.delitem(sys.modules, "planctl.soffice.unojob", raising=False)
    module = importlib.import_module("planctl.soffice.unojob")
    monkeypatch.setattr(module, "CONNECT_PAUSE", 0)
    yield module
    sys.modules.pop("planctl.soffice.unojob", None)


class _Office:
    """LibreOffice as the job sees it over the bridge: terminating, it closes the connection after
    `answers` more calls."""

    def __init__(self, events: list[str], answers: int, error: type[Exception] = Disposed) -> None:
        self.events = events
        self.answers = answers
        self.error = error
        self.terminating = False
        self.ServiceManager = self

    def createInstanceWithContext(self, name: str, ctx: Any) -> Any:
        return self

    def loadComponentFromURL(self, *args: Any) -> None:
        self.events.append("load")
        return None  # «could not open»: the job answers so

    def terminate(self) -> bool:
        self.events.append("terminate")
        self.terminating = True
        return True

    def getServiceManager(self) -> Any:
        if self.terminating:
            if self.answers <= 0:
                self.events.append("closed")
                raise self.error("Binary URP bridge disposed during call")
            self.answers -= 1
        return self


def _run(unojob: types.ModuleType, office: _Office, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setattr(unojob, "_connect", lambda pipe: office)
    monkeypatch.setattr(unojob.uno, "systemPathToFileUrl", lambda path: "file://" + path, raising=False)
    monkeypatch.setattr(sys, "argv", ["unojob.py", "pipe"])
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps({"src": "/tmp/x.docx"})))
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    assert unojob.main() == 0
    office.events.append("answer")
    return dict(json.loads(out.getvalue()))


def test_the_job_leaves_only_once_libreoffice_has_closed_the_connection(
    unojob: types.ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Terminated, LibreOffice closes the connection a moment later; a job that left before that made
    LibreOffice wait two seconds more to end, now and then. The job answers after the connection closed."""
    events: list[str] = []
    answer = _run(unojob, _Office(events, answers=3), monkeypatch)
    assert answer == {"ok": False, "error": "LibreOffice could not open the document"}
    assert events == ["load", "terminate", "closed", "answer"]


def test_a_connection_that_stays_open_is_waited_for_no_longer_than_close_seconds(
    unojob: types.ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Other errors of a call (LibreOffice still answering) are not the connection closing; a LibreOffice
    that never closes it is waited for CLOSE_SECONDS, then planctl ends it (planctl.soffice._end)."""
    monkeypatch.setattr(unojob, "CLOSE_SECONDS", 0.05)
    events: list[str] = []
    office = _Office(events, answers=10**9)
    _run(unojob, office, monkeypatch)
    assert events == ["load", "terminate", "answer"]
    assert office.answers < 10**9  # it asked, and kept asking until the deadline

    events.clear()
    office = _Office(events, answers=0, error=UnknownProperty)
    _run(unojob, office, monkeypatch)
    assert events[-1] == "answer" and events.count("closed") > 1  # not taken for the connection closing
