"""Open a .docx in LibreOffice, accept or reject every tracked change, save the text.

Run with a Python that has LibreOffice's UNO bridge (Debian: python3-uno, the system /usr/bin/python3),
not the project's virtual environment:

    python3 tests/lo_changes.py IN.docx Accept|Reject|Keep OUT.txt PROFILE_DIR

Prints the number of tracked changes LibreOffice saw before and after. An independent check of
`planctl diff --format docx`: LibreOffice, not our own reading of the XML, decides what the changes are.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _prop(name: str, value: object) -> Any:
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def _redlines(doc: Any) -> Iterator[Any]:
    enum = doc.getRedlines().createEnumeration()
    while enum.hasMoreElements():
        yield enum.nextElement()


def main(src: str, action: str, out: str, profile: str) -> int:
    pipe = f"planctl-test-{os.getpid()}"
    office = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation=file://{os.path.abspath(profile)}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + 120
        while True:
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                if time.monotonic() > deadline:
                    print("LibreOffice did not start", file=sys.stderr)
                    return 2
                time.sleep(0.1)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        url = uno.systemPathToFileUrl(os.path.abspath(src))
        doc = desktop.loadComponentFromURL(url, "_blank", 0, (_prop("Hidden", True),))
        before = sum(1 for _ in _redlines(doc))
        if action in ("Accept", "Reject"):
            helper = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
            frame = doc.getCurrentController().getFrame()
            helper.executeDispatch(frame, f".uno:{action}AllTrackedChanges", "", 0, ())
        after = sum(1 for _ in _redlines(doc))
        target = uno.systemPathToFileUrl(os.path.abspath(out))
        doc.storeToURL(target, (_prop("FilterName", "Text (encoded)"), _prop("FilterOptions", "UTF8,LF")))
        doc.close(True)
        print(before, after)
        with contextlib.suppress(Exception):  # the bridge goes away while LibreOffice terminates
            desktop.terminate()
        return 0
    finally:
        try:
            office.wait(timeout=60)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
