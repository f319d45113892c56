"""Read a YAML file into plain JSON-like data plus a map of 1-based positions for every node.

Why an event-stream builder instead of ruamel's constructors: one iterative pass over the parser's events
(the C parser from ruamel.yaml.clib where installed, the pure parser otherwise) gives us positions for every
key and value, and puts every hostile-input guard in one place: duplicate keys, non-string keys,
object-constructing tags, alias bombs, absurd nesting and oversized files become findings, never a crash,
a hang or a Python object we did not ask for. Scalars are resolved with the YAML 1.2 core schema;
timestamps stay strings (the schema checks their shape), so data is plain JSON types only.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planctl.errors import PlanctlError

YAML_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {
    None,
    "!",
    *(YAML_TAG + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "binary")),
}

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_BOOL_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")


@dataclass(frozen=True)
class Limits:
    """Bounds that keep hostile files from hanging or exhausting a CI runner."""

    max_bytes: int = 8 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 500_000  # nodes after alias expansion


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class SyntaxProblem:
    """A problem found while reading: rule is YAML-SYNTAX, DUPLICATE-KEY or SCHEMA (non-string keys)."""

    rule: str
    message: str
    line: int
    column: int
    pointer: str = ""


@dataclass
class SourceMap:
    """JSON Pointer -> 1-based (line, column) of each value and of the key that holds it."""

    values: dict[str, tuple[int, int]] = field(default_factory=dict)
    keys: dict[str, tuple[int, int]] = field(default_factory=dict)

    def value(self, pointer: str) -> tuple[int, int] | None:
        """Position of the value at pointer, or of its nearest located ancestor (aliased data has none)."""
        while True:
            pos = self.values.get(pointer)
            if pos is not None:
                return pos
            if not pointer:
                return None
            pointer = pointer.rsplit("/", 1)[0]

    def key(self, pointer: str) -> tuple[int, int] | None:
        """Position of the key that holds pointer's value; falls back to the value."""
        return self.keys.get(pointer) or self.value(pointer)


@dataclass
class YamlDocument:
    path: Path
    display: str
    data: Any
    source_map: SourceMap
    problems: list[SyntaxProblem]

    @property
    def parsed(self) -> bool:
        return not any(p.rule == "YAML-SYNTAX" for p in self.problems)


def escape_pointer_token(token: str) -> str:
    if "~" not in token and "/" not in token:  # nearly every key and index: skip two string copies
        return token
    return token.replace("~", "~0").replace("/", "~1")


def walk_strings(value: Any, pointer: str = "", *, keys: bool = False) -> Iterator[tuple[str, str]]:
    """(JSON Pointer, text) of every string in loaded data (and of every mapping key, with keys=True).
    Iterative, so the depth of the data never matters; the order is not document order."""
    stack: list[tuple[Any, str]] = [(value, pointer)]
    while stack:
        item, at = stack.pop()
        if isinstance(item, str):
            yield at, item
        elif isinstance(item, dict):
            for key, child in item.items():
                child_at = f"{at}/{escape_pointer_token(str(key))}"
                if keys and isinstance(key, str):
                    yield child_at, key
                stack.append((child, child_at))
        elif isinstance(item, list):
            stack.extend((child, f"{at}/{i}") for i, child in enumerate(item))


# Why a file cannot be read as a plan file, whichever source it comes from (file system or git).
NOT_A_FILE = "is a folder, not a file"
NOT_REGULAR = "is not a regular file"


def too_large(size: int, limits: Limits) -> str | None:
    """The reason a file of `size` bytes is refused, or None when it is within the limit."""
    return f"file is {size:,} bytes; the limit is {limits.max_bytes:,}" if size > limits.max_bytes else None


