"""OpenAPI links between the operations of each resource, so that clients (and schemathesis'
stateful phase) can follow a created record to its detail and carry its ETag into If-Match:

- a POST's 201 leads to GET, PATCH, PUT and DELETE of the record it created (its `id`);
- a detail GET's 200 leads to PATCH, PUT and DELETE of the same record, with If-Match set to the
  ETag it answered.

A drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]).
"""

IF_MATCH = {"header.If-Match": "$response.header.ETag"}


def _operations(path_item: dict) -> dict:
    return {m: op for m, op in path_item.items() if m in ("get", "put", "patch", "delete")}


def add_links(result, generator, request, public):
    """Link each list's POST and each detail's GET to the operations on the same record."""
    paths = result.get("paths", {})
    for path, item in paths.items():
        if not path.endswith("/") or "{" in path or "post" not in item:
            continue
        detail_paths = [
            p for p in paths if p.startswith(path + "{") and p.count("/") == path.count("/") + 1
        ]
        if not detail_paths:
            continue
        detail = detail_paths[0]
        name = detail[len(path) + 1 : detail.index("}", len(path))]
        created = item["post"]["responses"].get("201")
        operations = _operations(paths[detail])
        if created is not None:
            created["links"] = {
                f"{method.upper()}Created": {
                    "operationId": op["operationId"],
                    "parameters": {name: "$response.body#/id"}
                    | (IF_MATCH if method in ("put", "patch") else {}),
                }
                for method, op in operations.items()
            }
        read = operations.get("get", {}).get("responses", {}).get("200")
        if read is not None:
            read["links"] = {
                f"{method.upper()}Read": {
                    "operationId": op["operationId"],
                    "parameters": {name: f"$request.path.{name}"}
                    | (IF_MATCH if method in ("put", "patch") else {}),
                }
                for method, op in operations.items()
                if method != "get"
            }
    return result
