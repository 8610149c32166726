"""Does one OpenAPI 3.1 document break a client of another? The API rule as code.

It compares meaning, not bytes: `$ref`s are followed (component names do not matter, so
Pydantic's `Account-Output` and `Account` are the same schema), anyOf/oneOf are sets of
alternatives and allOf is merged, `type: [x, "null"]`, anyOf-with-null and `nullable` mean
the same, an operation is what a client calls, its method and its path's shape
(`/a/{id}` is `/a/{account_id}`), and `info`, titles, descriptions, summaries, examples
and operationIds are never compared.

Two directions: a request must still accept everything it accepted (a client sends what
it always sent: the server may accept more, never less), a response may promise nothing
new (a client reads what it always read: the server may send less variety, never more or
other). Parameters and form fields travel as text, so there a string takes a number and
a list takes one value. Each breaking change is an ApiChange with a stable rule id
(rules/api_*.py).
"""

import json
import re
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any, Literal

from ..rules import drops
from .patterns import accepts_all

JSON = dict[str, Any]
Side = Literal["request", "response"]
_Way = dict[str, tuple[str, frozenset[str]]]  # a security scheme's definition: its name, scopes

# Removals are acknowledged only after a deprecation recorded in the base document.
REMOVALS = drops("document")
DEPRECATION = "x-deprecation"  # {"release": "0.3", "date": "2026-01-31", "sunset": "..."}
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_UPPER_BOUNDS = ("maxLength", "maxItems", "maxProperties", "maximum", "exclusiveMaximum")
_LOWER_BOUNDS = ("minLength", "minItems", "minProperties", "minimum", "exclusiveMinimum")
_PATH_PARAMETER = re.compile(r"\{[^}/]*\}")
_FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")
_SCALARS = ("boolean", "integer", "number", "string")
_MISSING = object()


@dataclass(frozen=True)
class ApiChange:
    rule: str
    at: str  # where a client meets it: paths./accounts/{id}.get.responses.200.name
    subject: str  # where it is defined (components.schemas.Account.properties.name), or `at`
    message: str
    deprecated_in: str | None = None  # the release the base document deprecated it in


def deprecated_in(element: JSON) -> str | None:
    """The release a deprecated operation, parameter or field records, or None. FastAPI
    puts a parameter's `deprecated` (and its `json_schema_extra`) in its schema too."""
    schema = element.get("schema")
    holders = [element, schema] if isinstance(schema, dict) else [element]
    if not any(holder.get("deprecated") is True for holder in holders):
        return None
    for holder in holders:
        recorded = holder.get(DEPRECATION)
        if isinstance(recorded, dict) and isinstance(recorded.get("release"), str):
            return str(recorded["release"])
    return None


def compare(base: JSON, current: JSON) -> list[ApiChange]:
    """Every change from `base` to `current` that can break a client of `base`, once each."""
    comparison = _Comparison(base, current)
    current_operations = _operations(current)
    current_shapes = {shape for shape, _ in current_operations}
    for (shape, method), found in sorted(_operations(base).items()):
        for path, item in found:
            at = f"paths.{path}.{method}"
            candidates = current_operations.get((shape, method), [])
            # The same template first: two that differ in names only are one URL to a client.
            match = next((c for c in candidates if c[0] == path), None) or next(
                iter(candidates), None
            )
            if match is None:
                gone = (
                    "the path is gone" if shape not in current_shapes else f"{path} has no {method}"
                )
                comparison.add(
                    "api-removed-operation",
                    at,
                    f"{method.upper()} {path} is removed ({gone})",
                    deprecated_in=deprecated_in(item[method]),
                )
                continue
            comparison.operation(at, (path, match[0]), (item, match[1]), method)
    unique: dict[tuple[str, str], ApiChange] = {}
    for change in comparison.changes:
        unique.setdefault((change.rule, change.subject), change)
    return list(unique.values())


def _operations(document: JSON) -> dict[tuple[str, str], list[tuple[str, JSON]]]:
    """(path shape, method) -> the templates that have it, with their path items. The
    shape blanks parameter names (`/a/{}`): what a client calls."""
    found: dict[tuple[str, str], list[tuple[str, JSON]]] = {}
    for path, item in sorted((document.get("paths") or {}).items()):
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            if isinstance(item.get(method), dict):
                shape = _PATH_PARAMETER.sub("{}", path)
                found.setdefault((shape, method), []).append((path, item))
    return found


