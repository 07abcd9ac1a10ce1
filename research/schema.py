"""drf-spectacular postprocessing that makes the OpenAPI document say exactly what the server
does, so that generated clients can trust it."""


def _walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def tidy_schema(result, generator, request, public):
    components = result.get("components", {}).get("schemas", {})
    for name, component in components.items():
        # A response carries every field of its serializer, whether or not a write may leave
        # the field out: a client can count on each key (`title_en: str`, not "str or
        # absent"). Request bodies (…Request) keep their rules; a page's `count` is absent in
        # cursor mode.
        if name.endswith("Request") or name.startswith("Paginated"):
            continue
        if component.get("type") == "object" and "properties" in component:
            component["required"] = list(component["properties"])
    for schema in _walk(components):
        # OpenAPI 3.0 ignores `nullable` on a schema without `type`, and null never passes the
        # referenced schema of an allOf: a nullable reference (Event.stage) is the reference
        # or an explicit null.
        all_of = schema.get("allOf")
        if schema.get("nullable") and "type" not in schema and all_of and len(all_of) == 1:
            del schema["allOf"], schema["nullable"]
            schema["anyOf"] = [*all_of, {"type": "object", "nullable": True, "enum": [None]}]
        # A blank-or-URL field is either an empty string or a URI; "" matches both branches
        # of a oneOf for validators that skip `format`, which makes the oneOf fail.
        one_of = schema.get("oneOf")
        if one_of and len(one_of) == 2 and any(b.get("maxLength") == 0 for b in one_of):
            if all(b.get("type") == "string" for b in one_of):
                schema["anyOf"] = schema.pop("oneOf")
    return result
