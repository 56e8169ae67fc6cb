"""JSON Schemas of the formats, and the fast validator compiled from them.

The schemas are generated from the pydantic models (:mod:`dossier_check.models`), so the models are the
one source of truth. Checking a dossier with the python ``jsonschema`` package costs ~150× parsing it,
so the engine instead *compiles* the generated schema once into
nested closures that do plain ``type()`` checks and report every problem with its JSON Pointer. The
compiler supports exactly the keywords the generated schemas use and refuses any other, so it cannot
silently drift from the schema; ``tests/test_schema.py`` checks it against ``jsonschema`` on many
generated documents.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Collection, Mapping
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

import orjson

from .timeutil import (
    DATETIME_PATTERN,
    WHEN_PATTERN,
    Precision,
    When,
    is_real_when,
    parse_when,
    parse_when_str,
)

__all__ = [
    "DOSSIER_SCHEMA_ID",
    "PROCEDURE_SCHEMA_ID",
    "Problem",
    "compile_schema",
    "dossier_schema",
    "generated_dossier_schema",
    "pointer_escape",
    "procedure_dossier_schema",
    "procedure_schema",
    "validate_dossier",
]

DOSSIER_SCHEMA_ID = "https://dossier-check.readthedocs.io/schemas/dossier.schema.json"
PROCEDURE_SCHEMA_ID = "https://dossier-check.readthedocs.io/schemas/procedure.schema.json"
_DIALECT = "https://json-schema.org/draft/2020-12/schema"
BLANK_PATTERN = "\\S"  # "has a non-space character": its failure is reported as a blank required field
# ECMA-262 white space and line terminators: what "\s" means in a JSON Schema pattern (Python's str.strip()
# would also strip U+001C..U+001F, which JSON Schema and pydantic treat as text).
ECMA_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


class Problem(NamedTuple):
    """One format problem: where (JSON Pointer), what (a stable code) and details for the message."""

    path: str
    problem: str  # required | type | enum | pattern | min_length | minimum | min_items | code_or_name
    expected: str


def pointer_escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def parser_string(key: str) -> str:
    """``key`` as the very string object orjson gives for that key in every document it parses.

    orjson keeps one string per short key for all the documents it reads (its key cache), so generated
    code that looks a member up with that same object finds it by identity, where a literal of the same
    text is compared character by character in every dossier. Equal strings find the same member either
    way: a key the parser makes anew (evicted from its cache, too long for it, or read by another parser)
    is only found more slowly.
    """
    try:
        parsed: dict[str, Any] = orjson.loads(orjson.dumps({key: None}))
    except orjson.JSONEncodeError:  # a key orjson cannot write (a lone surrogate) is never read by it either
        return key
    (own,) = parsed
    return own


def _finish(schema: dict[str, Any], schema_id: str, title: str, description: str) -> dict[str, Any]:
    out: dict[str, Any] = {"$schema": _DIALECT, "$id": schema_id, "title": title, "description": description}
    out.update({k: v for k, v in schema.items() if k not in ("title", "description")})
    return out


_SHIPPED = "schemas/dossier.schema.json"


@cache
def _dossier_schema() -> dict[str, Any]:
    # The file the package ships, which a test holds equal to generated_dossier_schema(): reading it spares
    # every run building the dossier models and generating their schema (about 100 million instructions).
    shipped: dict[str, Any] = orjson.loads(resources.files("dossier_check").joinpath(_SHIPPED).read_bytes())
    return shipped


def generated_dossier_schema() -> dict[str, Any]:
    """The dossier schema generated from the models: what the package's ``schemas/dossier.schema.json`` holds."""
    from .models import Dossier

    return _finish(
        Dossier.model_json_schema(mode="validation"),
        DOSSIER_SCHEMA_ID,
        "dossier-check dossier record",
        "One dossier (hồ sơ thủ tục hành chính) as received and processed at a one-stop desk.",
    )


@cache
def _procedure_schema() -> dict[str, Any]:
    from .models import Procedure

    return _finish(
        Procedure.model_json_schema(mode="validation"),
        PROCEDURE_SCHEMA_ID,
        "dossier-check procedure definition",
        "One version of one administrative procedure (thủ tục hành chính) as published.",
    )


def dossier_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a dossier record; a fresh copy the caller may change."""
    return copy.deepcopy(_dossier_schema())


def procedure_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a procedure definition file; a fresh copy."""
    return copy.deepcopy(_procedure_schema())


# --- the compiler --------------------------------------------------------------------------------

Check = Callable[[Any, str, list[Problem]], None]
Watch = Callable[[tuple[str, ...]], "tuple[Collection[str], Any] | None"]

_ANNOTATIONS = frozenset({"title", "description", "default", "discriminator", "examples", "$schema", "$id"})
_SUPPORTED = _ANNOTATIONS | {
    "type",
    "enum",
    "const",
    "pattern",
    "minLength",
    "minimum",
    "minItems",
    "properties",
    "required",
    "additionalProperties",
    "propertyNames",
    "items",
    "anyOf",
    "oneOf",
    "$ref",
    "$defs",
}


def _is_type(value: Any, name: str) -> bool:
    t = type(value)
    if name == "string":
        return t is str
    if name == "object":
        return t is dict
    if name == "array":
        return t is list
    if name == "integer":
        return t is int or (t is float and value.is_integer())
    if name == "number":
        return t is int or t is float
    if name == "boolean":
        return t is bool
    if name == "null":
        return value is None
    raise ValueError(f"unsupported JSON type {name!r}")


