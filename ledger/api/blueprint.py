"""The Blueprint every API module uses: bad JSON is a 422 like any other bad input."""
from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from webargs.flaskparser import FlaskParser, abort


class StrictParser(FlaskParser):
    """webargs parser that answers malformed JSON with 422 naming the body."""

    DEFAULT_VALIDATION_STATUS = 422

    def _handle_invalid_json_error(self, error: Any, req: Any, *args: Any, **kwargs: Any) -> None:
        abort(422, exc=error, messages={"json": {"body": [f"Invalid JSON body: {error}."]}})


class ApiBlueprint(Blueprint):
    """A flask-smorest Blueprint with the strict parser."""

    ARGUMENTS_PARSER = StrictParser()
