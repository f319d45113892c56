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
from dataclasses import field
from pathlib import Path
from typing import Any

from planctl.errors import PlanctlError
from planctl.messages import Msg
from planctl.records import record

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


@record(frozen=True)
class Limits:
    """Bounds that keep hostile files from hanging or exhausting a CI runner. Each is a key of the
    `[limits]` table of planctl.toml (`SETTINGS`, read by planctl.load.config), so a project with larger
    plans can raise it; every message that refuses an input names the key."""

    max_bytes: int = 8 * 1024 * 1024  # bytes of one file, checked before reading
    max_depth: int = 64
    max_nodes: int = 500_000  # nodes after alias expansion
    # characters of every key and scalar after alias expansion: an alias counts as a copy of its anchor
    max_expanded: int = 16 * 1024 * 1024
    max_measures: int = 20_000
    max_list_items: int = 50_000  # items of the text lists (`list:` blocks), nested items included
    max_inline_markers: int = 200_000  # characters that open or close inline markup: * _ [ <
    # bytes of a council document's body (word/document.xml) up to which `build docx` has LibreOffice lay
    # it out to number the contents (planctl.formats.word.pages); larger: contents without page numbers.
    # A table cell of more than 2,000 characters weighs its length squared over 2,000 bytes more.
    max_layout_bytes: int = 2_000_000


# planctl.toml `[limits]` key -> Limits field
SETTINGS = {
    "file-size": "max_bytes",
    "depth": "max_depth",
    "nodes": "max_nodes",
    "expanded-size": "max_expanded",
    "measures": "max_measures",
    "list-items": "max_list_items",
    "inline-markers": "max_inline_markers",
    "layout-size": "max_layout_bytes",
}
_SETTING_OF = {field: key for key, field in SETTINGS.items()}


def limited(what: Msg, field: str) -> Msg:
    """`what` went past the limit held in Limits.field: the message, and how to raise the limit."""
    return Msg("limits.refused", {"what": what, "hint": Msg("limits.hint", {"key": _SETTING_OF[field]})})


DEFAULT_LIMITS = Limits()


@record(frozen=True)
class SyntaxProblem:
    """A problem found while reading: rule is YAML-SYNTAX, DUPLICATE-KEY or SCHEMA (non-string keys)."""

    rule: str
    message: Msg  # rendered in the reader's language by the check stage
    line: int
    column: int
    pointer: str = ""


@record
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


@record(frozen=True)
class Disable:
    """`# planctl: disable=RULE[,RULE] -- reason`: the rules are off on lines first_line..last_line (the
    comment's own line, or the line after a comment that stands alone, and the block that line opens)."""

    rules: frozenset[str]
    first_line: int
    last_line: int
    reason: str


@record
class YamlDocument:
    path: Path
    display: str
    data: Any
    source_map: SourceMap
    problems: list[SyntaxProblem]
    disables: list[Disable] = field(default_factory=list)
    # `plan.language` read off the text of a file that does not parse (its messages are then in it too)
    language_hint: str | None = None

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
NO_SUCH_FILE = Msg("load.no-such-file")
NOT_A_FILE = Msg("load.not-a-file")
NOT_REGULAR = Msg("load.not-regular")


def cannot_read(reason: str) -> Msg:
    return Msg("load.cannot-read", {"reason": reason})


def too_large(size: int, limits: Limits) -> Msg | None:
    """The reason a file of `size` bytes is refused, or None when it is within the limit."""
    if size <= limits.max_bytes:
        return None
    return limited(
        Msg("load.too-large", {"size": f"{size:,}", "limit": f"{limits.max_bytes:,}"}), "max_bytes"
    )


