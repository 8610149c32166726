"""The base of every model the API answers with."""

from pydantic import BaseModel, ConfigDict


class ResponseModel(BaseModel):
    """A response field with a default is always sent, so the OpenAPI document lists it as
    required. Making it optional later is then a change the API gate sees
    (`api-field-optional`), as every client that reads it would."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)