@dataclass
class _Alternative:
    """One branch of a schema once refs are followed and unions spread out."""

    kind: str  # null, boolean, integer, number, string, array, object, or any
    schema: JSON
    ref: str | None  # the component it came from, for naming and for cycles


@dataclass
class _Comparison:
    base: JSON
    current: JSON
    changes: list[ApiChange] = field(default_factory=list)
    _seen: set[tuple[str, str, Side]] = field(default_factory=set)

    def add(
        self,
        rule: str,
        at: str,
        message: str,
        subject: str | None = None,
        deprecated_in: str | None = None,
    ) -> None:
        self.changes.append(ApiChange(rule, at, subject or at, message, deprecated_in))

    # Operations: parameters, request body, responses.

    def operation(
        self, at: str, paths: tuple[str, str], items: tuple[JSON, JSON], method: str
    ) -> None:
        (base_item, current_item), (base_path, current_path) = items, paths
        base_op, current_op = base_item[method], current_item[method]
        base_params = self._parameters(self.base, base_item, base_op, base_path)
        current_params = self._parameters(self.current, current_item, current_op, current_path)
        for key, parameter in base_params.items():
            where = f"{at}.parameters.{parameter['in']}.{parameter.get('name')}"
            if key not in current_params:
                self.add(
                    "api-removed-parameter",
                    where,
                    f"{parameter['in']} parameter {parameter.get('name')!r} is removed",
                    deprecated_in=deprecated_in(parameter),
                )
                continue
            now = current_params[key]
            if now.get("required") and not parameter.get("required"):
                self.add("api-new-required", where, "the parameter became required")
            elif not now.get("required"):
                self.default(parameter.get("schema", {}), now.get("schema", {}), where, where, True)
            self.schemas(
                parameter.get("schema", {}),
                now.get("schema", {}),
                where,
                where,
                "request",
                wire=True,
            )
        for key, parameter in current_params.items():
            if key not in base_params and parameter.get("required"):
                where = f"{at}.parameters.{parameter['in']}.{parameter.get('name')}"
                self.add("api-new-required", where, "a new required parameter")
        self.request_body(at, base_op.get("requestBody"), current_op.get("requestBody"))
        self.responses(at, base_op.get("responses") or {}, current_op.get("responses") or {})
        self.security(at, base_op, current_op)
        self.servers(at, (base_item, current_item), (base_op, current_op))

    def request_body(self, at: str, base: JSON | None, current: JSON | None) -> None:
        where = f"{at}.requestBody"
        base = self._resolve(self.base, base or {})
        current = self._resolve(self.current, current or {})
        if current.get("required") and not (base and base.get("required")):
            self.add("api-new-required", where, "the request body became required")
        self.contents(where, base.get("content") or {}, current.get("content") or {}, "request")

    def responses(self, at: str, base: JSON, current: JSON) -> None:
        for status, response in sorted(base.items()):
            where = f"{at}.responses.{status}"
            if status not in current:
                if str(status).startswith("2"):
                    self.add("api-removed-response", where, f"status {status} is no longer sent")
                continue
            base_response = self._resolve(self.base, response)
            current_response = self._resolve(self.current, current[status])
            self.contents(
                where,
                base_response.get("content") or {},
                current_response.get("content") or {},
                "response",
            )
            self.headers(where, base_response, current_response)
        # A client that handles the success statuses it knows meets a new one. (One in
        # place of a removed one is that removal, already refused.)
        if "2XX" not in base and all(
            status in current for status in base if str(status).startswith("2")
        ):
            for status in sorted(set(current) - set(base)):
                if str(status).startswith("2"):
                    where = f"{at}.responses.{status}"
                    message = f"status {status} may now be sent (was {', '.join(sorted(base))})"
                    self.add("api-response-status-added", where, message)

    def headers(self, at: str, base: JSON, current: JSON) -> None:
        """A response header a client reads is still sent, as what it was."""
        current_headers = {
            name.lower(): self._resolve(self.current, header)
            for name, header in (current.get("headers") or {}).items()
        }
        for name, raw in sorted((base.get("headers") or {}).items()):
            header, where = self._resolve(self.base, raw), f"{at}.headers.{name}"
            now = current_headers.get(name.lower())
            if now is None:
                self.add("api-removed-header", where, f"response header {name!r} is removed")
                continue
            if header.get("required") and not now.get("required"):
                self.add("api-removed-header", where, f"response header {name!r} may be absent")
            self.schemas(header.get("schema", {}), now.get("schema", {}), where, where, "response")

    def security(self, at: str, base_op: JSON, current_op: JSON) -> None:
        """Every set of credentials that was enough still is: each alternative the base
        accepted has one now that asks for no other scheme and no other scope."""
        current_ways = self._security(self.current, current_op)
        for way in self._security(self.base, base_op):
            if not any(_enough(way, needed) for needed in current_ways):
                named = " and ".join(sorted(name for name, _ in way.values()))
                message = f"{named or 'no credentials'} is no longer enough"
                self.add("api-security-change", f"{at}.security", message)

    def _security(self, document: JSON, operation: JSON) -> list[_Way]:
        """The operation's security alternatives (none declared: anonymous), each scheme
        keyed by its definition, so a renamed scheme is the same one."""
        declared = operation.get("security", document.get("security"))
        schemes = (document.get("components") or {}).get("securitySchemes") or {}
        ways: list[_Way] = []
        for requirement in declared or [{}]:
            way: _Way = {}
            for name, scopes in (requirement or {}).items():
                scheme = self._resolve(document, schemes.get(name) or {"name": name})
                spelled = {k: v for k, v in scheme.items() if k != "description"}
                way[repr(sorted(spelled.items()))] = (name, frozenset(scopes or []))
            ways.append(way)
        return ways

    def servers(self, at: str, items: tuple[JSON, JSON], operations: tuple[JSON, JSON]) -> None:
        """A server URL the base declared for the operation still serves it."""
        (base_item, current_item), (base_op, current_op) = items, operations
        current_urls = _server_urls(self.current, current_item, current_op) or {"/": ""}
        for url, declared in sorted(_server_urls(self.base, base_item, base_op).items()):
            if url not in current_urls:
                subject = f"servers.{url}" if declared == "servers" else f"{at}.servers.{url}"
                self.add("api-removed-server", f"{at}.servers", f"server {url} is gone", subject)

    def contents(self, at: str, base: JSON, current: JSON, side: Side) -> None:
        for media_type, base_media in sorted(base.items()):
            where = at if media_type == "application/json" else f"{at}[{media_type}]"
            if media_type not in current:
                what = "sent" if side == "response" else "accepted"
                self.add("api-removed-response", where, f"{media_type} is no longer {what}")
                continue
            self.schemas(
                base_media.get("schema", {}),
                current[media_type].get("schema", {}),
                where,
                where,
                side,
                form=media_type in _FORMS,
            )

    def _parameters(
        self, document: JSON, item: JSON, operation: JSON, path: str
    ) -> dict[tuple[str, str], JSON]:
        """An operation's parameters, the path item's included, keyed as a client sees them:
        path parameters by their place in the URL, headers case-insensitively."""
        merged: dict[tuple[str, str], JSON] = {}
        for raw in [*item.get("parameters", []), *operation.get("parameters", [])]:
            parameter = self._resolve(document, raw)
            merged[(str(parameter.get("in")), str(parameter.get("name", "")))] = parameter
        places = [found.strip("{}") for found in _PATH_PARAMETER.findall(path)]
        keyed: dict[tuple[str, str], JSON] = {}
        for (location, name), parameter in merged.items():
            if location == "path" and name in places:
                name = str(places.index(name))
            keyed[(location, name.lower() if location == "header" else name)] = parameter
        return keyed

    def _resolve(self, document: JSON, node: JSON) -> JSON:
        for _ in range(32):  # a $ref chain longer than this is a cycle
            ref = node.get("$ref") if isinstance(node, dict) else None
            if not isinstance(ref, str):
                break
            target = _follow(document, ref)
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return node if isinstance(node, dict) else {}

    # Schemas.

    def schemas(
        self,
        base: JSON,
        current: JSON,
        at: str,
        subject: str,
        side: Side,
        *,
        wire: bool = False,
        form: bool = False,
    ) -> None:
        """`wire`: a value sent as text (a parameter, a form field), so a string takes any
        scalar and an array takes one value; `form`: an object whose fields are such."""
        base_alternatives = self._alternatives(self.base, base)
        current_alternatives = self._alternatives(self.current, current)
        if side == "request":  # every value a client sent is still accepted
            accepts = _accepts_text if wire else _accepts
            pairs = _match(base_alternatives, current_alternatives, accepts)
            for sent, accepted in pairs:
                if accepted is None:
                    if not self._taken(sent, current_alternatives, side):
                        message = f"no longer accepts {_named(sent)}"
                        self.add("api-type-change", at, message, subject)
                elif accepted.kind == "array" and sent.kind != "array":  # one value, a list now
                    items = accepted.schema.get("items", {})
                    self.schemas(sent.schema, items, at, subject, side, wire=True)
                else:
                    self._same_kind(sent, accepted, at, subject, side, form)
        else:  # every value the server sends was promised
            pairs = _match(current_alternatives, base_alternatives, _accepts)
            for sent, promised in pairs:
                if promised is not None:
                    self._same_kind(promised, sent, at, subject, side, form)
                elif self._taken(sent, base_alternatives, side):
                    continue
                elif sent.kind == "null":
                    self.add("api-field-nullable", at, "may now be null", subject)
                else:
                    was = " or ".join(sorted({_named(b) for b in base_alternatives}))
                    message = f"may now be {_named(sent)}, was {was or 'nothing'}"
                    self.add("api-type-change", at, message, subject)

    def _taken(self, value: _Alternative, receivers: list[_Alternative], side: Side) -> bool:
        """Does another component's object or array take every value of `value` (two
        union members merged into one, a member narrower than the schema it replaces)?
        Tried on the side, in a comparison of its own that reports nothing."""
        for receiver in receivers:
            if receiver.kind == value.kind and receiver.ref != value.ref:
                trial = _Comparison(self.base, self.current, _seen=set(self._seen))
                if side == "request":
                    trial._same_kind(value, receiver, "", "", side)
                else:
                    trial._same_kind(receiver, value, "", "", side)
                if not trial.changes:
                    return True
        return False

    def default(self, base: JSON, current: JSON, at: str, subject: str, wire: bool) -> None:
        """What the server assumes when an optional input is not sent stays what it was
        (`wire`: compared as the text it travels as, so 10 is "10")."""
        before = self._resolve(self.base, base).get("default", _MISSING)
        after = self._resolve(self.current, current).get("default", _MISSING)
        if wire and _MISSING not in (before, after):
            same = _text(before) == _text(after)
        else:
            same = before == after
        if before is not _MISSING and not same:
            now = "none" if after is _MISSING else repr(after)
            self.add("api-default-change", at, f"default is now {now} (was {before!r})", subject)

    def _same_kind(
        self,
        base: _Alternative,
        current: _Alternative,
        at: str,
        subject: str,
        side: Side,
        form: bool = False,
    ) -> None:
        if base.ref and current.ref:
            visit = (base.ref, current.ref, side)
            if visit in self._seen:
                return
            self._seen.add(visit)
        if base.ref:
            subject = f"components.schemas.{base.ref}"
        self._enum(base.schema, current.schema, at, subject, side)
        if side == "request":
            for key in _narrowed(base.schema, current.schema):
                message = _limit(key, base.schema, current.schema)
                self.add("api-tighter-constraint", at, message, subject)
        else:
            for key in _narrowed(current.schema, base.schema):
                message = _limit(key, base.schema, current.schema)
                self.add("api-looser-response", at, message, subject)
        if base.kind == current.kind == "object":
            self._object(base.schema, current.schema, at, subject, side, form)
        elif base.kind == current.kind == "array":
            self._array(base.schema, current.schema, at, subject, side)

    def _array(self, base: JSON, current: JSON, at: str, subject: str, side: Side) -> None:
        """Items by position (`prefixItems`, a tuple), then the rest (`items`); `false`
        there allows no item."""
        base_prefix, current_prefix = (
            base.get("prefixItems") or [],
            current.get("prefixItems") or [],
        )
        for index in range(max(len(base_prefix), len(current_prefix))):
            self._items(
                _item(base, index),
                _item(current, index),
                f"{at}[{index}]",
                f"{subject}.prefixItems.{index}",
                side,
            )
        self._items(
            base.get("items", {}), current.get("items", {}), f"{at}[]", f"{subject}.items", side
        )

    def _items(self, base: Any, current: Any, at: str, subject: str, side: Side) -> None:
        wider, narrower = (base, current) if side == "response" else (current, base)
        if narrower is False:
            return  # no item there in what is promised or sent
        if wider is False:
            if side == "request":
                self.add("api-tighter-constraint", at, "no longer accepts an item here", subject)
            else:
                self.add("api-looser-response", at, "may now carry an item here", subject)
            return
        self.schemas(base, current, at, subject, side)

    def _object(
        self, base: JSON, current: JSON, at: str, subject: str, side: Side, form: bool
    ) -> None:
        base_fields = base.get("properties") or {}
        current_fields = current.get("properties") or {}
        base_required, current_required = (
            set(base.get("required", [])),
            set(current.get("required", [])),
        )
        # A field the other side no longer sends or reads is as good as removed.
        hidden = "readOnly" if side == "request" else "writeOnly"
        for name, schema in base_fields.items():
            where, defined = f"{at}.{name}", f"{subject}.properties.{name}"
            now = current_fields.get(name)
            if _flag(schema, hidden):
                continue  # never sent or read on this side
            if now is None or _flag(now, hidden):
                what = "removed" if now is None else f"{hidden} now"
                self.add(
                    "api-removed-field",
                    where,
                    f"{side} field {name!r} is {what}",
                    defined,
                    deprecated_in(schema if isinstance(schema, dict) else {}),
                )
                continue
            if side == "response" and name in base_required and name not in current_required:
                self.add("api-field-optional", where, "may now be absent (not required)", defined)
            if side == "request" and name not in current_required:
                self.default(schema, now, where, defined, form)
            self.schemas(schema, now, where, defined, side, wire=form)
        if side == "request":
            for name in sorted(current_required - base_required):
                what = "became required" if name in base_fields else "a new required field"
                defined = f"{subject}.properties.{name}"
                self.add("api-new-required", f"{at}.{name}", what, defined)
        self._unlisted(base, current, at, subject, side)

    def _unlisted(self, base: JSON, current: JSON, at: str, subject: str, side: Side) -> None:
        """Fields an object does not list (`additionalProperties` absent or true: any;
        false: none, a closed object; a schema: values of it, a map). A request may take
        more of them, a response may send fewer."""
        base_extra = base.get("additionalProperties", True)
        current_extra = current.get("additionalProperties", True)
        where, defined = f"{at}.*", f"{subject}.additionalProperties"
        listed = set(base.get("properties") or {})
        for name, schema in sorted((current.get("properties") or {}).items()):
            if name in listed:
                continue
            field_at, field_subject = f"{at}.{name}", f"{subject}.properties.{name}"
            if isinstance(base_extra, dict):  # a map's key, now listed: its values still
                self.schemas(base_extra, schema, field_at, field_subject, side)
            elif base_extra is False and side == "response":
                message = f"may now carry field {name!r}: the object was closed"
                self.add("api-looser-response", field_at, message, field_subject)
        if side == "request":
            if base_extra is False or current_extra is True:
                return  # nothing unlisted was sent, or anything is taken
            if current_extra is False:
                self.add("api-tighter-constraint", where, "unlisted fields are refused", defined)
            elif base_extra is True:
                message = "unlisted fields must now match a schema"
                self.add("api-tighter-constraint", where, message, defined)
            else:
                self.schemas(base_extra, current_extra, where, defined, side)
        elif base_extra is not True and current_extra is not False:  # a promise to keep
            if current_extra is True:
                message = "may now carry any unlisted field"
                self.add("api-looser-response", where, message, defined)
            elif base_extra is False:
                message = "may now carry unlisted fields: the object was closed"
                self.add("api-looser-response", where, message, defined)
            else:
                self.schemas(base_extra, current_extra, where, defined, side)

    def _enum(self, base: JSON, current: JSON, at: str, subject: str, side: Side) -> None:
        before, after = _enum_values(base), _enum_values(current)
        if side == "request":
            if before is not None and after is not None:
                for value in before:
                    if value not in after:
                        self.add(
                            "api-removed-enum-value", at, f"no longer accepts {value!r}", subject
                        )
            elif after is not None:
                self.add("api-tighter-constraint", at, f"now limited to {after!r}", subject)
        elif before is not None:
            if after is None:
                message = f"no longer limited to {before!r}"
                self.add("api-response-enum-value-added", at, message, subject)
            else:
                for value in after:
                    if value not in before:
                        self.add(
                            "api-response-enum-value-added", at, f"may now be {value!r}", subject
                        )

    def _alternatives(
        self, document: JSON, schema: Any, ref: str | None = None, depth: int = 0
    ) -> list[_Alternative]:
        """The branches of a schema: refs followed, anyOf/oneOf spread, allOf merged."""
        if not isinstance(schema, dict) or depth > 32:
            return [_Alternative("any", {}, ref)]
        if isinstance(schema.get("$ref"), str):
            name = schema["$ref"].rsplit("/", 1)[-1]
            target = {**_follow(document, schema["$ref"])}
            target.update({k: v for k, v in schema.items() if k != "$ref"})
            return self._alternatives(document, target, name, depth + 1)
        if "allOf" in schema:
            merged = {k: v for k, v in schema.items() if k != "allOf"}
            for part in schema["allOf"]:
                for alternative in self._alternatives(document, part, None, depth + 1)[:1]:
                    ref = ref or alternative.ref
                    merged = _merge(merged, alternative.schema)
            return self._alternatives(document, merged, ref, depth + 1)
        branches = [*schema.get("anyOf", []), *schema.get("oneOf", [])]
        if branches:
            shared = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf", "deprecated")}
            return [
                alternative
                for branch in branches
                for alternative in self._alternatives(
                    document,
                    {**shared, **branch} if isinstance(branch, dict) else branch,
                    ref,
                    depth + 1,
                )
            ]
        kinds = _kinds(schema)
        return [_Alternative(kind, schema, ref) for kind in kinds]