def read_bytes(path: Path, display: str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Read a regular file within the size limit (checked before reading); otherwise PlanctlError."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise PlanctlError(NO_SUCH_FILE, file=display) from None
    except OSError as exc:
        raise PlanctlError(cannot_read(str(exc.strerror or exc)), file=display) from None
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
        raise PlanctlError(cannot_read(str(exc.strerror or exc)), file=display) from None
    if len(raw) > limits.max_bytes:
        raise PlanctlError(
            limited(Msg("load.grew", {"limit": f"{limits.max_bytes:,}"}), "max_bytes"), file=display
        )
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
        Msg("yaml.encoding", {"codec": codec.upper().replace("-SIG", ""), "byte": f"0x{raw[offset]:02x}"}),
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
        builder.problems.append(_yaml_error_problem(exc, text))
        builder.data = None
    if builder.documents == 0 and not builder.problems:
        builder.problems.append(SyntaxProblem("YAML-SYNTAX", Msg("yaml.empty"), 1, 1))
    builder.problems = _missing_dash(builder.problems)
    data = builder.data if builder.ok else None
    hint = _sniff_language(text) if data is None else None
    return YamlDocument(path, display, data, builder.source_map, builder.problems, find_disables(text), hint)


_LANGUAGE_LINE = re.compile(r"^\s+language:\s*[\"']?(nb|nn|en)\b", re.M)


def _sniff_language(text: str) -> str | None:
    match = _LANGUAGE_LINE.search(text)
    return match.group(1) if match else None


_DISABLE = re.compile(r"(?:^|\s)#\s*planctl:\s*disable=([A-Za-z0-9_,\- ]+?)\s*(?:--\s*(.*?))?\s*$")


def find_disables(text: str) -> list[Disable]:
    """The `# planctl: disable=` comments of a file and the lines each covers."""
    if "planctl:" not in text:  # nearly every file: no scan
        return []
    lines = text.splitlines()
    out: list[Disable] = []
    for index, line in enumerate(lines):
        match = _DISABLE.search(line)
        if match is None:
            continue
        rules = frozenset(r.strip().upper() for r in match.group(1).split(",") if r.strip())
        start = index
        if line.lstrip().startswith("#"):  # a comment on its own line: the next line with content
            start = next((i for i in range(index + 1, len(lines)) if _content(lines[i])), index)
        out.append(Disable(rules, index + 1, _block_end(lines, start) + 1, match.group(2) or ""))
    return out


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _block_end(lines: list[str], start: int) -> int:
    """The last line (0-based) of the block that lines[start] opens: the lines after it that are
    indented deeper (blank and comment lines included)."""
    indent = len(lines[start]) - len(lines[start].lstrip(" "))
    end = start
    for i in range(start + 1, len(lines)):
        if not _content(lines[i]):
            continue
        if len(lines[i]) - len(lines[i].lstrip(" ")) <= indent:
            break
        end = i
    return end


def _events(text: str) -> Iterator[Any]:
    """The parser's events of text. With ruamel.yaml.clib's C parser (where it is installed) straight from
    it: `YAML.parse` would make a loader class, a constructor and a resolver per file and hand each event
    through a generator, none of which the events need."""
    try:
        # start-up: `planctl --help` and `rules` never parse; cyaml re-exports the C library's CParser
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:  # no C library: ruamel's pure parser
        from ruamel.yaml import YAML  # start-up: as above

        return iter(YAML(typ="safe", pure=True).parse(text))
    return iter(CParser(text).get_event, None)  # None: past the end of the stream


def _yaml_error_problem(exc: Exception, text: str) -> SyntaxProblem:
    """The parser's complaint in plain words (a message of the catalogue, not the parser's English)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = 1, 1
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
    elif hasattr(exc, "position"):
        line, column = 1, int(exc.position) + 1
    if exc.__class__.__name__ == "ReaderError" and hasattr(exc, "character"):
        return SyntaxProblem(
            "YAML-SYNTAX", Msg("yaml.control", {"code": f"{int(exc.character):04x}"}), line, column
        )
    problem = str(getattr(exc, "problem", None) or getattr(exc, "reason", None) or exc)
    context = str(getattr(exc, "context", None) or "")
    lines = text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    char = source_line[column - 1] if 0 < column <= len(source_line) else ""
    opened = _unclosed_quote(lines, line - 1)
    if opened is not None:  # a quote left open further up runs on until it meets another one
        return SyntaxProblem("YAML-SYNTAX", Msg("yaml.unclosed-quote"), opened[0] + 1, opened[1] + 1)
    if char == "\t" or "tab character" in problem or "'\\t'" in problem:
        return SyntaxProblem("YAML-SYNTAX", Msg("yaml.tab"), line, column)
    if "mapping values are not allowed" in problem:
        return _mapping_values(source_line, line, column)
    if "end of stream" in problem and "quoted scalar" in context:
        start = getattr(exc, "context_mark", None) or mark
        at = (start.line + 1, start.column + 1) if start is not None else (line, column)
        return SyntaxProblem("YAML-SYNTAX", Msg("yaml.unclosed-quote"), *at)
    if "could not find expected ':'" in problem:
        return SyntaxProblem("YAML-SYNTAX", Msg("yaml.expected-colon"), line, column)
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return SyntaxProblem("YAML-SYNTAX", Msg("yaml.indentation"), line, column)
    if "expected '-' indicator" in problem:
        return SyntaxProblem("YAML-SYNTAX", Msg("yaml.expected-dash"), line, column)
    if "flow sequence" in context or "flow mapping" in context:
        start = getattr(exc, "context_mark", None) or mark
        at = (start.line + 1, start.column + 1) if start is not None else (line, column)
        closing = "]" if "sequence" in context else "}"
        return SyntaxProblem("YAML-SYNTAX", Msg("yaml.unclosed-flow", {"closing": closing}), *at)
    if "cannot start any token" in problem and char:
        return SyntaxProblem("YAML-SYNTAX", Msg("yaml.bad-start", {"char": char}), line, column)
    detail = problem if not context or context in problem else f"{problem} ({context})"
    return SyntaxProblem(
        "YAML-SYNTAX", Msg("yaml.parser", {"detail": " ".join(detail.split())}), line, column
    )


_QUOTED_START = re.compile(r'(?:^\s*(?:- )?[^#"\']*?:\s+|^\s*-\s+)"')


def _unclosed_quote(lines: list[str], before: int) -> tuple[int, int] | None:
    """(line, column), 0-based, of a double-quoted value that starts on a line above `before` and is not
    closed on its line: the usual cause of a parse error further down."""
    for index in range(min(before, len(lines))):
        match = _QUOTED_START.match(lines[index])
        if match is None:
            continue
        rest = lines[index][match.end() :]
        escaped = False
        closed = False
        for char in rest:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                closed = True
                break
        if not closed:
            return index, match.end() - 1
    return None


def _mapping_values(source_line: str, line: int, column: int) -> SyntaxProblem:
    """`key: a: b` (a value that holds `: `) gets the quoted value to write; a `key: value` that is
    indented under another value gets the indentation hint."""
    before = source_line[: column - 1]
    key, sep, _ = before.partition(": ")
    if sep and key.strip() and not key.strip().startswith("#"):
        rest = source_line[len(key) + len(sep) :].split(" #", 1)[0].strip()
        quoted = '"' + rest.replace("\\", "\\\\").replace('"', '\\"') + '"'
        example = f"{key.strip()}: {quoted}"
        return SyntaxProblem("YAML-SYNTAX", Msg("yaml.quote-colon", {"example": example}), line, column)
    return SyntaxProblem("YAML-SYNTAX", Msg("yaml.indentation"), line, column)


class _Stop(Exception):
    pass


_MISSING = object()


class _Builder:
    """Turns parser events into data + positions with an explicit stack (no recursion limits).

    `run` takes the common events on a fast path written out in one loop (a scalar key, a scalar value in a
    mapping or a list, a collection opened and closed under a plain key or in a list); everything rarer (an
    alias, a tag, a key that is not a plain string or is repeated, a collection as a key, a number to
    resolve) goes through the methods below, which say what each case means."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.data: Any = None
        self.ok = True
        self.documents = 0
        self.nodes = 0
        self.aliased = 0  # of the nodes, those that aliases copy
        self.chars = 0  # characters of keys and scalars, aliases counted as copies
        self.source_map = SourceMap()
        self.problems: list[SyntaxProblem] = []
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # anchor -> (value, nodes, chars)
        # frames: [kind, container, pointer, pending_key, value_pointer, anchor, start_nodes, bad_key,
        # start_chars]; value_pointer is the pointer of the pending key's value (set with pending_key)
        self.stack: list[list[Any]] = []

    def fail(self, message: Msg, mark: Any, pointer: str = "") -> None:
        self.problems.append(SyntaxProblem("YAML-SYNTAX", message, mark.line + 1, mark.column + 1, pointer))
        self.ok = False
        raise _Stop

    def run(self, events: Iterator[Any]) -> None:
        from ruamel.yaml.events import (  # start-up: ruamel is imported only to parse
            AliasEvent,
            DocumentStartEvent,
            MappingEndEvent,
            MappingStartEvent,
            ScalarEvent,
            SequenceEndEvent,
            SequenceStartEvent,
        )

        stack = self.stack
        values = self.source_map.values
        keys = self.source_map.keys
        max_nodes = self.limits.max_nodes
        max_expanded = self.limits.max_expanded
        non_str_start = _NON_STR_START
        missing = _MISSING
        for event in events:
            cls = type(event)
            if cls is ScalarEvent:  # the most frequent event first
                tag = event.tag
                if tag is not None and tag not in _ALLOWED_TAGS:
                    self._check_tag(event)
                text = event.value
                self.chars += len(text)
                if self.chars > max_expanded:
                    self._grow(0, event)
                if tag is None and (event.style or (text and text[0] not in non_str_start)):
                    value: Any = text  # quoted, a block scalar, or a plain word: a string (_resolve)
                else:
                    value = self._scalar(event)
                frame = stack[-1] if stack else None
                if frame is None or frame[7]:
                    self._add(value, event)
                    continue
                mark = event.start_mark
                if frame[0] == "S":
                    container = frame[1]
                    pointer = f"{frame[2]}/{len(container)}"
                    container.append(value)
                else:
                    key = frame[3]
                    if key is missing:  # a key
                        if type(value) is not str:
                            self._take_key(value, event)
                            continue
                        pointer = f"{frame[2]}/{escape_pointer_token(value)}"
                        if value in frame[1]:
                            self._take_key(value, event)
                            continue
                        keys[pointer] = (mark.line + 1, mark.column + 1)
                        frame[3] = value
                        frame[4] = pointer
                        continue
                    pointer = frame[4]
                    frame[1][key] = value
                    frame[3] = missing
                self.nodes += 1
                if self.nodes > max_nodes:
                    self._count(0, event)
                if event.anchor:
                    self.anchors[event.anchor] = (value, 1, len(text))
                if pointer not in values:
                    values[pointer] = (mark.line + 1, mark.column + 1)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                if event.tag is not None:
                    self._check_tag(event)
                if len(stack) >= self.limits.max_depth:
                    self.fail(
                        limited(Msg("yaml.depth", {"limit": self.limits.max_depth}), "max_depth"),
                        event.start_mark,
                    )
                pointer = self._child_pointer()
                if pointer not in values:
                    mark = event.start_mark
                    values[pointer] = (mark.line + 1, mark.column + 1)
                kind, container = ("M", {}) if cls is MappingStartEvent else ("S", [])
                stack.append(
                    [kind, container, pointer, missing, None, event.anchor, self.nodes, False, self.chars]
                )
                self.nodes += 1
                if self.nodes > max_nodes:
                    self._count(0, event)
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                frame = stack.pop()
                container, anchor = frame[1], frame[5]
                if anchor:
                    self.anchors[anchor] = (container, self.nodes - frame[6], self.chars - frame[8])
                if stack:
                    parent = stack[-1]
                    if parent[0] == "S":
                        parent[1].append(container)
                        continue
                    if parent[3] is not missing and not parent[7]:
                        parent[1][parent[3]] = container
                        parent[3] = missing
                        continue
                self._attach(container, event, frame[2])
            elif cls is DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    self.fail(Msg("yaml.documents"), event.start_mark)
            elif cls is AliasEvent:
                anchor = event.anchor
                if anchor not in self.anchors:
                    self.fail(Msg("yaml.alias", {"anchor": anchor}), event.start_mark)
                value, count, chars = self.anchors[anchor]
                self.aliased += count
                self._count(count, event)
                self._grow(chars, event)
                self._add(value, event)

    def _count(self, n: int, event: Any) -> None:
        self.nodes += n
        if self.nodes > self.limits.max_nodes:
            # an ordinary large file is no alias bomb: the hint only when aliases made part of the nodes
            key = "yaml.nodes.aliases" if self.aliased else "yaml.nodes"
            what = Msg(key, {"limit": f"{self.limits.max_nodes:,}", "aliased": f"{self.aliased:,}"})
            self.fail(limited(what, "max_nodes"), event.start_mark)

    def _grow(self, n: int, event: Any) -> None:
        self.chars += n
        if self.chars > self.limits.max_expanded:
            self.fail(
                limited(Msg("limits.expanded", {"limit": f"{self.limits.max_expanded:,}"}), "max_expanded"),
                event.start_mark,
            )

    def _check_tag(self, event: Any) -> None:
        tag = event.tag
        if tag not in _ALLOWED_TAGS:
            shown = tag.replace(YAML_TAG, "!!") if isinstance(tag, str) else tag
            self.problems.append(
                SyntaxProblem(
                    "YAML-SYNTAX",
                    Msg("yaml.tag", {"tag": shown}),
                    event.start_mark.line + 1,
                    event.start_mark.column + 1,
                    self._child_pointer(),
                )
            )
            self.ok = False

    def _scalar(self, event: Any) -> Any:
        try:
            return self._resolve(event)
        except NumberTooLong:
            mark = event.start_mark
            self.problems.append(
                SyntaxProblem(
                    "YAML-SYNTAX",
                    Msg("yaml.number-too-long", {"limit": f"{MAX_INT_DIGITS:,}"}),
                    mark.line + 1,
                    mark.column + 1,
                    self._child_pointer(),
                )
            )
            self.ok = False
            return event.value[:40]

    def _resolve(self, event: Any) -> Any:
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
        if frame[3] is _MISSING:  # this node is a (complex) key
            return str(frame[2])
        return str(frame[4])

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
                self.anchors[event.anchor] = (value, 1, len(event.value))
        self._position(pointer, event)
        self._attach(value, event, pointer)

    def _take_key(self, key: Any, event: Any) -> None:
        frame = self.stack[-1]
        mark = event.start_mark
        if not isinstance(key, str):
            shown = "null" if key is None else key if isinstance(key, bool) else repr(key)
            text = "true" if key is True else "false" if key is False else str(shown)
            self.problems.append(
                SyntaxProblem(
                    "SCHEMA",
                    Msg("yaml.key-not-string", {"key": text, "quoted": f'"{text}"'}),
                    mark.line + 1,
                    mark.column + 1,
                    frame[2],
                )
            )
            frame[7] = True  # skip the value that follows
            frame[3], frame[4] = None, f"{frame[2]}/None"
            return
        container: dict[str, Any] = frame[1]
        pointer = f"{frame[2]}/{escape_pointer_token(key)}"
        if key in container:
            first = self.source_map.keys.get(pointer)
            self.problems.append(
                SyntaxProblem(
                    "DUPLICATE-KEY",
                    Msg("yaml.duplicate-key", {"key": key, "first": first[0] if first else "?"}),
                    mark.line + 1,
                    mark.column + 1,
                    pointer,
                )
            )
            frame[7] = True
            frame[3], frame[4] = key, pointer
            return
        self.source_map.keys[pointer] = (mark.line + 1, mark.column + 1)
        frame[3], frame[4] = key, pointer

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
                    Msg("yaml.key-collection"),
                    mark.line + 1,
                    mark.column + 1,
                    frame[2],
                )
            )
            frame[7] = True
            frame[3], frame[4] = None, f"{frame[2]}/None"
            return
        if frame[7]:  # value of a skipped (duplicate or non-string) key
            frame[7] = False
        else:
            frame[1][frame[3]] = value
        frame[3] = _MISSING


