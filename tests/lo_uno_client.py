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
from collections.abc import Iterator
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

CONNECT_SECONDS = 120


def _prop(name: str, value: object) -> Any:
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def _redlines(doc: Any) -> Iterator[Any]:
    enum = doc.getRedlines().createEnumeration()
    while enum.hasMoreElements():
        yield enum.nextElement()


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
    url = uno.systemPathToFileUrl(os.path.abspath(request["src"]))
    doc = desktop.loadComponentFromURL(url, "_blank", 0, (_prop("Hidden", True),))
    if doc is None:
        return {"ok": False, "error": f"LibreOffice could not open {request['src']}"}
    try:
        before = sum(1 for _ in _redlines(doc))
        changes = request.get("changes")
        if changes in ("accept", "reject"):
            helper = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
            frame = doc.getCurrentController().getFrame()
            command = "Accept" if changes == "accept" else "Reject"
            helper.executeDispatch(frame, f".uno:{command}AllTrackedChanges", "", 0, ())
        elif changes is not None:
            return {"ok": False, "error": f"unknown changes action {changes!r}"}
        after = sum(1 for _ in _redlines(doc))
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