def _enough(sent: _Way, needed: _Way) -> bool:
    """Do the credentials of `sent` satisfy `needed`: each scheme, with its scopes?"""
    return all(key in sent and scopes <= sent[key][1] for key, (_, scopes) in needed.items())


def _server_urls(document: JSON, item: JSON, operation: JSON) -> dict[str, str]:
    """The operation's server URLs (each value of each variable) -> where declared: the
    operation's, else its path's, else the document's."""
    for holder, name in ((operation, "operation"), (item, "path"), (document, "servers")):
        declared = holder.get("servers")
        if isinstance(declared, list) and declared:
            urls: dict[str, str] = {}
            for server in (server for server in declared if isinstance(server, dict)):
                spelled = [str(server.get("url", ""))]
                for variable, spec in (server.get("variables") or {}).items():
                    values = spec.get("enum") or [spec.get("default", "")]
                    spelled = [
                        url.replace("{" + variable + "}", str(value))
                        for url in spelled
                        for value in values
                    ]
                urls.update((url.rstrip("/") or "/", name) for url in spelled)
            return urls
    return {}


def _follow(document: JSON, ref: str) -> JSON:
    if not ref.startswith("#/"):
        return {}  # an external reference: nothing to compare it by
    node: Any = document
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node.get(part, {}) if isinstance(node, dict) else {}
    return node if isinstance(node, dict) else {}


