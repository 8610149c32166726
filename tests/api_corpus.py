"""Changes to a FastAPI app, each with the API gate's verdict (tests/test_api_gate.py).

Every case edits the source of one small app (BASE) and names the rule ids the change
must be refused with; an empty set means it must pass. Both documents come from FastAPI
itself, so they are written the way a real service's are (Optional as anyOf with null,
Pydantic's -Input/-Output schemas, a discriminated union as oneOf).
"""

from dataclasses import dataclass

BASE = '''
from enum import Enum
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, Header, Query
from fastapi.security import HTTPBearer
from pydantic import BaseModel, ConfigDict, Field


class Out(BaseModel):
    """Response models list fields with defaults as required, as the project's do."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)


class Color(str, Enum):
    red = "red"
    blue = "blue"


class Owner(Out):
    email: str


class Account(Out):
    id: int
    name: str = Field(max_length=50)
    nickname: str
    balance: float
    color: Color
    owner: Owner
    tags: list[str] = []
    note: str | None = None
    meta: dict[str, int] = {}
    point: tuple[int, int] = (0, 0)


class AccountIn(BaseModel):
    name: str = Field(min_length=1, max_length=50)
    nickname: str | None = None
    color: Color = Color.red
    amount: float = 0
    limit: int = Field(default=10, ge=0, le=100)
    tags: list[str] = []
    labels: dict[str, str] = {}
    code: str = Field(default="a", pattern="^[a-z]+$")


class Cat(Out):
    kind: Literal["cat"]
    lives: int


class Dog(Out):
    kind: Literal["dog"]
    barks: bool


class Receipt(Out):
    """A closed response object: a client may refuse a field it does not know."""

    model_config = {**Out.model_config, "extra": "forbid"}
    version: int
    label: str = Field(max_length=30)


class Balance(Out):
    amount_due: float = Field(serialization_alias="amountDue")


HEADERS = {"X-Version": {"required": True, "schema": {"type": "integer"}}}
# Where a client goes next with the answer: the account, by the id it sent.
LINKS = {"account": {"operationId": "read_account", "parameters": {"id": "$request.path.id"}}}
Pet = Annotated[Cat | Dog, Field(discriminator="kind")]
app = FastAPI(servers=[{"url": "https://api.example.com"}])


@app.get("/accounts/{account_id}")
async def read_account(account_id: int) -> Account: ...


@app.get("/accounts")
async def list_accounts(
    limit: int = Query(10, le=100),
    order: Literal["asc", "desc"] = "asc",
    x_tenant: str | None = Header(None),
) -> list[Account]: ...


@app.post("/accounts")
async def create_account(account: AccountIn) -> Account | None: ...


@app.get("/pets/{pet_id}", response_model=Pet)
async def read_pet(pet_id: int) -> object: ...


# The same URL as GET /accounts/{account_id}, another template: one operation each.
@app.patch("/accounts/{id}", responses={200: {"headers": HEADERS}})
async def rename_account(id: int, label: str, hard: bool = False) -> Receipt: ...


@app.get("/owners/{id}", responses={200: {"links": LINKS}})
async def read_owner(id: int) -> dict[str, str]: ...


@app.get("/balances/{id}")
async def read_balance(id: int) -> Balance: ...


# What the API sends to its clients' own endpoints.
@app.webhooks.post("account-closed")
async def account_closed(receipt: Receipt) -> None: ...
'''


@dataclass(frozen=True)
class Case:
    name: str
    edits: tuple[tuple[str, str], ...]  # (text of BASE, what replaces it)
    breaks: frozenset[str]  # rule ids; empty: the change must pass

    def source(self) -> str:
        source = BASE
        for old, new in self.edits:
            assert source.count(old) == 1, f"{self.name}: {old!r} is not once in BASE"
            source = source.replace(old, new)
        return source


def breaking(name: str, rule: str, *edits: tuple[str, str]) -> Case:
    return Case(name, edits, frozenset({rule}))


def passing(name: str, *edits: tuple[str, str]) -> Case:
    return Case(name, edits, frozenset())


NEW_ROUTE = """

@app.get("/health")
async def health() -> dict[str, str]: ...
"""