def _missing_dash(problems: list[SyntaxProblem]) -> list[SyntaxProblem]:
    """A forgotten `- ` before a list item merges it into the item above: every key it repeats is a
    DUPLICATE-KEY. Two or more repeats in one list item (or a repeated `id`) become one problem where the
    new item should start, which says so."""
    repeats: dict[str, list[SyntaxProblem]] = {}
    for p in problems:
        if p.rule == "DUPLICATE-KEY":
            repeats.setdefault(p.pointer.rsplit("/", 1)[0], []).append(p)
    merged: dict[int, SyntaxProblem] = {}
    for parent, group in repeats.items():
        in_list = parent.rsplit("/", 1)[-1].isdigit()
        if not in_list or (len(group) < 2 and group[0].pointer.rsplit("/", 1)[-1] != "id"):
            continue
        first = min(group, key=lambda p: (p.line, p.column))
        params = dict(first.message.params)
        merged[id(first)] = SyntaxProblem(
            "DUPLICATE-KEY",
            Msg("yaml.missing-dash", {**params, "count": len(group)}),
            first.line,
            first.column,
            first.pointer,
        )
        merged.update({id(p): merged[id(first)] for p in group if p is not first})
    if not merged:
        return problems
    out: list[SyntaxProblem] = []
    for p in problems:
        replacement = merged.get(id(p), p)
        if replacement not in out:
            out.append(replacement)
    return out