class _Compiler:
    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def ref(self, ref: str) -> Check:
        if ref not in self.refs:
            if not ref.startswith("#/$defs/"):
                raise ValueError(f"unsupported $ref {ref!r}")
            holder: list[Check] = []
            self.refs[ref] = lambda v, p, e: holder[0](v, p, e)
            holder.append(self.compile(self.root["$defs"][ref[len("#/$defs/") :]]))
        return self.refs[ref]

    def compile(self, schema: Mapping[str, Any]) -> Check:
        unknown = set(schema) - _SUPPORTED
        if unknown:
            raise ValueError(f"schema keywords not supported by the compiler: {sorted(unknown)}")
        if "$ref" in schema:
            return self.ref(schema["$ref"])
        checks: list[Check] = []
        is_object = schema.get("type") == "object"
        if ("anyOf" in schema or "oneOf" in schema) and not is_object:
            checks.append(self.alternatives(schema.get("anyOf") or schema["oneOf"], schema))
        if "type" in schema:
            checks.append(self.typed(schema))
        elif "properties" in schema or "required" in schema:
            # Without "type", object keywords apply to objects only (JSON Schema semantics).
            obj = self.object(schema)

            def if_object(v: Any, p: str, e: list[Problem]) -> None:
                if type(v) is dict:
                    obj(v, p, e)

            checks.append(if_object)
        if len(checks) == 1:
            return checks[0]

        def all_of(v: Any, p: str, e: list[Problem]) -> None:
            n = len(e)
            for c in checks:
                c(v, p, e)
                if len(e) > n:  # a type error makes the rest meaningless
                    return

        return all_of

    def alternatives(self, branches: list[Mapping[str, Any]], parent: Mapping[str, Any]) -> Check:
        compiled = [self.compile(b) for b in branches]
        non_null = [(b, c) for b, c in zip(branches, compiled, strict=True) if b.get("type") != "null"]
        has_null = len(non_null) < len(branches)
        discriminator = parent.get("discriminator", {}).get("propertyName")
        if has_null and len(non_null) == 1:
            only = non_null[0][1]

            def nullable(v: Any, p: str, e: list[Problem]) -> None:
                if v is not None:
                    only(v, p, e)

            return nullable
        if discriminator:
            by_tag: dict[str, Check] = {}
            for b in branches:
                target = self.root["$defs"][b["$ref"][len("#/$defs/") :]] if "$ref" in b else b
                tag = target["properties"][discriminator]
                for value in tag.get("enum", [tag.get("const")]):
                    by_tag[value] = self.compile(b)
            tags = " | ".join(sorted(by_tag))

            def tagged(v: Any, p: str, e: list[Problem]) -> None:
                if type(v) is not dict:
                    e.append(Problem(p, "type", "object"))
                elif discriminator not in v:
                    e.append(Problem(f"{p}/{discriminator}", "required", discriminator))
                elif not isinstance(v[discriminator], str) or v[discriminator] not in by_tag:
                    e.append(Problem(f"{p}/{discriminator}", "enum", tags))
                else:
                    by_tag[v[discriminator]](v, p, e)

            return tagged
        if all("properties" in b and "type" not in b for b in branches):
            # A "one of these members must be present" constraint on an object (code or name).
            def any_member(v: Any, p: str, e: list[Problem]) -> None:
                for c in compiled:
                    trial: list[Problem] = []
                    c(v, p, trial)
                    if not trial:
                        return
                e.append(Problem(p, "code_or_name", "code | name"))

            return any_member
        described = " | ".join(_describe(b) for b in branches)

        def any_of(v: Any, p: str, e: list[Problem]) -> None:
            for c in compiled:
                trial: list[Problem] = []
                c(v, p, trial)
                if not trial:
                    return
            e.append(Problem(p, "type", described))

        return any_of

    def typed(self, schema: Mapping[str, Any]) -> Check:
        kind = schema["type"]
        if not isinstance(kind, str):
            raise ValueError("only single JSON types are supported")
        if kind == "object":
            return self.object(schema)
        if kind == "array":
            return self.array(schema)
        rest: list[Check] = []
        if "enum" in schema or "const" in schema:
            allowed = tuple(schema["enum"]) if "enum" in schema else (schema["const"],)
            shown = " | ".join(map(str, allowed))

            def enum(v: Any, p: str, e: list[Problem]) -> None:
                if v not in allowed or (type(v) is bool and kind != "boolean"):
                    e.append(Problem(p, "enum", shown))

            rest.append(enum)
        if "pattern" in schema:
            pattern = schema["pattern"]
            rx = re.compile(pattern)
            dated = pattern.startswith("^[0-9]{4}-[0-9]{2}-[0-9]{2}")

            def matches(v: Any, p: str, e: list[Problem]) -> None:
                # Dates must also be real (no 30 February): a documented addition to the pattern.
                if pattern == BLANK_PATTERN:
                    if not v.strip(ECMA_SPACE):
                        e.append(Problem(p, "blank", "text"))
                elif rx.search(v) is None or (dated and not is_real_when(v)):
                    e.append(Problem(p, "pattern", pattern))

            rest.append(matches)
        if "minLength" in schema:
            n = schema["minLength"]

            def min_length(v: Any, p: str, e: list[Problem]) -> None:
                if len(v) < n:
                    e.append(Problem(p, "min_length", str(n)))

            rest.append(min_length)
        if "minimum" in schema:
            lo = schema["minimum"]

            def minimum(v: Any, p: str, e: list[Problem]) -> None:
                if v < lo:
                    e.append(Problem(p, "minimum", str(lo)))

            rest.append(minimum)

        def scalar(v: Any, p: str, e: list[Problem]) -> None:
            if not _is_type(v, kind):
                e.append(Problem(p, "type", kind))
                return
            for c in rest:
                c(v, p, e)

        return scalar

    def object(self, schema: Mapping[str, Any]) -> Check:
        props = {k: self.compile(s) for k, s in schema.get("properties", {}).items()}
        escaped = {k: "/" + pointer_escape(k) for k in props}
        required = tuple(schema.get("required", ()))
        extra = schema.get("additionalProperties", True)
        extra_check = self.compile(extra) if isinstance(extra, Mapping) else None
        names = self.compile(schema["propertyNames"]) if "propertyNames" in schema else None
        members = self.alternatives(schema["anyOf"], schema) if "anyOf" in schema else None
        if extra is False:
            raise ValueError("additionalProperties: false is not used by these formats")

        def obj(v: Any, p: str, e: list[Problem]) -> None:
            if type(v) is not dict:
                e.append(Problem(p, "type", "object"))
                return
            for k in required:
                if k not in v:
                    e.append(Problem(f"{p}/{pointer_escape(k)}", "required", k))
            for k, c in props.items():
                if k in v:
                    c(v[k], p + escaped[k], e)
            if extra_check is not None or names is not None:
                for k, item in v.items():
                    if k in props:
                        continue
                    sub = f"{p}/{pointer_escape(k)}"
                    if names is not None:
                        before = len(e)
                        names(k, sub, e)
                        if len(e) > before:
                            continue
                    if extra_check is not None:
                        extra_check(item, sub, e)
            if members is not None:
                members(v, p, e)

        return obj

    def array(self, schema: Mapping[str, Any]) -> Check:
        item = self.compile(schema["items"]) if "items" in schema else None
        min_items = schema.get("minItems", 0)

        def arr(v: Any, p: str, e: list[Problem]) -> None:
            if type(v) is not list:
                e.append(Problem(p, "type", "array"))
                return
            if len(v) < min_items:
                e.append(Problem(p, "min_items", str(min_items)))
            if item is not None:
                for i, x in enumerate(v):
                    item(x, f"{p}/{i}", e)

        return arr


