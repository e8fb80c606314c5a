"""The Blueprint every API module uses: bad JSON is a 422 like any other bad input, and so is JSON no
database could store (NUL, lone surrogates), nested absurdly deep, or with numbers of thousands of digits."""
from __future__ import annotations

import json
from functools import cache
from typing import Any

import marshmallow as ma

from flask_smorest import Blueprint
from webargs import core
from webargs.flaskparser import FlaskParser, abort, is_json_request

from ledger.domain.errors import InvalidInput
from ledger.domain.problems import Problem
from ledger.domain.text import MAX_JSON_DEPTH, json_number, json_problems


@cache
def schema_instance(schema_class: type[ma.Schema]) -> ma.Schema:
    """One instance per schema class and process: webargs would build a new one for every request (a tenth of a
    `POST /api/v1/tasks`'s CPU, by profile), and loading keeps no state on the instance."""
    return schema_class()


class StrictParser(FlaskParser):
    """webargs parser that answers malformed or unstorable JSON with 422 naming the field."""

    DEFAULT_VALIDATION_STATUS = 422

    def _get_schema(self, argmap: Any, req: Any) -> ma.Schema:
        if isinstance(argmap, type) and issubclass(argmap, ma.Schema):
            return schema_instance(argmap)
        return super()._get_schema(argmap, req)

    def _raw_load_json(self, req: Any) -> Any:
        if not is_json_request(req):
            return core.missing
        try:
            text = req.get_data(cache=True).decode("utf-8")
        except UnicodeDecodeError as error:
            raise json.JSONDecodeError(f"Bytes decoding error : {error.reason}", doc="?", pos=error.start) from None
        try:
            # Numbers stay text until their length is checked: int() of 5,000 digits raises (and costs).
            document = json.loads(text, parse_int=json_number, parse_float=json_number)
        except RecursionError:
            raise InvalidInput.single("body", "nested_too_deeply", max_depth=MAX_JSON_DEPTH) from None
        problems = json_problems(document)
        if problems:
            raise InvalidInput(problems={field: [Problem.of(code, params) for code, params in items]
                                         for field, items in problems.items()})
        return document

    def _handle_invalid_json_error(self, error: Any, req: Any, *args: Any, **kwargs: Any) -> None:
        abort(422, exc=error, messages={"json": {"body": [f"Invalid JSON body: {error}."]}})


class ApiBlueprint(Blueprint):
    """A flask-smorest Blueprint with the strict parser."""

    ARGUMENTS_PARSER = StrictParser()