class NumberTooLong(ValueError):
    """An integer longer than Python converts to and from text (its int_max_str_digits default)."""


MAX_INT_DIGITS = 4300
_INT_CEILING = 10**MAX_INT_DIGITS


def _integer(digits: str, base: int) -> int:
    """digits in base as an int; NumberTooLong past MAX_INT_DIGITS decimal digits, checked before the
    conversion where the length alone tells (an 8 MB run of digits is never converted)."""
    if len(digits.lstrip("+-")) > MAX_INT_DIGITS:
        raise NumberTooLong(digits[:20])
    number = int(digits, base)
    if abs(number) >= _INT_CEILING:
        raise NumberTooLong(digits[:20])
    return number


# First characters that a core-schema null, bool, int or float can start with (empty: null). Most plain
# scalars in a plan are words, and this check spares them nine regular expressions.
_NON_STR_START = frozenset("~nNtTfF0123456789+-.\n")


def resolve_plain(value: str) -> Any:
    """Resolve an untagged plain scalar with the YAML 1.2 core schema; dates stay strings. An integer
    of more than MAX_INT_DIGITS digits raises NumberTooLong."""
    if value and value[0] not in _NON_STR_START:
        return value
    if _NULL.match(value):
        return None
    if _BOOL_TRUE.match(value):
        return True
    if _BOOL_FALSE.match(value):
        return False
    if _INT10.match(value):
        return _integer(value, 10)
    if _INT8.match(value):
        return _integer(value[2:], 8)
    if _INT16.match(value):
        return _integer(value[2:], 16)
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