def _kinds(schema: JSON) -> list[str]:
    declared = schema.get("type")
    kinds = [declared] if isinstance(declared, str) else list(declared or [])
    if not kinds:
        values = _enum_values(schema)
        if values is not None:
            kinds = sorted({_kind_of(value) for value in values})
        elif "properties" in schema or "additionalProperties" in schema:
            kinds = ["object"]
        elif "items" in schema or "prefixItems" in schema:
            kinds = ["array"]
        else:
            kinds = ["any"]
    if schema.get("nullable") is True and "null" not in kinds:
        kinds.append("null")
    return kinds


def _kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    for kind, python in (("integer", int), ("number", float), ("string", str)):
        if isinstance(value, python):
            return kind
    return "array" if isinstance(value, list) else "object"


def _enum_values(schema: JSON) -> list[Any] | None:
    if "const" in schema:
        return [schema["const"]]
    values = schema.get("enum")
    return list(values) if isinstance(values, list) else None


def _accepts(sent: _Alternative, receiver: _Alternative) -> bool:
    """Does a receiver of this kind take every value of the sent kind?"""
    return receiver.kind in (sent.kind, "any") or (sent.kind, receiver.kind) == (
        "integer",
        "number",
    )


def _accepts_text(sent: _Alternative, receiver: _Alternative) -> bool:
    """The same for a value sent as text: a string takes `7` and `true`, a list one value."""
    if receiver.kind == "string" and sent.kind in _SCALARS:
        return True
    return _accepts(sent, receiver) or (receiver.kind == "array" and sent.kind in _SCALARS)


