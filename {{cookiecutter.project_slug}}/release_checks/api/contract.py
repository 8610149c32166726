"""Does one OpenAPI 3.1 document break a client of another? The walk over the two.

It compares meaning, not bytes: `$ref`s are followed (component names do not matter, so
Pydantic's `Account-Output` and `Account` are the same schema), anyOf/oneOf are sets of
alternatives and allOf is merged, `type: [x, "null"]`, anyOf-with-null and `nullable` mean
the same, an operation is what a client calls, its method and its path's shape
(`/a/{id}` is `/a/{account_id}`), and `info`, titles, descriptions, summaries and
examples are never compared. A `$ref` to another file or a URL stops the comparison
(ExternalReferenceError): what it names cannot be read.

The walk only pairs what the two documents have at each place, each pair with its side
(request or response), and hands the pair to the rules that recognise themselves at that
level (`Rule.openapi`, rules/api_*.py): what breaks a client is decided there. Each
breaking change is an ApiChange with the rule's id.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..rules import openapi_recognisers
from ..rules._openapi import (
    FORMS,
    JSON,
    METHODS,
    Alternative,
    ExternalReferenceError,
    Level,
    Pair,
    Side,
    flag,
    follow,
    kinds,
    resolve,
    visible,
)

_PATH_PARAMETER = re.compile(r"\{[^}/]*\}")
_SCALARS = ("boolean", "integer", "number", "string")
_RECOGNISERS = openapi_recognisers()


@dataclass(frozen=True)
class ApiChange:
    rule: str
    at: str  # where a client meets it: paths./accounts/{id}.get.responses.200.name
    subject: str  # where it is defined (components.schemas.Account.properties.name), or `at`
    message: str
    deprecated_in: str | None = None  # the release the base document deprecated it in


def compare(base: JSON, current: JSON) -> list[ApiChange]:
    """Every change from `base` to `current` that can break a client of `base`, once each."""
    comparison = _Comparison(base, current)
    comparison.meet("document", base, current, "", "request")
    current_webhooks = current.get("webhooks") or {}
    for name, item in sorted((base.get("webhooks") or {}).items()):
        if name in current_webhooks:
            comparison.sent_back(f"webhooks.{name}", item, current_webhooks[name])
    current_operations = _operations(current)
    current_items = {
        shape: item for (shape, _), found in current_operations.items() for _, item in found
    }
    for (shape, method), found in sorted(_operations(base).items()):
        for path, item in found:
            candidates = current_operations.get((shape, method), [])
            # The same template first: two that differ in names only are one URL to a client.
            match = next((c for c in candidates if c[0] == path), None) or next(
                iter(candidates), None
            )
            comparison.operation(
                method,
                (path, match[0] if match else None),
                (item, match[1] if match else current_items.get(shape)),
            )
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
class _Comparison:
    base: JSON
    current: JSON
    changes: list[ApiChange] = field(default_factory=list)
    _seen: set[tuple[str, str, Side]] = field(default_factory=set)

    def meet(
        self,
        level: Level,
        base: Any,
        current: Any,
        at: str,
        side: Side,
        subject: str | None = None,
        **more: Any,
    ) -> Pair:
        """Hand the pair to the rules that recognise themselves at `level`."""
        pair = Pair(
            level, base, current, at, subject or at, side, (self.base, self.current), **more
        )
        for rule, recognise in _RECOGNISERS.get(level, ()):
            try:
                for found in recognise(pair):
                    where = found.at or pair.at
                    defined = found.subject or found.at or pair.subject
                    change = ApiChange(rule, where, defined, found.message, found.deprecated_in)
                    self.changes.append(change)
            except ExternalReferenceError:
                raise
            except Exception as error:  # a rule's own failure: one finding, not a traceback
                message = f"the rule could not judge this ({type(error).__name__}: {error})"
                self.changes.append(ApiChange(rule, pair.at, pair.subject, message))
        return pair

    # Operations: parameters, request body, responses.

    def operation(
        self, method: str, paths: tuple[str, str | None], items: tuple[JSON, JSON | None]
    ) -> None:
        """The base's operation and the one a client of it now reaches (None: none; the
        current path item then has the path's shape, if any path does)."""
        (base_path, current_path), (base_item, current_item) = paths, items
        at = f"paths.{base_path}.{method}"
        base_op = base_item[method]
        current_op = current_item[method] if current_path is not None and current_item else None
        name = f"{method.upper()} {base_path}"
        template = current_path or ""
        self.meet(
            "operation",
            base_op,
            current_op,
            at,
            "request",
            name=name,
            parents=items,
            template=template,
        )
        if current_op is None or current_path is None or current_item is None:
            return
        base_params = self._parameters(self.base, base_item, base_op, base_path)
        current_params = self._parameters(self.current, current_item, current_op, current_path)
        for key in [*base_params, *(key for key in current_params if key not in base_params)]:
            parameter = base_params.get(key) or current_params[key]
            where = f"{at}.parameters.{parameter.get('in')}.{parameter.get('name')}"
            now, name = current_params.get(key), f"{parameter.get('in')}.{parameter.get('name')}"
            self.meet(
                "parameter", base_params.get(key), now, where, "request", name=name, wire=True
            )
            if key in base_params and now is not None:
                self.schemas(
                    _parameter_schema(base_params[key]),
                    _parameter_schema(now),
                    where,
                    where,
                    "request",
                    wire=True,
                )
        base_body = resolve(self.base, base_op.get("requestBody") or {})
        current_body = resolve(self.current, current_op.get("requestBody") or {})
        where = f"{at}.requestBody"
        self.meet("request-body", base_body, current_body, where, "request")
        self.contents(
            where, base_body.get("content") or {}, current_body.get("content") or {}, "request"
        )
        self.responses(at, base_op.get("responses") or {}, current_op.get("responses") or {})
        current_callbacks = current_op.get("callbacks") or {}
        for name, raw in sorted((base_op.get("callbacks") or {}).items()):
            now = resolve(self.current, current_callbacks.get(name) or {})
            for expression, item in sorted(resolve(self.base, raw).items()):
                if expression in now:
                    self.sent_back(f"{at}.callbacks.{name}", item, now[expression])

    def sent_back(self, at: str, base_item: Any, current_item: Any) -> None:
        """A webhook's or callback's requests: the API sends them and the client's endpoint
        reads them, so their bodies are compared as a response is. (That each is still sent
        is a rule's to say.)"""
        base_item, current_item = resolve(self.base, base_item), resolve(self.current, current_item)
        for method in METHODS:
            base_op, current_op = base_item.get(method), current_item.get(method)
            if not isinstance(base_op, dict) or not isinstance(current_op, dict):
                continue
            where = f"{at}.{method}.requestBody"
            base_body = resolve(self.base, base_op.get("requestBody") or {}).get("content") or {}
            current_body = resolve(self.current, current_op.get("requestBody") or {})
            current_content = current_body.get("content") or {}
            for media_type, media in sorted(base_body.items()):
                if media_type in current_content:
                    now = current_content[media_type]
                    schemas = media.get("schema", {}), now.get("schema", {})
                    self.schemas(*schemas, where, where, "response")

    def responses(self, at: str, base: JSON, current: JSON) -> None:
        self.meet("responses", base, current, f"{at}.responses", "response")
        for status, response in sorted(base.items()):
            if status not in current:
                continue
            where = f"{at}.responses.{status}"
            base_response = resolve(self.base, response)
            current_response = resolve(self.current, current[status])
            self.meet(
                "response", base_response, current_response, where, "response", name=str(status)
            )
            self.contents(
                where,
                base_response.get("content") or {},
                current_response.get("content") or {},
                "response",
            )
            self.headers(where, base_response, current_response)

    def headers(self, at: str, base: JSON, current: JSON) -> None:
        current_headers = {
            name.lower(): resolve(self.current, header)
            for name, header in (current.get("headers") or {}).items()
        }
        for name, raw in sorted((base.get("headers") or {}).items()):
            header, where = resolve(self.base, raw), f"{at}.headers.{name}"
            now = current_headers.get(name.lower())
            self.meet("header", header, now, where, "response", name=name)
            if now is not None:
                self.schemas(
                    header.get("schema", {}), now.get("schema", {}), where, where, "response"
                )

    def contents(self, at: str, base: JSON, current: JSON, side: Side) -> None:
        for media_type, base_media in sorted(base.items()):
            where = at if media_type == "application/json" else f"{at}[{media_type}]"
            now = current.get(media_type)
            self.meet("media", base_media, now, where, side, name=media_type)
            if now is not None:
                self.schemas(
                    base_media.get("schema", {}),
                    now.get("schema", {}),
                    where,
                    where,
                    side,
                    form=media_type in FORMS,
                )

    def _parameters(
        self, document: JSON, item: JSON, operation: JSON, path: str
    ) -> dict[tuple[str, str], JSON]:
        """An operation's parameters, the path item's included, keyed as a client sees them:
        path parameters by their place in the URL, headers case-insensitively."""
        merged: dict[tuple[str, str], JSON] = {}
        for raw in [*item.get("parameters", []), *operation.get("parameters", [])]:
            parameter = resolve(document, raw)
            merged[(str(parameter.get("in")), str(parameter.get("name", "")))] = parameter
        places = [found.strip("{}") for found in _PATH_PARAMETER.findall(path)]
        keyed: dict[tuple[str, str], JSON] = {}
        for (location, name), parameter in merged.items():
            if location == "path" and name in places:
                name = str(places.index(name))
            keyed[(location, name.lower() if location == "header" else name)] = parameter
        return keyed

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
            for sent, accepted in _match(base_alternatives, current_alternatives, accepts):
                if wire and sent.kind == "null":
                    continue  # text has no null: a client leaves the value out instead
                if accepted is None:
                    if not self._taken(sent, current_alternatives, side):
                        others = tuple(current_alternatives)
                        self.meet("unmatched", sent, None, at, side, subject, others=others)
                elif accepted.kind == "array" and sent.kind != "array":  # one value, a list now
                    items = accepted.schema.get("items", {})
                    self.schemas(sent.schema, items, at, subject, side, wire=True)
                else:
                    self._same_kind(sent, accepted, at, subject, side, form)
        else:  # every value the server sends was promised
            for sent, promised in _match(current_alternatives, base_alternatives, _accepts):
                if promised is not None:
                    self._same_kind(promised, sent, at, subject, side, form)
                elif not self._taken(sent, base_alternatives, side):
                    others = tuple(base_alternatives)
                    self.meet("unmatched", None, sent, at, side, subject, others=others)

    def _taken(self, value: Alternative, receivers: list[Alternative], side: Side) -> bool:
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

    def _same_kind(
        self,
        base: Alternative,
        current: Alternative,
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
        shared = base.kind if base.kind == current.kind else ""  # "": an integer as a number
        self.meet("schema", base.schema, current.schema, at, side, subject, name=shared)
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
        self.meet("item", base, current, at, side, subject)
        if base is not False and current is not False:
            self.schemas(base, current, at, subject, side)

    def _object(
        self, base: JSON, current: JSON, at: str, subject: str, side: Side, form: bool
    ) -> None:
        base_fields = base.get("properties") or {}
        current_fields = current.get("properties") or {}
        named = [*base_fields, *(n for n in current_fields if n not in base_fields)]
        named += sorted(set(current.get("required", [])) - set(named))
        for name in named:
            schema, now = base_fields.get(name), current_fields.get(name)
            where, defined = f"{at}.{name}", f"{subject}.properties.{name}"
            pair = self.meet(
                "field",
                schema,
                now,
                where,
                side,
                defined,
                name=name,
                parents=(base, current),
                wire=form,
            )
            if pair.kept and visible(schema, pair):
                self.schemas(pair.base, pair.current, where, defined, side, wire=form)
        # Fields an object does not list: a map's values, a key a map now lists, or a
        # request field a map now takes (api-removed-field lets that pass).
        base_extra = base.get("additionalProperties", True)
        current_extra = current.get("additionalProperties", True)
        if side == "request" and isinstance(current_extra, dict):
            for name, schema in base_fields.items():
                if name not in current_fields and not flag(schema, "readOnly"):
                    where, defined = f"{at}.{name}", f"{subject}.properties.{name}"
                    self.schemas(schema, current_extra, where, defined, side, wire=form)
        if isinstance(base_extra, dict):
            for name, schema in sorted(current_fields.items()):
                if name not in base_fields:
                    where, defined = f"{at}.{name}", f"{subject}.properties.{name}"
                    self.schemas(base_extra, schema, where, defined, side)
            if isinstance(current_extra, dict):
                where, defined = f"{at}.*", f"{subject}.additionalProperties"
                self.schemas(base_extra, current_extra, where, defined, side)

    def _alternatives(
        self, document: JSON, schema: Any, ref: str | None = None, depth: int = 0
    ) -> list[Alternative]:
        """The branches of a schema: refs followed, anyOf/oneOf spread, allOf merged."""
        if not isinstance(schema, dict) or depth > 32:
            return [Alternative("any", {}, ref)]
        if isinstance(schema.get("$ref"), str):
            name = schema["$ref"].rsplit("/", 1)[-1]
            target = {**follow(document, schema["$ref"])}
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
        return [Alternative(kind, schema, ref) for kind in kinds(schema)]


def _accepts(sent: Alternative, receiver: Alternative) -> bool:
    """Does a receiver of this kind take every value of the sent kind?"""
    return receiver.kind in (sent.kind, "any") or (sent.kind, receiver.kind) == (
        "integer",
        "number",
    )


def _accepts_text(sent: Alternative, receiver: Alternative) -> bool:
    """The same for a value sent as text: a string takes `7` and `true`, a list one value."""
    if receiver.kind == "string" and sent.kind in _SCALARS:
        return True
    return _accepts(sent, receiver) or (receiver.kind == "array" and sent.kind in _SCALARS)


def _match(
    values: list[Alternative],
    receivers: list[Alternative],
    accepts: Callable[[Alternative, Alternative], bool],
) -> Iterator[tuple[Alternative, Alternative | None]]:
    """Pair each alternative with the one that must take its values: the same component;
    else one of the same kind not paired yet (a renamed component); else any that takes
    it, but never another component's object (a new member of a union is not a changed
    old one). None: nothing takes it."""
    paired: dict[int, Alternative] = {}
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


def _merge(into: JSON, part: JSON) -> JSON:
    merged = {**into, **part}
    merged["properties"] = {**into.get("properties", {}), **part.get("properties", {})}
    merged["required"] = [*into.get("required", []), *part.get("required", [])]
    if not merged["properties"]:
        del merged["properties"]
    if not merged["required"]:
        del merged["required"]
    return merged


def _parameter_schema(parameter: JSON) -> Any:
    """A parameter's schema: its own, or that of its one media type (`content`)."""
    content = parameter.get("content")
    if "schema" not in parameter and isinstance(content, dict) and content:
        return next(iter(content.values())).get("schema", {})
    return parameter.get("schema", {})


def _item(schema: JSON, index: int) -> Any:
    """What an array allows at `index`: its prefixItems' schema there, else its items."""
    prefix = schema.get("prefixItems") or []
    return prefix[index] if index < len(prefix) else schema.get("items", {})
