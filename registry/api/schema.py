"""OpenAPI details drf-spectacular cannot infer: write bodies and error answers."""

from drf_spectacular.openapi import AutoSchema

ERROR_SCHEMA = {
    "type": "object",
    "description": "What went wrong: `detail`, or the name of each bad parameter "
    "or field with its messages.",
    "additionalProperties": True,
}
ERRORS = {
    "400": "A parameter or field is malformed; the key names it.",
    "401": "Not signed in: send `Authorization: Token <key>`.",
    "403": "Signed in without the permission for this change.",
    "404": "No published record has this identifier.",
    "429": "Too many requests; wait for the seconds in `Retry-After`.",
}


class RegistryAutoSchema(AutoSchema):
    """Writes take the input serializer and answer with the record as read."""

    def get_request_serializer(self):
        return getattr(self.view, "input_serializer_class", None) or (
            super().get_request_serializer()
        )

    def get_auth(self):
        auth = super().get_auth()
        if self.method in ("GET", "HEAD", "OPTIONS") and {} not in auth:
            auth.append({})  # Reading needs no account.
        return auth

    def get_response_serializers(self):
        return getattr(self.view, "serializer_class", None) or (
            super().get_response_serializers()
        )


def add_error_responses(result, generator, request, public):
    """Document the errors every operation may answer, `format`, and CSV as text."""
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            codes = ["400", "429"]
            if "{" in path:
                codes.append("404")
            if method in ("post", "put", "patch"):
                codes += ["401", "403"]
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    parameter["schema"].pop("description", None)
                    parameter["description"] = "The record's `id`, as in its `api_url`."
                if parameter["name"] == "format":
                    parameter["description"] = (
                        "`json` (the default) or `csv`: on a list, every filtered "
                        "row as a UTF-8 CSV file (`page` and `page_size` are "
                        "ignored)."
                    )
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(
                    code,
                    {
                        "description": ERRORS[code],
                        "content": {"application/json": {"schema": ERROR_SCHEMA}},
                    },
                )
            for response in responses.values():
                csv = response.get("content", {}).get("text/csv")
                if csv is not None:
                    csv["schema"] = {
                        "type": "string",
                        "description": "UTF-8 CSV with a byte-order mark: one row "
                        "per record, nested records by id.",
                    }
    return result
