"""A persistent UNO client: converts documents in one running LibreOffice, one request per line.

Run by tests/libreoffice.py with a Python that has LibreOffice's UNO bridge (Debian: python3-uno, for the
system /usr/bin/python3 only, not the project's virtual environment):

    /usr/bin/python3 tests/lo_uno_client.py PIPE_NAME

It connects to the soffice already listening on the pipe, prints {"ready": true} and then answers each
JSON request read from standard input with one JSON line on standard output:

    {"src": "/abs/in.docx", "out": "/abs/out.txt", "filter": "Text (encoded)", "options": "UTF8,LF",
     "changes": "accept" | "reject" | null}
    -> {"ok": true, "before": 12, "after": 0}   (tracked changes LibreOffice saw before and after)
    -> {"ok": false, "error": "..."}

`changes` accepts or rejects every tracked change before the document is stored. An empty line or end of
input ends LibreOffice and the client. Standard output carries nothing but these lines.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
import traceback
from typing import Any

import uno  # type: ignore[import-not-found]
import unohelper  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.task import XInteractionHandler  # type: ignore[import-not-found]

CONNECT_SECONDS = 120


def _prop(name: str, value: object) -> Any:
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def _tracked_changes(doc: Any) -> int:
    # One call. Enumerating the redlines element by element (a bridge call each, 622 in the Vestre Toten
    # → Nordre Land redline) crashed LibreOffice 7.4 now and then while other LibreOffices converted beside
    # it, as under pytest-xdist: the bridge was disposed during the enumeration or the close after it, in
    # 11 of 780 conversions of that redline with two or three converting side by side, none of 60 alone.
    # Counted at once: none of 540 side by side.
    count: int = doc.getRedlines().getCount()
    return count


class _Interactions(unohelper.Base, XInteractionHandler):  # type: ignore[misc]
    """Answers every question LibreOffice asks while loading with Abort, and keeps what it asked: why a
    document did not open (it is locked, damaged, of no known type, ...), instead of a silent None."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def handle(self, request: Any) -> None:
        question = request.getRequest()
        message = getattr(question.value, "Message", "") if hasattr(question, "value") else ""
        self.asked.append(f"{question.typeName}{': ' + message if message else ''}")
        abort = uno.getTypeByName("com.sun.star.task.XInteractionAbort")
        for continuation in request.getContinuations():
            if continuation.queryInterface(abort) is not None:
                continuation.select()
                return


def _connect(pipe: str) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _convert(ctx: Any, desktop: Any, request: dict[str, Any]) -> dict[str, Any]:
    if not os.path.isfile(request["src"]):
        return {"ok": False, "error": f"no such file: {request['src']}"}
    url = uno.systemPathToFileUrl(os.path.abspath(request["src"]))
    interactions = _Interactions()
    doc = desktop.loadComponentFromURL(
        url, "_blank", 0, (_prop("Hidden", True), _prop("InteractionHandler", interactions))
    )
    if doc is None:
        asked = "; ".join(interactions.asked) or "no reason given"
        return {"ok": False, "error": f"LibreOffice could not open {request['src']} ({asked})"}
    try:
        before = _tracked_changes(doc)
        changes = request.get("changes")
        if changes in ("accept", "reject"):
            helper = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
            frame = doc.getCurrentController().getFrame()
            command = "Accept" if changes == "accept" else "Reject"
            helper.executeDispatch(frame, f".uno:{command}AllTrackedChanges", "", 0, ())
        elif changes is not None:
            return {"ok": False, "error": f"unknown changes action {changes!r}"}
        after = _tracked_changes(doc)
        props = [_prop("FilterName", request["filter"]), _prop("Overwrite", True)]
        if request.get("options"):
            props.append(_prop("FilterOptions", request["options"]))
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(request["out"])), tuple(props))
        return {"ok": True, "before": before, "after": after}
    finally:
        doc.close(True)


def main(pipe: str) -> int:
    ctx = _connect(pipe)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    print(json.dumps({"ready": True}), flush=True)
    try:
        for line in sys.stdin:
            if not line.strip():
                break
            try:
                answer = _convert(ctx, desktop, json.loads(line))
            except Exception:
                answer = {"ok": False, "error": traceback.format_exc()}
            print(json.dumps(answer), flush=True)
    finally:
        with contextlib.suppress(Exception):  # the bridge goes away while LibreOffice terminates
            desktop.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
