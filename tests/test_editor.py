"""The editor experience is real: yaml-language-server (the server behind VS Code's YAML extension and
others) reads the schema that `planctl init` writes beside the plan, through the `$schema` line, and
offers completion (enum values with their Norwegian meaning, snippets for a new measure) and hover text.

yaml-language-server comes from the npm registry; .ci/run installs it into .ci/node, and this test does so
itself when npm is there. Without node and npm the test skips and says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, run_planctl
from tests.lsp_client import LspClient

VERSION = "1.19.2"  # pinned: the server's behaviour is what is tested
PREFIX = ROOT / ".ci" / "node"


def _server() -> Path | None:
    configured = os.environ.get("PLANCTL_YAML_LS")
    if configured:
        return Path(configured)
    installed = PREFIX / "node_modules" / ".bin" / "yaml-language-server"
    if installed.exists():
        return installed
    on_path = shutil.which("yaml-language-server")
    if on_path:
        return Path(on_path)
    if shutil.which("node") is None or shutil.which("npm") is None:
        return None
    subprocess.run(
        [
            "npm",
            "install",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(PREFIX),
            f"yaml-language-server@{VERSION}",
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return installed if installed.exists() else None


@pytest.fixture(scope="module")
def server() -> Path:
    found = _server()
    if found is None:
        pytest.skip("needs node and npm to install yaml-language-server from the npm registry")
    return found


@pytest.fixture
def editor(server: Path, tmp_path: Path) -> Iterator[tuple[LspClient, Path, str]]:
    folder = tmp_path / "plans" / "fjellbygd"
    proc = run_planctl("init", str(folder), "--lang", "nn", "--municipality", "Fjellbygd kommune")
    assert proc.returncode == 0, proc.stderr
    plan = folder / "plan.yaml"
    text = plan.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=plan.schema.json\n")
    settings = {
        "yaml": {"validate": True, "hover": True, "completion": True, "schemaStore": {"enable": False}}
    }
    client = LspClient([str(server), "--stdio"], tmp_path, settings)
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": plan.as_uri(), "languageId": "yaml", "version": 1, "text": text}},
    )
    try:
        yield client, plan, text
    finally:
        client.close()


def _position(text: str, line_start: str, word: str) -> dict[str, int]:
    lines = text.splitlines()
    line = next(i for i, content in enumerate(lines) if content.startswith(line_start))
    return {"line": line, "character": lines[line].index(word)}


def _items(result: Any) -> list[dict[str, Any]]:
    return list(result["items"] if isinstance(result, dict) else result or [])


def _doc(item: dict[str, Any]) -> str:
    doc = item.get("documentation", "")
    return doc["value"] if isinstance(doc, dict) else str(doc)


def test_completion_offers_enum_values_with_their_norwegian_meaning(
    editor: tuple[LspClient, Path, str],
) -> None:
    client, plan, text = editor
    at = _position(text, "    status: draft", "draft")
    items = _items(
        client.request("textDocument/completion", {"textDocument": {"uri": plan.as_uri()}, "position": at})
    )
    by_label = {item["label"]: item for item in items}
    assert {"draft", "consultation", "submitted", "adopted", "repealed"} <= set(by_label)
    assert "vedtatt" in _doc(by_label["adopted"])


def test_completion_offers_a_measure_snippet(editor: tuple[LspClient, Path, str]) -> None:
    client, plan, text = editor
    # a new, empty list item at the end of measures
    lines = text.splitlines()
    end = next(i for i, line in enumerate(lines) if line.startswith("arenas:"))
    edited = "\n".join([*lines[: end - 1], "  - ", *lines[end - 1 :]]) + "\n"
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": plan.as_uri(), "version": 2}, "contentChanges": [{"text": edited}]},
    )
    at = {"line": end - 1, "character": 4}
    items = _items(
        client.request("textDocument/completion", {"textDocument": {"uri": plan.as_uri()}, "position": at})
    )
    labels = [item["label"] for item in items]
    assert "Nytt tiltak (measure)" in labels, labels
    snippet = next(item for item in items if item["label"] == "Nytt tiltak (measure)")
    assert "responsible" in snippet.get("insertText", "") + str(snippet.get("textEdit", ""))


def test_hover_explains_a_key_in_norwegian_first(editor: tuple[LspClient, Path, str]) -> None:
    client, plan, text = editor
    at = _position(text, "    status: draft", "status")
    hover = client.request("textDocument/hover", {"textDocument": {"uri": plan.as_uri()}, "position": at})
    value = hover["contents"]["value"] if isinstance(hover["contents"], dict) else str(hover["contents"])
    assert "Vedtaksstatus" in value
    assert value.index("vedtatt") < value.index("English")
