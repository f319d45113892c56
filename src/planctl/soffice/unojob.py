"""One job in a running LibreOffice, through its UNO bridge: run by `planctl.soffice`, never imported.

LibreOffice's Python bridge (Debian's python3-uno) is importable only by the system Python, not by
planctl's own environment, so planctl runs this file with that Python (`/usr/bin/python3 unojob.py PIPE`)
against the soffice it started listening on the pipe. It reads one JSON request from standard input and
writes one JSON answer to standard output:

    {"src": "/tmp/.../input.docx",
     "update_indexes": true,                  # update every index (the table of contents) first
     "bookmarks": "_Toc",                     # the page of every bookmark whose name starts so
     "keywords": ["tidlig innsats", "barnevern"],  # the document's keywords, each kept whole
     "export": {"out": "/tmp/.../out.pdf", "filter": "writer_pdf_Export", "data": {"UseTaggedPDF": true}}}
    -> {"ok": true, "pages": {"_Toc00000001": 3}, "page_count": 33, "indexes": 1}
    -> {"ok": false, "error": "..."}

The document is opened hidden, read-only in effect (it is stored only to the export's file), with links
not updated and macros never run. LibreOffice is asked to terminate when the job is done. The file needs
nothing but the standard library and `uno`: it runs outside planctl's environment.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

CONNECT_SECONDS = 120
# Between attempts to connect while LibreOffice starts (~0.1-0.3 s): a failed attempt costs next to nothing,
# and every step of this pause is wall time the build waits after LibreOffice is ready.
CONNECT_PAUSE = 0.02
NO_UPDATE = 0  # com.sun.star.document.UpdateDocMode.NO_UPDATE: linked content is not fetched
NEVER_EXECUTE = 0  # com.sun.star.document.MacroExecMode.NEVER_EXECUTE


def _prop(name: str, value: object) -> Any:
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


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
            time.sleep(CONNECT_PAUSE)


def _job(desktop: Any, request: dict[str, Any]) -> dict[str, Any]:
    url = uno.systemPathToFileUrl(os.path.abspath(request["src"]))
    load = (
        _prop("Hidden", True),
        _prop("UpdateDocMode", NO_UPDATE),
        _prop("MacroExecutionMode", NEVER_EXECUTE),
    )
    doc = desktop.loadComponentFromURL(url, "_blank", 0, load)
    if doc is None:
        return {"ok": False, "error": "LibreOffice could not open the document"}
    try:
        answer: dict[str, Any] = {"ok": True, "pages": {}, "indexes": 0}
        keywords = request.get("keywords")
        if keywords is not None and hasattr(doc, "getDocumentProperties"):
            # LibreOffice splits a .docx's keywords at spaces when it reads them: set them whole.
            doc.getDocumentProperties().Keywords = tuple(str(k) for k in keywords)
        if request.get("update_indexes") and hasattr(doc, "getDocumentIndexes"):
            indexes = doc.getDocumentIndexes()
            # Twice: the first update can change the contents' length, and so the pages after it.
            for _ in range(2):
                for i in range(indexes.getCount()):
                    indexes.getByIndex(i).update()
            answer["indexes"] = indexes.getCount()
        prefix = request.get("bookmarks")
        if prefix is not None and hasattr(doc, "getBookmarks"):
            controller = doc.getCurrentController()
            view = controller.getViewCursor()
            bookmarks = doc.getBookmarks()
            for name in bookmarks.getElementNames():
                if name.startswith(prefix):
                    view.gotoRange(bookmarks.getByName(name).getAnchor(), False)
                    answer["pages"][name] = view.getPage()
            view.jumpToLastPage()
            answer["page_count"] = view.getPage()
        export = request.get("export")
        if export:
            data = tuple(_prop(k, v) for k, v in (export.get("data") or {}).items())
            props = [_prop("FilterName", export["filter"]), _prop("Overwrite", True)]
            if data:
                props.append(_prop("FilterData", uno.Any("[]com.sun.star.beans.PropertyValue", data)))
            out = uno.systemPathToFileUrl(os.path.abspath(export["out"]))
            uno.invoke(doc, "storeToURL", (out, tuple(props)))
        return answer
    finally:
        doc.close(True)


def main() -> int:
    pipe = sys.argv[1]
    desktop = None
    try:
        # Connected first, then the request read: planctl may start LibreOffice and this job before the
        # document exists (planctl.soffice.started), and sends the request when it does.
        ctx = _connect(pipe)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        request = json.loads(sys.stdin.read())
        answer = _job(desktop, request)
    except Exception as exc:  # any failure is the answer: planctl words the error
        answer = {"ok": False, "error": f"{type(exc).__name__}: {exc}".strip()}
    finally:
        if desktop is not None:
            with contextlib.suppress(Exception):  # the bridge closes as LibreOffice ends
                desktop.terminate()
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