CASES = [
    # Removed or renamed: paths, operations, parameters, fields (nested, behind $ref, in
    # arrays, in anyOf and oneOf members).
    breaking(
        "an endpoint removed",
        "api-removed-operation",
        ('@app.get("/pets/{pet_id}", response_model=Pet)\n', ""),
    ),
    breaking("a path renamed", "api-removed-operation", ('"/pets/{pet_id}"', '"/pet/{pet_id}"')),
    breaking(
        "a method changed",
        "api-removed-operation",
        ('@app.post("/accounts")', '@app.put("/accounts")'),
    ),
    breaking(
        "a query parameter removed",
        "api-removed-parameter",
        ("    limit: int = Query(10, le=100),\n", ""),
    ),
    breaking(
        "a query parameter renamed",
        "api-removed-parameter",
        ("    limit: int = Query", "    size: int = Query"),
    ),
    breaking(
        "a header removed",
        "api-removed-parameter",
        ("    x_tenant: str | None = Header(None),\n", ""),
    ),
    breaking("a response field removed", "api-removed-field", ("    nickname: str\n", "")),
    breaking(
        "a response field renamed",
        "api-removed-field",
        ("    balance: float\n", "    money: float\n"),
    ),
    breaking(
        "a nested field behind $ref renamed",
        "api-removed-field",
        ("    email: str\n", "    mail: str\n"),
    ),
    breaking("a field of a oneOf member removed", "api-removed-field", ("    lives: int\n", "")),
    breaking("a request field removed", "api-removed-field", ("    amount: float = 0\n", "")),
    # Responses that promise less: null, absent, another type, a new enum value, another status.
    breaking(
        "a response field may be null",
        "api-field-nullable",
        ("    nickname: str\n", "    nickname: str | None\n"),
    ),
    breaking(
        "response fields with defaults no longer listed as required",
        "api-field-optional",
        ("defaults_required=True", "defaults_required=False"),
    ),
    breaking(
        "a response field's type changed", "api-type-change", ("    id: int\n", "    id: str\n")
    ),
    breaking(
        "a response integer became a number",
        "api-type-change",
        ("    id: int\n", "    id: float\n"),
    ),
    breaking(
        "a response object became a string",
        "api-type-change",
        ("    owner: Owner\n", "    owner: str\n"),
    ),
    breaking(
        "a value added to a response enum",
        "api-response-enum-value-added",
        ('    blue = "blue"\n', '    blue = "blue"\n    green = "green"\n'),
    ),
    breaking(
        "the success status changed",
        "api-removed-response",
        ('@app.post("/accounts")', '@app.post("/accounts", status_code=201)'),
    ),
    # Requests that accept less: a type, null, an enum value, a limit, a required input.
    breaking(
        "a value a client may send removed",
        "api-removed-enum-value",
        ('Literal["asc", "desc"]', 'Literal["asc"]'),
    ),
    breaking(
        "a request number narrowed to an integer",
        "api-type-change",
        ("    amount: float = 0\n", "    amount: int = 0\n"),
    ),
    breaking(
        "a request field no longer accepts null",
        "api-type-change",
        ("    nickname: str | None = None\n", '    nickname: str = ""\n'),
    ),
    breaking(
        "request array items narrowed",
        "api-type-change",
        ("    tags: list[str] = []\n    labels", "    tags: list[int] = []\n    labels"),
    ),
    breaking(
        "a new required query parameter",
        "api-new-required",
        ("async def list_accounts(\n", "async def list_accounts(\n    region: str,\n"),
    ),
    breaking(
        "a query parameter became required",
        "api-new-required",
        ("    limit: int = Query(10, le=100)", "    limit: int = Query(le=100)"),
    ),
    breaking(
        "a new required request field",
        "api-new-required",
        ("class AccountIn(BaseModel):\n", "class AccountIn(BaseModel):\n    region: str\n"),
    ),
    breaking(
        "a request field became required",
        "api-new-required",
        ("    color: Color = Color.red\n", "    color: Color\n"),
    ),
    breaking(
        "maxLength lowered",
        "api-tighter-constraint",
        ("min_length=1, max_length=50", "min_length=1, max_length=20"),
    ),
    breaking(
        "maxItems added",
        "api-tighter-constraint",
        (
            "    tags: list[str] = []\n    labels",
            "    tags: list[str] = Field(default=[], max_length=5)\n    labels",
        ),
    ),
    breaking("minimum raised", "api-tighter-constraint", ("default=10, ge=0", "default=10, ge=1")),
    breaking(
        "a query parameter's maximum lowered",
        "api-tighter-constraint",
        ("Query(10, le=100)", "Query(10, le=50)"),
    ),
    breaking(
        "a pattern added",
        "api-tighter-constraint",
        ("min_length=1, max_length=50", 'min_length=1, max_length=50, pattern="^[a-z]+$"'),
    ),
    # Additions, and changes of words or names that mean the same.
    passing("a new endpoint", ('@app.get("/accounts")', NEW_ROUTE + '\n\n@app.get("/accounts")')),
    passing(
        "a new method on a path",
        (
            '@app.get("/accounts")',
            '@app.delete("/accounts/{account_id}")\n'
            "async def delete_account(account_id: int) -> None: ...\n\n\n"
            '@app.get("/accounts")',
        ),
    ),
    passing(
        "a new optional query parameter",
        (
            "async def list_accounts(\n",
            "async def list_accounts(\n    region: str | None = None,\n",
        ),
    ),
    passing(
        "a new optional request field",
        ("class AccountIn(BaseModel):\n", 'class AccountIn(BaseModel):\n    region: str = "eu"\n'),
    ),
    passing(
        "a new response field",
        ("    balance: float\n", '    balance: float\n    region: str = "eu"\n'),
    ),
    passing(
        "a value a client may send added",
        ('Literal["asc", "desc"]', 'Literal["asc", "desc", "new"]'),
    ),
    passing(
        "a request integer widened to a number",
        ("    limit: int = Field(", "    limit: float = Field("),
    ),
    passing(
        "a request field became optional",
        ("Field(min_length=1, max_length=50)", 'Field(default="a", min_length=1, max_length=50)'),
    ),
    passing(
        "a request field may be null",
        ("    amount: float = 0\n", "    amount: float | None = 0\n"),
    ),
    passing(
        "a request limit loosened", ("min_length=1, max_length=50", "min_length=1, max_length=80")
    ),
    passing(
        "a path parameter renamed (the URL is the same)",
        ("/pets/{pet_id}", "/pets/{pet}"),
        ("read_pet(pet_id: int)", "read_pet(pet: int)"),
    ),
    passing(
        "a schema renamed",
        ("class Owner(Out):", "class Person(Out):"),
        ("    owner: Owner\n", "    owner: Person\n"),
    ),
    passing(
        "a response field may no longer be null",
        ("    note: str | None = None\n", '    note: str = ""\n'),
    ),
    passing(
        "only words changed: titles, summaries, descriptions, the version",
        ("app = FastAPI(", 'app = FastAPI(title="Renamed", version="9.9", description="Words", '),
        (
            '@app.get("/accounts/{account_id}")',
            '@app.get("/accounts/{account_id}", summary="One account", description="By id")',
        ),
    ),
    passing(
        "a new error response",
        (
            '@app.get("/accounts/{account_id}")',
            '@app.get("/accounts/{account_id}", responses={404: {"description": "none"}})',
        ),
    ),
    passing(
        "an endpoint deprecated",
        (
            '@app.get("/pets/{pet_id}", response_model=Pet)',
            '@app.get("/pets/{pet_id}", response_model=Pet, deprecated=True, '
            'openapi_extra={"x-deprecation": {"release": "0.3", "date": "2026-01-31"}})',
        ),
    ),
    # Two templates of one URL: each operation is compared with its own.
    breaking(
        "an operation behind a twin template removed",
        "api-removed-operation",
        ('@app.patch("/accounts/{id}"', '@app.put("/accounts/{id}"'),
    ),
    breaking(
        "the other twin's operation removed",
        "api-removed-operation",
        ('@app.get("/accounts/{account_id}")\nasync def read_account', "async def read_account"),
    ),
    breaking(
        "a parameter of a twin template's operation removed",
        "api-removed-parameter",
        (", hard: bool = False)", ")"),
    ),
    passing(
        "twin templates renamed to one",
        ('@app.patch("/accounts/{id}"', '@app.patch("/accounts/{account_id}"'),
        ("rename_account(id: int", "rename_account(account_id: int"),
    ),
    # Statuses, headers, servers, security: what a client handles besides the body.
    breaking(
        "a new success status",
        "api-response-status-added",
        (
            '@app.post("/accounts")',
            '@app.post("/accounts", responses={202: {"description": "queued"}})',
        ),
    ),
    breaking(
        "a response header removed",
        "api-removed-header",
        (', responses={200: {"headers": HEADERS}})', ")"),
    ),
    breaking(
        "a response header's type changed",
        "api-type-change",
        ('"schema": {"type": "integer"}}}', '"schema": {"type": "string"}}}'),
    ),
    passing(
        "a response header added",
        ("HEADERS = {", 'HEADERS = {"X-Cursor": {"schema": {"type": "string"}}, '),
    ),
    breaking(
        "the server URL changed",
        "api-removed-server",
        ('"https://api.example.com"', '"https://api.example.org"'),
    ),
    passing(
        "a server added",
        ('"https://api.example.com"}', '"https://api.example.com"}, {"url": "/v2"}'),
    ),
    breaking(
        "authentication required where none was",
        "api-security-change",
        ('@app.get("/accounts")', '@app.get("/accounts", dependencies=[Depends(HTTPBearer())])'),
    ),
    # Defaults: what the server assumes when a client leaves an input out.
    breaking(
        "a query parameter's default changed", "api-default-change", ("Query(10,", "Query(20,")
    ),
    breaking(
        "a request field's default changed",
        "api-default-change",
        ("    color: Color = Color.red\n", "    color: Color = Color.blue\n"),
    ),
    passing(
        "a query parameter widened from integer to string, its default the same text",
        ("    limit: int = Query(10, le=100)", '    limit: str = Query("10")'),
    ),
    passing(
        "an optional header no longer typed as None (text has no null: it is left out)",
        ("x_tenant: str | None = Header(None)", "x_tenant: str = Header(None)"),
    ),
    # Bounds: Pydantic's ge= and gt= (minimum, exclusiveMinimum) are one bound.
    passing(
        "a request bound written gt=/lt= instead of ge=/le= (the same integers)",
        ("default=10, ge=0, le=100", "default=10, gt=-1, lt=101"),
    ),
    breaking(
        "a request bound made exclusive",
        "api-tighter-constraint",
        ("default=10, ge=0, le=100", "default=10, gt=0, le=100"),
    ),
    # What a route leaves out of its answers (response_model_exclude_none, ...): FastAPI's
    # document does not say it, the gate's does (release_checks/api/route_filters.py).
    breaking(
        "a route leaves out the fields that are None",
        "api-field-optional",
        (
            '@app.get("/accounts/{account_id}")',
            '@app.get("/accounts/{account_id}", response_model_exclude_none=True)',
        ),
    ),
    breaking(
        "a route leaves out the fields left at their default",
        "api-field-optional",
        ('@app.get("/accounts")', '@app.get("/accounts", response_model_exclude_unset=True)'),
    ),
    breaking(
        "a route excludes a field by name",
        "api-removed-field",
        (
            '@app.get("/accounts/{account_id}")',
            '@app.get("/accounts/{account_id}", response_model_exclude={"nickname"})',
        ),
    ),
    breaking(
        "a route names its fields, not their aliases",
        "api-removed-field",
        ('@app.get("/balances/{id}")', '@app.get("/balances/{id}", response_model_by_alias=False)'),
    ),
    passing(
        "a route leaves out None where no field may be None",
        (
            '@app.patch("/accounts/{id}", responses',
            '@app.patch("/accounts/{id}", response_model_exclude_none=True, responses',
        ),
    ),
    # Pydantic types with a schema of their own.
    passing(
        "a request string made a SecretStr (format password: a hint, no limit)",
        ("    nickname: str | None = None\n", "    nickname: SecretStr | None = None\n"),
        ("from pydantic import", "from pydantic import SecretStr,"),
    ),
    passing(
        "a request float made a Decimal (its default written as text)",
        ("from enum import Enum", "from decimal import Decimal\nfrom enum import Enum"),
        ("    amount: float = 0\n", "    amount: Decimal = Decimal(0)\n"),
    ),
    breaking(
        "a request string must now hold JSON (Json[int])",
        "api-tighter-constraint",
        ("    nickname: str | None = None\n", "    nickname: Json[int] | None = None\n"),
        ("from pydantic import", "from pydantic import Json,"),
    ),
    # Maps, tuples, closed objects, unions.
    passing(
        "a request body made a map (dict[str, Any]): it takes and keeps every field",
        ("from typing import Annotated, Literal", "from typing import Annotated, Any, Literal"),
        ("create_account(account: AccountIn)", "create_account(account: dict[str, Any])"),
    ),
    Case(
        "a request body made a map of integers",
        (("create_account(account: AccountIn)", "create_account(account: dict[str, int])"),),
        frozenset({"api-type-change", "api-tighter-constraint"}),
    ),
    breaking(
        "a response map's values changed type",
        "api-type-change",
        ("    meta: dict[str, int] = {}\n", "    meta: dict[str, str] = {}\n"),
    ),
    breaking(
        "a request map's values narrowed",
        "api-type-change",
        ("    labels: dict[str, str] = {}\n", "    labels: dict[str, int] = {}\n"),
    ),
    passing(
        "a request map's values widened",
        ("    labels: dict[str, str] = {}\n", "    labels: dict[str, str | int] = {}\n"),
    ),
    breaking(
        "a response tuple's item changed type",
        "api-type-change",
        ("tuple[int, int] = (0, 0)", 'tuple[int, str] = (0, "")'),
    ),
    breaking(
        "a field added to a closed response object",
        "api-looser-response",
        ("    version: int\n", '    version: int\n    at: str = ""\n'),
    ),
    breaking(
        "a response limit loosened",
        "api-looser-response",
        ("Field(max_length=30)", "Field(max_length=60)"),
    ),
    passing("a response limit tightened", ("Field(max_length=30)", "Field(max_length=20)")),
    passing(
        "a response object closed",
        (
            "class Account(Out):\n",
            'class Account(Out):\n    model_config = ConfigDict(extra="forbid")\n',
        ),
    ),
    breaking(
        "a request object closed to unlisted fields",
        "api-tighter-constraint",
        (
            "class AccountIn(BaseModel):\n",
            'class AccountIn(BaseModel):\n    model_config = ConfigDict(extra="forbid")\n',
        ),
    ),
    breaking(
        "a member added to a response union",
        "api-type-change",
        (
            "Pet = Annotated[Cat | Dog,",
            'class Bird(Out):\n    kind: Literal["bird"]\n\n\nPet = Annotated[Cat | Dog | Bird,',
        ),
    ),
    # How a client calls: an operation's id, a parameter's spelling on the wire.
    breaking(
        "an operationId changed",
        "api-operation-id",
        (
            '@app.get("/accounts/{account_id}")',
            '@app.get("/accounts/{account_id}", operation_id="get")',
        ),
    ),
    passing(
        "a function renamed, its operationId kept",
        (
            '@app.get("/accounts/{account_id}")\nasync def read_account(',
            '@app.get("/accounts/{account_id}",'
            ' operation_id="read_account_accounts__account_id__get")\nasync def fetch_account(',
        ),
    ),
    breaking(
        "a query parameter sent as a deep object",
        "api-parameter-style",
        (
            '@app.get("/accounts")\n',
            '@app.get("/accounts", openapi_extra={"parameters": [LIMIT]})\n',
        ),
        (
            "app = FastAPI(",
            'LIMIT = {"name": "limit", "in": "query", "style": "deepObject",'
            ' "schema": {"type": "integer", "maximum": 100, "default": 10}}\napp = FastAPI(',
        ),
    ),
    passing(
        "a header of one value exploded (spelled the same)",
        (
            '@app.get("/accounts")\n',
            '@app.get("/accounts", openapi_extra={"parameters": [TENANT]})\n',
        ),
        (
            "app = FastAPI(",
            'TENANT = {"name": "x-tenant", "in": "header", "explode": True,'
            ' "schema": {"anyOf": [{"type": "string"}, {"type": "null"}]}}\napp = FastAPI(',
        ),
    ),
    # What the API sends back or points to: webhooks, callbacks, links; a discriminator.
    breaking(
        "a webhook removed",
        "api-removed-callback",
        ('@app.webhooks.post("account-closed")\n', ""),
    ),
    passing(
        "a webhook added",
        (
            '@app.webhooks.post("account-closed")\n',
            '@app.webhooks.post("account-opened")\n'
            "async def account_opened(receipt: Receipt) -> None: ...\n\n\n"
            '@app.webhooks.post("account-closed")\n',
        ),
    ),
    breaking("a link removed", "api-removed-link", ('"links": LINKS', '"links": {}')),
    Case(
        "a discriminator's property renamed",
        (
            ('    kind: Literal["cat"]', '    type: Literal["cat"]'),
            ('    kind: Literal["dog"]', '    type: Literal["dog"]'),
            ('discriminator="kind"', 'discriminator="type"'),
        ),
        frozenset({"api-discriminator-change", "api-removed-field"}),
    ),
    # Patterns: loosened passes, narrowed does not.
    passing("a request pattern loosened", ('pattern="^[a-z]+$"', 'pattern="^[a-z0-9_]+$"')),
    passing("a request pattern removed", (', pattern="^[a-z]+$"', "")),
    breaking(
        "a request pattern narrowed",
        "api-tighter-constraint",
        ('pattern="^[a-z]+$"', 'pattern="^[a-z]{2,8}$"'),
    ),
]