def _match(
    values: list[_Alternative],
    receivers: list[_Alternative],
    accepts: Callable[[_Alternative, _Alternative], bool],
) -> Iterator[tuple[_Alternative, _Alternative | None]]:
    """Pair each alternative with the one that must take its values: the same component;
    else one of the same kind not paired yet (a renamed component); else any that takes
    it, but never another component's object (a new member of a union is not a changed
    old one). None: nothing takes it."""
    paired: dict[int, _Alternative] = {}
    taken: set[int] = set()
    for index, value in enumerate(values):
        for place, receiver in enumerate(receivers):
            if value.ref and receiver.ref == value.ref and accepts(value, receiver):
                paired[index] = receiver
                taken.add(place)
                break
    for index, value in enumerate(values):
        if index in paired:
            continue
        for place, receiver in enumerate(receivers):
            if place not in taken and receiver.kind == value.kind:
                paired[index] = receiver
                taken.add(place)
                break
    for index, value in enumerate(values):
        if index in paired:
            yield value, paired[index]
            continue
        fitting = [
            receiver
            for receiver in receivers
            if accepts(value, receiver)
            and not (value.ref and receiver.ref and receiver.kind in ("object", "array"))
        ]
        same_kind = [receiver for receiver in fitting if receiver.kind == value.kind]
        yield value, next(iter(same_kind or fitting), None)