def read_bytes(path: Path, display: str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Read a regular file within the size limit (checked before reading); otherwise PlanctlError."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise PlanctlError("no such file", file=display) from None
    except OSError as exc:
        raise PlanctlError(f"cannot read: {exc.strerror or exc}", file=display) from None
    if stat.S_ISDIR(st.st_mode):
        raise PlanctlError(NOT_A_FILE, file=display)
    if not stat.S_ISREG(st.st_mode):
        raise PlanctlError(NOT_REGULAR, file=display)
    refused = too_large(st.st_size, limits)
    if refused is not None:
        raise PlanctlError(refused, file=display)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(limits.max_bytes + 1)
    except OSError as exc:
        raise PlanctlError(f"cannot read: {exc.strerror or exc}", file=display) from None
    if len(raw) > limits.max_bytes:
        raise PlanctlError(f"file grew past the limit of {limits.max_bytes:,} bytes", file=display)
    return raw


def decode(raw: bytes) -> tuple[str | None, SyntaxProblem | None]:
    """UTF-8 (a BOM is fine); UTF-16/32 only with their BOM, as the YAML spec allows."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(codec), None
            except UnicodeDecodeError as exc:
                return None, _decode_problem(raw, exc.start, codec)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return None, _decode_problem(raw, exc.start, "utf-8")


def _decode_problem(raw: bytes, offset: int, codec: str) -> SyntaxProblem:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return SyntaxProblem(
        "YAML-SYNTAX",
        f"the file is not valid {codec.upper().replace('-SIG', '')} "
        f"(byte 0x{raw[offset]:02x}); save it as UTF-8",
        line,
        column,
    )


def load_yaml(path: Path, display: str, limits: Limits = DEFAULT_LIMITS) -> YamlDocument:
    """Read and parse a file. Unreadable input raises PlanctlError; undecodable bytes give a problem."""
    return parse_bytes(read_bytes(path, display, limits), path, display, limits)


def parse_bytes(raw: bytes, path: Path, display: str, limits: Limits = DEFAULT_LIMITS) -> YamlDocument:
    text, problem = decode(raw)
    if text is None:
        assert problem is not None
        return YamlDocument(path, display, None, SourceMap(), [problem])
    return parse_yaml(text, path, display, limits)


def parse_yaml(text: str, path: Path, display: str, limits: Limits = DEFAULT_LIMITS) -> YamlDocument:
    builder = _Builder(limits)
    try:
        builder.run(_events(text))
    except _Stop:
        pass
    except Exception as exc:  # ruamel's YAMLError family and reader errors, from either parser
        builder.problems.append(_yaml_error_problem(exc))
        builder.data = None
    if builder.documents == 0 and not builder.problems:
        builder.problems.append(SyntaxProblem("YAML-SYNTAX", "the file is empty", 1, 1))
    return YamlDocument(
        path, display, builder.data if builder.ok else None, builder.source_map, builder.problems
    )


def _events(text: str) -> Iterator[Any]:
    from ruamel.yaml import YAML  # start-up: `planctl --help` and `rules` import this module, never parse

    # typ="safe" picks ruamel.yaml.clib's C parser when it is installed; only the parser is used.
    return iter(YAML(typ="safe").parse(text))


def _yaml_error_problem(exc: Exception) -> SyntaxProblem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or str(exc)
    context = getattr(exc, "context", None)
    message = str(problem)
    if context and context not in message:
        message = f"{message} ({context})"
    if "\t" in message or "found character '\\t'" in message:
        message += "; YAML does not allow tabs for indentation"
    line, column = 1, 1
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
    elif hasattr(exc, "position"):
        line, column = 1, int(exc.position) + 1
    if exc.__class__.__name__ == "ReaderError" and hasattr(exc, "character"):
        message = f"unacceptable character #x{int(exc.character):04x}: YAML cannot hold control characters"
    return SyntaxProblem("YAML-SYNTAX", " ".join(message.split()), line, column)


class _Stop(Exception):
    pass


_MISSING = object()


class _Builder:
    """Turns parser events into data + positions with an explicit stack (no recursion limits)."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.data: Any = None
        self.ok = True
        self.documents = 0
        self.nodes = 0
        self.source_map = SourceMap()
        self.problems: list[SyntaxProblem] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        # frames: [kind, container, pointer, pending_key, key_pos, anchor, start_nodes, bad_key]
        self.stack: list[list[Any]] = []

    def fail(self, message: str, mark: Any, pointer: str = "") -> None:
        self.problems.append(SyntaxProblem("YAML-SYNTAX", message, mark.line + 1, mark.column + 1, pointer))
        self.ok = False
        raise _Stop

    def run(self, events: Iterator[Any]) -> None:
        for event in events:
            name = type(event).__name__
            if name == "ScalarEvent":  # the most frequent event first
                self._check_tag(event)
                self._add(self._scalar(event), event)
            elif name == "DocumentStartEvent":
                self.documents += 1
                if self.documents > 1:
                    self.fail(
                        "the file holds more than one YAML document; a plan is one document", event.start_mark
                    )
            elif name == "AliasEvent":
                anchor = event.anchor
                if anchor not in self.anchors:
                    self.fail(
                        f"alias *{anchor} refers to an anchor that is not defined before it (or to itself)",
                        event.start_mark,
                    )
                value, count = self.anchors[anchor]
                self._count(count, event)
                self._add(value, event)
            elif name in ("MappingStartEvent", "SequenceStartEvent"):
                self._check_tag(event)
                if len(self.stack) >= self.limits.max_depth:
                    self.fail(f"nesting deeper than {self.limits.max_depth} levels", event.start_mark)
                pointer = self._child_pointer()
                container: Any = {} if name == "MappingStartEvent" else []
                self._position(pointer, event)
                self.stack.append(
                    [name[0], container, pointer, _MISSING, None, event.anchor, self.nodes, False]
                )
                self._count(1, event)
            elif name in ("MappingEndEvent", "SequenceEndEvent"):
                frame = self.stack.pop()
                container, anchor, start_nodes = frame[1], frame[5], frame[6]
                if anchor:
                    self.anchors[anchor] = (container, self.nodes - start_nodes)
                self._attach(container, event, frame[2])

    def _count(self, n: int, event: Any) -> None:
        self.nodes += n
        if self.nodes > self.limits.max_nodes:
            self.fail(
                f"the document expands to more than {self.limits.max_nodes:,} nodes (an alias bomb?)",
                event.start_mark,
            )

    def _check_tag(self, event: Any) -> None:
        tag = event.tag
        if tag not in _ALLOWED_TAGS:
            shown = tag.replace(YAML_TAG, "!!") if isinstance(tag, str) else tag
            self.problems.append(
                SyntaxProblem(
                    "YAML-SYNTAX",
                    f"tag {shown} is not allowed: planctl reads plain data and constructs no objects",
                    event.start_mark.line + 1,
                    event.start_mark.column + 1,
                    self._child_pointer(),
                )
            )
            self.ok = False

    def _scalar(self, event: Any) -> Any:
        value: str = event.value
        tag = event.tag
        # The C parser reports the plain style as "", the pure parser as None.
        plain = not event.style and (event.implicit[0] if isinstance(event.implicit, tuple) else True)
        if tag == YAML_TAG + "str" or (not plain and tag in (None, "!")):
            return value
        if tag in (None, "!") or tag == YAML_TAG + "timestamp":
            return resolve_plain(value) if tag is None else value
        if tag == YAML_TAG + "null":
            return None
        if tag == YAML_TAG + "bool":
            return bool(_BOOL_TRUE.match(value))
        if tag in (YAML_TAG + "int", YAML_TAG + "float"):
            resolved = resolve_plain(value)
            return (
                resolved if isinstance(resolved, (int, float)) and not isinstance(resolved, bool) else value
            )
        return value

    def _child_pointer(self) -> str:
        if not self.stack:
            return ""
        frame = self.stack[-1]
        if frame[0] == "S":
            return f"{frame[2]}/{len(frame[1])}"
        key = frame[3]
        if key is _MISSING:  # this node is a (complex) key
            return str(frame[2])
        return f"{frame[2]}/{escape_pointer_token(str(key))}"

    def _position(self, pointer: str, event: Any) -> None:
        mark = event.start_mark
        self.source_map.values.setdefault(pointer, (mark.line + 1, mark.column + 1))

    def _add(self, value: Any, event: Any) -> None:
        """A scalar or alias arrived: as a key, a value, or the document itself."""
        if (
            self.stack
            and self.stack[-1][0] == "M"
            and self.stack[-1][3] is _MISSING
            and not self.stack[-1][7]
        ):
            self._take_key(value, event)
            return
        pointer = self._child_pointer()
        if type(event).__name__ == "ScalarEvent":
            self._count(1, event)
            if event.anchor:
                self.anchors[event.anchor] = (value, 1)
        self._position(pointer, event)
        self._attach(value, event, pointer)

    def _take_key(self, key: Any, event: Any) -> None:
        frame = self.stack[-1]
        mark = event.start_mark
        if not isinstance(key, str):
            shown = (
                "null" if key is None else repr(key) if not isinstance(key, (dict, list)) else "a collection"
            )
            self.problems.append(
                SyntaxProblem(
                    "SCHEMA",
                    f"mapping key {shown} is not a string; quote it",
                    mark.line + 1,
                    mark.column + 1,
                    frame[2],
                )
            )
            frame[7] = True  # skip the value that follows
            frame[3] = None
            return
        container: dict[str, Any] = frame[1]
        pointer = f"{frame[2]}/{escape_pointer_token(key)}"
        if key in container:
            first = self.source_map.keys.get(pointer)
            where = f" (first at line {first[0]})" if first else ""
            self.problems.append(
                SyntaxProblem(
                    "DUPLICATE-KEY",
                    f"key '{key}' repeats in this mapping{where}; the later value is ignored",
                    mark.line + 1,
                    mark.column + 1,
                    pointer,
                )
            )
            frame[7] = True
            frame[3] = key
            return
        self.source_map.keys[pointer] = (mark.line + 1, mark.column + 1)
        frame[3] = key

    def _attach(self, value: Any, event: Any, pointer: str) -> None:
        if not self.stack:
            self.data = value
            return
        frame = self.stack[-1]
        if frame[0] == "S":
            frame[1].append(value)
            return
        if frame[3] is _MISSING:
            if frame[7]:
                return
            # a mapping or sequence used as a key
            mark = event.start_mark
            self.problems.append(
                SyntaxProblem(
                    "SCHEMA",
                    "a mapping key must be a plain string, not a collection",
                    mark.line + 1,
                    mark.column + 1,
                    frame[2],
                )
            )
            frame[7] = True
            frame[3] = None
            return
        if frame[7]:  # value of a skipped (duplicate or non-string) key
            frame[7] = False
        else:
            frame[1][frame[3]] = value
        frame[3] = _MISSING


# First characters that a core-schema null, bool, int or float can start with (empty: null). Most plain
# scalars in a plan are words, and this check spares them nine regular expressions.
_NON_STR_START = frozenset("~nNtTfF0123456789+-.\n")


def resolve_plain(value: str) -> Any:
    """Resolve an untagged plain scalar with the YAML 1.2 core schema; dates stay strings."""
    if value and value[0] not in _NON_STR_START:
        return value
    if _NULL.match(value):
        return None
    if _BOOL_TRUE.match(value):
        return True
    if _BOOL_FALSE.match(value):
        return False
    if _INT10.match(value):
        return int(value)
    if _INT8.match(value):
        return int(value[2:], 8)
    if _INT16.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    if _INF.match(value):
        return float("-inf") if value.startswith("-") else float("inf")
    if _NAN.match(value):
        return float("nan")
    return value


def display_path(path: Path, base: Path | None = None) -> str:
    """A short, stable name for messages: relative to base (default the working folder) where possible."""
    if not path.is_absolute():
        return str(path)
    try:
        rel = os.path.relpath(path, base or Path.cwd())
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel
