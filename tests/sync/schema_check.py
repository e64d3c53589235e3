"""A small JSON-Schema check for the OpenAPI contracts (central_api.yaml, dvcqg_api.yaml): type
(one or several), const, enum, pattern, minLength, minItems, minimum/maximum, date-time with
the +07:00 offset, required, additionalProperties false, items, $ref, oneOf by discriminator."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

TYPES = {"object": dict, "string": str, "integer": int, "array": list}


def resolve(spec, schema):
    while "$ref" in schema:
        target = spec
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        schema = target
    return schema


def validate(spec, schema, value, where="$"):
    schema = resolve(spec, schema)
    if "oneOf" in schema:
        disc = schema["discriminator"]
        branch = disc["mapping"].get(value.get(disc["propertyName"]))
        assert branch, f"{where}: unknown {disc['propertyName']} {value.get(disc['propertyName'])!r}"
        return validate(spec, {"$ref": branch}, value, where)
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        assert any(isinstance(value, TYPES[k]) for k in kinds), f"{where}: {value!r} not {kinds}"
    if "const" in schema:
        assert value == schema["const"], f"{where}: {value!r} != {schema['const']!r}"
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if "minimum" in schema:
        assert value >= schema["minimum"], where
    if "maximum" in schema:
        assert value <= schema["maximum"], where
    if schema.get("format") == "date-time":
        assert datetime.fromisoformat(value).utcoffset() == timedelta(hours=7), f"{where}: {value}"
    if "pattern" in schema:
        assert re.search(schema["pattern"], value), f"{where}: {value!r} !~ {schema['pattern']}"
    if "minLength" in schema:
        assert len(value) >= schema["minLength"], f"{where}: too short"
    if isinstance(value, list):
        assert len(value) >= schema.get("minItems", 0), f"{where}: too few items"
        for i, item in enumerate(value):
            if "items" in schema:
                validate(spec, schema["items"], item, f"{where}[{i}]")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            assert key in value, f"{where}: missing {key}"
        props = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            assert set(value) <= set(props), f"{where}: extra {set(value) - set(props)}"
        for key, sub in props.items():
            if key in value:
                validate(spec, sub, value[key], f"{where}.{key}")
    return None