def _named(alternative: _Alternative) -> str:
    return f"{alternative.ref} ({alternative.kind})" if alternative.ref else alternative.kind


def _merge(into: JSON, part: JSON) -> JSON:
    merged = {**into, **part}
    merged["properties"] = {**into.get("properties", {}), **part.get("properties", {})}
    merged["required"] = [*into.get("required", []), *part.get("required", [])]
    if not merged["properties"]:
        del merged["properties"]
    if not merged["required"]:
        del merged["required"]
    return merged


def _narrowed(wide: JSON, narrow: JSON) -> Iterator[str]:
    """The keywords by which `narrow` allows fewer values than `wide`."""
    for key in _UPPER_BOUNDS:
        if key in narrow and (key not in wide or _lt(narrow[key], wide[key])):
            yield key
    for key in _LOWER_BOUNDS:
        if key in narrow and (key not in wide or _lt(wide[key], narrow[key])):
            yield key
    if "pattern" in narrow and not (
        isinstance(wide.get("pattern"), str)
        and isinstance(narrow["pattern"], str)
        and accepts_all(narrow["pattern"], wide["pattern"])
    ):
        yield "pattern"
    if "format" in narrow and narrow["format"] != wide.get("format"):
        yield "format"
    if "multipleOf" in narrow and not _divides(narrow["multipleOf"], wide.get("multipleOf")):
        yield "multipleOf"
    if narrow.get("uniqueItems") and not wide.get("uniqueItems"):
        yield "uniqueItems"


def _lt(left: Any, right: Any) -> bool:
    numbers = [x for x in (left, right) if isinstance(x, int | float) and not isinstance(x, bool)]
    return len(numbers) == 2 and left < right


def _divides(step: Any, of: Any) -> bool:
    """Is every multiple of `of` (None: any number) a multiple of `step` too?"""
    if of is None:
        return False
    with suppress(TypeError, ZeroDivisionError, AttributeError):  # not `except (A, B):`
        return bool(step == of or (of / step).is_integer())  # (see gate/online.py)
    return False


def _limit(key: str, base: JSON, current: JSON) -> str:
    if key == "uniqueItems":
        return "items must now be unique" if current.get(key) else "items may now repeat"
    was = repr(base[key]) if key in base else "none"
    now = repr(current[key]) if key in current else "none"
    return f"{key} is now {now} (was {was})"


def _item(schema: JSON, index: int) -> Any:
    """What an array allows at `index`: its prefixItems' schema there, else its items."""
    prefix = schema.get("prefixItems") or []
    return prefix[index] if index < len(prefix) else schema.get("items", {})


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _flag(schema: Any, key: str) -> bool:
    return isinstance(schema, dict) and schema.get(key) is True