def _describe(schema: Mapping[str, Any]) -> str:
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    return str(schema.get("type", "value"))


def compile_schema(schema: Mapping[str, Any]) -> Callable[[Any], list[Problem]]:
    """Compile a JSON Schema (the subset the generated schemas use) into a function returning problems."""
    check = _Compiler(schema).compile({k: v for k, v in schema.items() if k != "$defs"})

    def validate(instance: Any) -> list[Problem]:
        errors: list[Problem] = []
        check(instance, "", errors)
        return errors

    return validate


class _CodeGen:
    """Generate one flat Python function for a schema (the hot path: every dossier of an audit).

    Nested closures cost a call per value; generated code inlines the type checks of a whole record into
    one function (the approach of fastjsonschema). Constructs it does not inline (alternatives other than
    "X or null") are delegated to the closure compiler above, so both paths share one semantics, and
    ``tests/test_schema.py`` runs both against ``jsonschema``.
    """

    def __init__(self, root: Mapping[str, Any], watch: Watch | None = None) -> None:
        self.root = root
        self.watch = watch
        self.closures = _Compiler(root)
        self.ns: dict[str, Any] = {
            "Problem": Problem,
            "parse_when": parse_when,
            "parse_when_str": parse_when_str,  # parse_when without its type test: the generated code made it
            "_NOT_PRECISE": _NOT_PRECISE,
            "_DATE": Precision.DATE,
            "pointer_escape": pointer_escape,
            "_ECMA_SPACE": ECMA_SPACE,
        }
        self.lines: list[str] = []
        self.counter = 0
        self.keys: dict[str, str] = {}

    def key(self, key: str) -> str:
        """The name of a global holding ``key`` as the parser's own string (see :func:`parser_string`)."""
        if key not in self.keys:
            self.keys[key] = self.const(parser_string(key))
        return self.keys[key]

    def name(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def const(self, value: Any) -> str:
        key = self.name("c")
        self.ns[key] = value
        return key

    @staticmethod
    def path(segments: list[str]) -> str:
        # segments are literal pointer pieces ("/components") or index variables ("{i3}")
        return (
            "f" + repr("".join(segments))
            if any(s.startswith("/{") for s in segments)
            else repr("".join(segments))
        )

    def err(self, ind: str, segments: list[str], problem: str, expected: str) -> None:
        self.lines.append(
            f"{ind}e.append(Problem({self.path(segments)}, {problem!r}, {self.const(expected)}))"
        )

    def has_match(self, pattern: str, text: str) -> str:
        """Generated code that is truthy when ``pattern`` matches somewhere in the string ``text``.

        "A character that is not white space" is ``strip()`` leaving something: the two read white space
        alike (``str.isspace``), and a method call costs a tenth of a search (``tests/test_schema.py``).
        """
        if pattern == BLANK_PATTERN:
            return f"{text}.strip()"
        return f"{self.const(re.compile(pattern))}.search({text})"

    def resolve(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        while "$ref" in schema:
            schema = self.root["$defs"][schema["$ref"][len("#/$defs/") :]]
        return schema

    def gen(self, schema: Mapping[str, Any], var: str, segments: list[str], ind: str, depth: int = 0) -> None:
        schema = self.resolve(schema)
        unknown = set(schema) - _SUPPORTED
        if unknown:
            raise ValueError(f"schema keywords not supported by the compiler: {sorted(unknown)}")
        if depth > 20:
            raise ValueError("schema nests too deeply to inline")
        alts = schema.get("anyOf") or schema.get("oneOf")
        if alts is not None and schema.get("type") != "object":
            non_null = [b for b in alts if b.get("type") != "null"]
            if len(non_null) == 1 and len(alts) == 2:
                self.lines.append(f"{ind}if {var} is not None:")
                self.gen(non_null[0], var, segments, ind + "    ", depth + 1)
                return
            if (
                "anyOf" in schema
                and "discriminator" not in schema
                and all(set(b) == {"type"} and b["type"] in _IS_TYPE for b in alts)
            ):
                # Alternatives of plain types (an entry number: integer, text or null), as one test.
                tests = " or ".join(_IS_TYPE[b["type"]].format(x=var) for b in alts)
                self.lines.append(f"{ind}if not ({tests}):")
                self.err(ind + "    ", segments, "type", " | ".join(_describe(b) for b in alts))
                return
            self.delegate(schema, var, segments, ind)
            return
        kind = schema.get("type")
        if kind == "object":
            self.obj(schema, var, segments, ind, depth)
        elif kind == "array":
            self.lines.append(f"{ind}if type({var}) is not list:")
            self.err(ind + "    ", segments, "type", "array")
            self.lines.append(f"{ind}else:")
            inner = ind + "    "
            if schema.get("minItems"):
                self.lines.append(f"{inner}if len({var}) < {int(schema['minItems'])}:")
                self.err(inner + "    ", segments, "min_items", str(schema["minItems"]))
            if "items" in schema:
                i, x = self.name("i"), self.name("x")
                self.lines.append(f"{inner}for {i}, {x} in enumerate({var}):")
                self.gen(schema["items"], x, [*segments, f"/{{{i}}}"], inner + "    ", depth + 1)
            self.lines.append(f"{inner}pass")
        elif kind in ("string", "integer", "number", "boolean", "null"):
            self.scalar(schema, kind, var, segments, ind)
        else:
            self.delegate(schema, var, segments, ind)

    def delegate(self, schema: Mapping[str, Any], var: str, segments: list[str], ind: str) -> None:
        fn = self.const(self.closures.compile(schema))
        self.lines.append(f"{ind}{fn}({var}, {self.path(segments)}, e)")

    def scalar(self, schema: Mapping[str, Any], kind: str, var: str, segments: list[str], ind: str) -> None:
        test = {
            "string": f"type({var}) is not str",
            "integer": f"not (type({var}) is int or (type({var}) is float and {var}.is_integer()))",
            "number": f"type({var}) is not int and type({var}) is not float",
            "boolean": f"type({var}) is not bool",
            "null": f"{var} is not None",
        }[kind]
        self.lines.append(f"{ind}if {test}:")
        self.err(ind + "    ", segments, "type", kind)
        for cond, problem, expected in self.scalar_checks(schema, var):
            self.lines.append(f"{ind}elif {cond}:")
            self.err(ind + "    ", segments, problem, expected)

    def scalar_checks(self, schema: Mapping[str, Any], var: str) -> list[tuple[str, str, str]]:
        """What a scalar of the right type is tested for, in order: (failing condition, problem, expected)."""
        checks: list[tuple[str, str, str]] = []
        if "enum" in schema or "const" in schema:
            allowed = frozenset(schema["enum"] if "enum" in schema else [schema["const"]])
            shown = " | ".join(map(str, schema["enum"] if "enum" in schema else [schema["const"]]))
            checks.append((f"{var} not in {self.const(allowed)}", "enum", shown))
        if "pattern" in schema:
            pattern = schema["pattern"]
            if pattern == WHEN_PATTERN:
                # parse_when implements exactly this grammar (and also rejects impossible dates).
                checks.append((f"parse_when_str({var}) is None", "pattern", pattern))
            elif pattern == DATETIME_PATTERN:
                checks.append(
                    (f"(parse_when_str({var}) or _NOT_PRECISE).precision is _DATE", "pattern", pattern)
                )
            elif pattern.startswith("^[0-9]{4}-[0-9]{2}-[0-9]{2}"):
                rx = self.const(re.compile(pattern))
                checks.append(
                    (f"({rx}.search({var}) is None or parse_when({var}) is None)", "pattern", pattern)
                )
            elif pattern == BLANK_PATTERN:
                checks.append((f"not {var}.strip(_ECMA_SPACE)", "blank", "text"))
            else:
                checks.append(
                    (f"{self.const(re.compile(pattern))}.search({var}) is None", "pattern", pattern)
                )
        if "minLength" in schema:
            checks.append(
                (f"len({var}) < {int(schema['minLength'])}", "min_length", str(schema["minLength"]))
            )
        if "minimum" in schema:
            checks.append((f"{var} < {self.const(schema['minimum'])}", "minimum", str(schema["minimum"])))
        return checks

    def text_member(
        self, schema: Mapping[str, Any], y: str, missing: str, segments: list[str], at: str
    ) -> None:
        """Check a member read into ``y`` that must be a string (``schema``), ``missing`` when absent or
        null (``None`` or ``_ABSENT``): the type test first, for most members hold text, then the rest."""
        checks = self.scalar_checks(schema, y)
        if not checks:
            self.lines.append(f"{at}if type({y}) is not str and {y} is not {missing}:")
            self.err(at + "    ", segments, "type", "string")
            return
        self.lines.append(f"{at}if type({y}) is str:")
        for n, (cond, problem, expected) in enumerate(checks):
            self.lines.append(f"{at}    {'el' if n else ''}if {cond}:")
            self.err(at + "        ", segments, problem, expected)
        self.lines.append(f"{at}elif {y} is not {missing}:")
        self.err(at + "    ", segments, "type", "string")

    def read_members(
        self, var: str, reads: list[tuple[str, str, str]], segments: list[str], ind: str
    ) -> list[str]:
        """Lines that read each member of the object ``var`` into its variable (``None`` or ``_ABSENT`` when
        absent, as ``.get()`` gives it).

        An object inside the record usually holds every member (exports write their parts whole, nulls
        included), so one with at least as many keys as members is read by subscripts, which cost less than
        a ``.get()`` call each; one that lacks a member in spite of its size is read again from the start,
        and a smaller one read, by one ``map`` of ``.get()`` (check −3,200 instructions a dossier in all,
        start-up +5 million; a ``.get()`` a member written out twice saved −4,700 but made the source the
        validator is compiled from half as long again: +13 million instructions at start-up). The record
        itself is read by ``.get()``: it often has extra keys and lacks an optional member, and a
        ``KeyError`` costs more than the subscripts save.
        """
        if not (reads and segments):  # the record itself
            return [f"{ind}{y} = {var}.get({key}{'' if d == 'None' else ', ' + d})" for y, key, d in reads]
        targets = ", ".join(y for y, _, _ in reads) + ("," if len(reads) == 1 else "")
        keys = self.const(tuple(self.ns[key] for _, key, _ in reads))
        absent = self.const(tuple(None if d == "None" else _ABSENT for _, _, d in reads))
        gets = f"{targets} = map({var}.get, {keys}, {absent})"
        return [
            f"{ind}if len({var}) >= {len(reads)}:",
            f"{ind}    try:",
            *[f"{ind}        {y} = {var}[{key}]" for y, key, _ in reads],
            f"{ind}    except KeyError:",
            f"{ind}        {gets}",
            f"{ind}else:",
            f"{ind}    {gets}",
        ]

    def obj(self, schema: Mapping[str, Any], var: str, segments: list[str], ind: str, depth: int) -> None:
        extra = schema.get("additionalProperties", True)
        if "propertyNames" in schema or not (
            extra is True or (isinstance(extra, Mapping) and not schema.get("properties"))
        ):
            self.delegate(schema, var, segments, ind)
            return
        self.lines.append(f"{ind}if type({var}) is not dict:")
        self.err(ind + "    ", segments, "type", "object")
        self.lines.append(f"{ind}else:")
        inner = ind + "    "
        watched = self.watch(_members(segments)) if self.watch is not None else None
        if watched is not None:
            keys, tag = watched
            self.lines.append(f"{inner}if not {self.const(keys)}.issuperset({var}):")
            self.lines.append(f"{inner}    holders.append(({var}, {self.const(tag)}, {self.path(segments)}))")
        for key in schema.get("required", ()):
            self.lines.append(f"{inner}if {self.key(key)} not in {var}:")
            self.err(inner + "    ", [*segments, "/" + pointer_escape(key)], "required", key)
        properties = schema.get("properties", {})
        read: dict[str, str] = {}  # member -> the variable holding var.get(member), None or _ABSENT if absent
        # each member's (variable, key, what .get() gives when it is absent)
        reads: list[tuple[str, str, str]] = []
        start = len(self.lines)  # the members are all read here, before any is checked (read_members)
        # No shared "are these all text or null" test in front of the members: building the map objects and
        # the set it needs cost more instructions than the plain per-member tests it was meant to skip.
        for key, sub in properties.items():
            at = inner
            y = self.name("y")
            seg = "/" + pointer_escape(key).replace("{", "{{").replace("}", "}}")
            target = self.resolve(sub)
            alts = target.get("anyOf") or []
            non_null = [b for b in alts if b.get("type") != "null"]
            if len(alts) == 2 and len(non_null) == 1 and set(target) <= _ANNOTATIONS | {"anyOf"}:
                # "X or null": an absent member and a null one are both fine, so one .get() decides
                reads.append((y, self.key(key), "None"))
                read[key] = y
                if _is_text(self.resolve(non_null[0])):
                    self.text_member(self.resolve(non_null[0]), y, "None", [*segments, seg], at)
                    continue
                self.lines.append(f"{at}if {y} is not None:")
                self.gen(non_null[0], y, [*segments, seg], at + "    ", depth + 1)
                continue
            reads.append((y, self.key(key), "_ABSENT"))
            read[key] = y
            if _is_text(target):
                self.text_member(target, y, "_ABSENT", [*segments, seg], at)
                continue
            self.lines.append(f"{at}if {y} is not _ABSENT:")
            self.gen(sub, y, [*segments, seg], at + "    ", depth + 1)
        self.lines[start:start] = self.read_members(var, reads, segments, inner)
        if "anyOf" in schema:
            members = _present_members(schema["anyOf"])
            if members is not None:
                # "one of these members is a string matching its pattern" (code or name), inlined; a member
                # the properties above have read is tested in the variable holding it (not a string when
                # absent, as .get() reads it), not looked up again
                tests = [
                    f"(type({read[k]}) is str and {self.has_match(rx, read[k])})"
                    if k in read
                    else f"(type({var}.get({k!r})) is str and {self.has_match(rx, f'{var}[{k!r}]')})"
                    for k, rx in members
                ]
                self.lines.append(f"{inner}if not ({' or '.join(tests)}):")
                self.err(inner + "    ", segments, "code_or_name", " | ".join(k for k, _ in members))
            else:
                fn = self.const(self.closures.alternatives(schema["anyOf"], schema))
                self.lines.append(f"{inner}{fn}({var}, {self.path(segments)}, e)")
        if isinstance(extra, Mapping):  # a map of free keys (the facts): every value checked alike
            k, x = self.name("k"), self.name("x")
            at = inner
            plain = _plain_or_null(self.resolve(extra))
            if plain == "boolean":
                # The map's values are many and alike: true, false and null are the only values that are
                # ``True``, ``False`` or ``None`` (bool has no other instances), three identity tests a
                # value and no call; the first value that is none of them sends the map to the full
                # check below, which reports its problems in order.
                self.lines.append(f"{inner}for {x} in {var}.values():")
                self.lines.append(f"{inner}    if {x} is not True and {x} is not False and {x} is not None:")
                at = inner + "        "
            elif plain in _PLAIN_OR_NONE:  # one test in C first: the map's values are many and alike
                self.lines.append(
                    f"{inner}if not {_PLAIN_OR_NONE[plain]}.issuperset(map(type, {var}.values())):"
                )
                at = inner + "    "
            self.lines.append(f"{at}for {k}, {x} in {var}.items():")
            self.gen(extra, x, [*segments, f"/{{pointer_escape({k})}}"], at + "    ", depth + 1)
            if plain == "boolean":
                self.lines.append(f"{at}break")
        self.lines.append(f"{inner}pass")

    def build(self) -> Callable[..., list[Problem]]:
        self.lines = []
        self.gen({k: v for k, v in self.root.items() if k != "$defs"}, "v", [], "    ")
        self.ns.update(
            _ABSENT=_ABSENT, type=type, str=str, int=int, float=float, bool=bool, dict=dict, list=list
        )
        self.ns.update(enumerate=enumerate, len=len, map=map)
        self.ns.update(_STR_OR_NONE=frozenset({str, type(None)}), _BOOL_OR_NONE=frozenset({bool, type(None)}))
        # Every name the body uses is a global of its own namespace (builtins included): the interpreter
        # caches those lookups, where binding ~300 names as default arguments cost a copy of each per call.
        head = "def validate(v, holders):" if self.watch is not None else "def validate(v):"
        source = "\n".join([head, "    e = []", *self.lines, "    return e"])
        exec(compile(source, "<dossier-check validator>", "exec"), self.ns)
        return self.ns["validate"]  # type: ignore[no-any-return]


_ABSENT = object()
# What _is_type tests, as generated code (``{x}``: the value).
_IS_TYPE = {
    "string": "type({x}) is str",
    "integer": "(type({x}) is int or (type({x}) is float and {x}.is_integer()))",
    "number": "(type({x}) is int or type({x}) is float)",
    "boolean": "type({x}) is bool",
    "null": "{x} is None",
}
_PLAIN_OR_NONE = {"string": "_STR_OR_NONE", "boolean": "_BOOL_OR_NONE"}


def _plain_or_null(schema: Mapping[str, Any]) -> str | None:
    """``"string"`` or ``"boolean"`` when ``schema`` says "a value of that type, or null" and nothing more."""
    alts = schema.get("anyOf")
    if not alts or len(alts) != 2 or not set(schema) <= _ANNOTATIONS | {"anyOf"}:
        return None
    kinds = [b["type"] for b in alts if set(b) == {"type"} and b["type"] != "null"]
    if len(kinds) != 1 or len(alts) - len(kinds) != 1 or kinds[0] not in _PLAIN_OR_NONE:
        return None
    return str(kinds[0])


def _is_text(schema: Mapping[str, Any]) -> bool:
    """True when ``schema`` is a string and what :meth:`_CodeGen.scalar` tests a string for, nothing more."""
    return schema.get("type") == "string" and set(schema) <= _ANNOTATIONS | {
        "type",
        "enum",
        "const",
        "pattern",
        "minLength",
    }


_NOT_PRECISE = When(datetime(1, 1, 1), Precision.DATE)


def _present_members(branches: list[Mapping[str, Any]]) -> list[tuple[str, str]] | None:
    """[(key, pattern)] when every branch says "key is present and is a string matching pattern"."""
    out = []
    for b in branches:
        req, props = b.get("required", []), b.get("properties", {})
        if set(b) != {"required", "properties"} or len(req) != 1 or set(props) != set(req):
            return None
        sub = props[req[0]]
        if set(sub) != {"type", "pattern"} or sub["type"] != "string":
            return None
        out.append((req[0], sub["pattern"]))
    return out


def _members(segments: list[str]) -> tuple[str, ...]:
    """The members a generated path names, from the record down (a row of a list is at its list's)."""
    return tuple(
        s[1:].replace("{{", "{").replace("}}", "}").replace("~1", "/").replace("~0", "~")
        for s in segments
        if not (s.startswith("/{") and not s.startswith("/{{"))  # "/{i3}": an index, not a member
    )


def generate_validator(schema: Mapping[str, Any]) -> Callable[[Any], list[Problem]]:
    """Like :func:`compile_schema`, but as generated Python code: several times faster on whole records."""
    return _CodeGen(schema).build()


def generate_watching_validator(
    schema: Mapping[str, Any], watch: Watch
) -> Callable[[Any, list[Any]], list[Problem]]:
    """:func:`generate_validator`, whose code also notes the objects that hold a key they are not known to.

    ``watch`` is asked once per object the code checks, with the members that lead to it from the record
    (``("control_slip", "handovers")`` for every hand-over row): None leaves it unwatched; ``(keys, tag)``
    has ``validate(record, holders)`` append ``(object, tag, JSON Pointer)`` to ``holders`` for each such
    object of a record that holds a key outside ``keys``, in the order it checks them. The validator
    already reads every object, so a rule about unknown keys (DC008) need not walk the record again.
    """
    return _CodeGen(schema, watch).build()


@cache
def _dossier_validator() -> Callable[[Any], list[Problem]]:
    return generate_validator(_dossier_schema())


def validate_dossier(instance: Any) -> list[Problem]:
    """Every format problem of a dossier record, each with its JSON Pointer; [] when valid."""
    return _dossier_validator()(instance)


def procedure_dossier_schema(procedure: Any, channel: str | None = None) -> dict[str, Any]:
    """The JSON Schema of dossiers for one procedure version (and optionally one channel).

    ``procedure`` is a :class:`~dossier_check.models.Procedure` or a loaded
    :class:`~dossier_check.catalog.ProcedureVersion`. The schema narrows the general dossier schema:
    ``procedure_code`` is fixed, ``channel`` is one the procedure is offered on, ``case`` is one of its
    cases (by id or exact name; absent, null or blank when it names none), each kept component row must
    name a ``submit`` component of the list that applies (by code or by its exact name) in an accepted
    form and within its counts — per form where the procedure gives ``copies`` — ``sets`` is bounded,
    and components whose condition holds must be present. A dossier naming a case is held to that case's
    list (``if``/``then`` per case); one naming none may keep what any case lists. Cases, time limits,
    fees, results and the legal basis are listed under ``x-dossier-check``. Sums over several rows and
    the rules across cases stay with the checker, which the description says.
    """
    from .catalog import ProcedureVersion, build_version

    version = procedure if isinstance(procedure, ProcedureVersion) else build_version(procedure, "<schema>")
    proc = version.procedure
    channels = [channel] if channel else list(version.offered)
    base = dossier_schema()
    base["$id"] = f"{DOSSIER_SCHEMA_ID.rsplit('/', 1)[0]}/procedures/{proc.code}.dossier.schema.json"
    base["title"] = f"Hồ sơ thủ tục {proc.code} {proc.name}"
    base["description"] = (
        f"Dossiers of procedure {proc.code} ({proc.decision or 'no decision'}), version in force from "
        f"{proc.valid_from}"
        + (f" to {proc.valid_to}" if proc.valid_to else "")
        + f", channel {channel or 'any it is offered on'}. Conditional components (facts), alternative groups, "
        "quantities summed over several rows and what a dossier naming no case may omit are checked by "
        "dossier-check itself (rules DC101-DC107)."
    )
    props = base["properties"]
    props["procedure_code"] = {"const": proc.code}
    props["channel"] = {"enum": channels}
    props["sets"] = {"anyOf": [{"type": "integer", "minimum": 1, "maximum": proc.sets}, {"type": "null"}]}
    no_case = [{"type": "null"}, {"type": "string", "pattern": "^\\s*$"}]
    named = [value for c in version.cases for value in (c.id, c.name)]
    props["case"] = {"anyOf": [{"enum": named}, *no_case]} if named else {"anyOf": no_case}
    # What a dossier naming no case may keep: every case's components, merged leniently by code (a
    # dossier naming a case is also held to its case's rows below, which these include).
    shared = _component_rules(_submits(version, channel, None))
    props["components"] = shared["components"]
    rules = shared["requirements"]
    if version.cases:
        # The merged conditions say what every case requires: for a dossier that names no case only.
        rules = [_when_no_case(r, named) for r in rules]
    for case in version.cases:
        own = _component_rules(_submits(version, channel, case.id))
        rules.append(
            {
                "title": f"{case.id} {case.name}",
                "if": {"required": ["case"], "properties": {"case": {"enum": [case.id, case.name]}}},
                "then": {"allOf": [{"properties": {"components": own["components"]}}, *own["requirements"]]},
            }
        )
    if rules:
        base["allOf"] = rules
    base["x-dossier-check"] = {
        "procedure_code": proc.code,
        "valid_from": proc.valid_from,
        "valid_to": proc.valid_to,
        "channel": channel,
        "channels": list(version.offered),
        "time_limit": _plain(proc.time_limit),
        "channel_time_limits": {k: _plain(v) for k, v in (proc.channel_time_limits or {}).items()},
        "allowed_components": [_describe_component(c) for c in _submits(version, channel, None)],
        "cases": [
            {
                "id": case.id,
                "name": case.name,
                "time_limit": _plain(case.time_limit) if case.time_limit else None,
                "channel_time_limits": {k: _plain(v) for k, v in (case.channel_time_limits or {}).items()},
                "allowed_components": [_describe_component(c) for c in _submits(version, channel, case.id)],
            }
            for case in version.cases
        ],
        "fees": [_plain(f) for f in proc.fees or ()],
        "results": [_plain(r) for r in proc.results or ()],
        "legal_basis": list(proc.legal_basis or ()),
    }
    return base


def _plain(model: Any) -> Any:
    return model.model_dump(mode="json", exclude_none=True)


def _submits(version: Any, channel: str | None, case: str | None) -> list[Any]:
    """The ``submit`` components of one list on one channel, or on any channel (first row of a code)."""
    seen: dict[str, Any] = {}
    for ch in [channel] if channel else ["direct", "postal", "online"]:
        for c in version.index(ch, case).components:
            if c.kind == "submit":
                seen.setdefault(c.code, c)
    return list(seen.values())


def _component_rules(comps: list[Any]) -> dict[str, Any]:
    """The row schema of a component list, and the requirements its conditions and groups make."""
    rows = [_row_schema(c) for c in comps]
    requirements = [_requirement(c, [c]) for c in comps if c.group is None and c.required is not False]
    groups: dict[str, list[Any]] = {}
    for c in comps:
        if c.group is not None:
            groups.setdefault(c.group, []).append(c)
    for members in groups.values():
        requirements += [_requirement(m, members) for m in members if m.required is not False]
    return {
        "components": {"type": "array", "items": {"oneOf": rows} if rows else False},
        "requirements": requirements,
    }


def _row_schema(c: Any) -> dict[str, Any]:
    total = c.total_quantity if c.total_quantity is not None else sum((c.copies or {}).values())
    row: dict[str, Any] = {
        "title": c.name,
        "type": "object",
        "anyOf": [
            {"required": ["code"], "properties": {"code": {"const": c.code}}},
            {
                "not": {"required": ["code"]},
                "required": ["name"],
                "properties": {"name": {"const": c.name}},
            },
        ],
        "properties": {
            "form": {"enum": list(c.accepted_forms)},
            "quantity": {"type": "integer", "minimum": 1, "maximum": total},
        },
    }
    if c.copies is not None:
        # "N bản chính, M bản sao": a row in one form holds at most that form's count.
        row["allOf"] = [
            {
                "if": {"required": ["form"], "properties": {"form": {"const": form}}},
                "then": {"properties": {"quantity": {"maximum": n}}},
            }
            for form, n in c.copies.items()
        ]
    return row


def _describe_component(c: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": c.code,
        "name": c.name,
        "forms": list(c.accepted_forms),
        "quantity": c.total_quantity,
        "required": _req(c),
    }
    if c.copies is not None:
        out["copies"] = dict(c.copies)
    if c.portal_code is not None:
        out["portal_code"] = c.portal_code
    return out


def _when_no_case(requirement: dict[str, Any], named: list[str]) -> dict[str, Any]:
    """A requirement of the merged list applies only to a dossier that names no case."""
    names_one = {"required": ["case"], "properties": {"case": {"enum": named}}}
    return dict(requirement, **{"if": {"allOf": [requirement["if"], {"not": names_one}]}})


def _has(c: Any) -> dict[str, Any]:
    return {
        "anyOf": [
            {"required": ["code"], "properties": {"code": {"const": c.code}}},
            {"required": ["name"], "properties": {"name": {"const": c.name}}},
        ]
    }


def _fact_is_true(fact: str) -> dict[str, Any]:
    return {
        "required": ["facts"],
        "properties": {
            "facts": {"type": "object", "required": [fact], "properties": {fact: {"const": True}}}
        },
    }


def _condition(r: Any) -> dict[str, Any]:
    """A ``required`` value as a schema on the dossier: nested ``all``/``any`` of facts."""
    if isinstance(r, bool):
        return {} if r else {"not": {}}
    if getattr(r, "if_fact", None) is not None:
        return _fact_is_true(r.if_fact)
    if getattr(r, "unless_fact", None) is not None:
        return {"not": _fact_is_true(r.unless_fact)}
    if getattr(r, "all", None) is not None:
        return {"allOf": [_condition(x) for x in r.all]}
    return {"anyOf": [_condition(x) for x in r.any]}


def _requirement(component: Any, satisfied_by: list[Any]) -> dict[str, Any]:
    """An accepted dossier whose facts make ``component`` required contains it (or a group member)."""
    condition: dict[str, Any] = {"required": ["outcome"], "properties": {"outcome": {"const": "accepted"}}}
    if component.required is not True:
        condition = {"allOf": [condition, _condition(component.required)]}
    members = [_has(m) for m in satisfied_by]
    contains = members[0] if len(members) == 1 else {"anyOf": members}
    return {
        "title": f"{component.code} {component.name}",
        "if": condition,
        "then": {"required": ["components"], "properties": {"components": {"contains": contains}}},
    }


def _req(c: Any) -> Any:
    r = c.required
    return r if isinstance(r, bool) else r.model_dump()
