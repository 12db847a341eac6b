"""Guards at the door: each class of bad input is refused in one place, before any handler.

- NUL characters and lone surrogates in the path, query string, form fields or JSON strings
  (PostgreSQL refuses the first, UTF-8 cannot carry the second): 400.
- Query and form values made of digits that int() cannot read (², thousands of digits): 400.
- JSON nested deeper than JSON_MAX_DEPTH: 400. A JSON body larger than JSON_MAX_BYTES,
  however it arrives: 413 (uploads, multipart, keep MAX_CONTENT_LENGTH).
- Row ids past the database's integer range: the `id` URL converter does not match them
  (404), and `row_id` turns an id from a JSON body or a query string into None.

Dates have their range check in petitions.domain.dates, used by every date parser.
"""

import json
from collections.abc import Iterable
from contextlib import suppress

from flask import Flask, current_app, request
from flask.json.provider import DefaultJSONProvider
from flask.wrappers import Request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge
from werkzeug.routing import IntegerConverter

# Every id column is INTEGER: int4 on PostgreSQL, so a larger number is no row of ours.
MAX_ID = 2**31 - 1
# Our deepest document (a petition with co-petitioners) nests four levels.
JSON_MAX_DEPTH = 64
# More digits than any number we read, fewer than int() refuses to parse (4300).
MAX_DIGITS = 1000


class RefusedInput(ValueError):
    """Input no handler should see; answered with `status` and a message in the user's words."""

    def __init__(self, message, *, status: int = 400, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.field = field


def check_text(value: str, field: str | None = None) -> str:
    """The text itself, or RefusedInput when it holds a NUL or a lone surrogate."""
    if "\x00" in value:
        raise RefusedInput(_l("Dữ liệu gửi lên chứa ký tự NUL."), field=field)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise RefusedInput(
            _l("Dữ liệu gửi lên chứa ký tự Unicode không hợp lệ (surrogate đơn lẻ)."), field=field
        ) from None
    return value


def _too_deep() -> RefusedInput:
    return RefusedInput(_l("Dữ liệu JSON lồng nhau quá %(n)d cấp.", n=JSON_MAX_DEPTH))


def check_parameter(name: str | None, value: str | None) -> None:
    """A query or form parameter: text check_text accepts and, when made only of digits, a
    number int() can read. Handlers read numbers as `raw.isdigit() and int(raw)`; a value
    isdigit() accepts but int() refuses (a superscript ², thousands of digits) stops here."""
    name, value = name or "", value or ""  # a multipart part may come without a name
    check_text(name)
    check_text(value, name)
    if value.isdigit() and (not value.isdecimal() or len(value) > MAX_DIGITS):
        raise RefusedInput(_l("Giá trị này không phải là một số hợp lệ."), field=name)


def loads(text: str | bytes, **kwargs):
    """json.loads, refusing documents nested deeper than JSON_MAX_DEPTH and strings (keys too)
    that check_text refuses. Every request body and payload part is read through this."""
    try:
        document = json.loads(text, **kwargs)
    except RecursionError:
        raise _too_deep() from None
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            check_text(value)
        elif isinstance(value, dict | list):
            if depth > JSON_MAX_DEPTH:
                raise _too_deep()
            if isinstance(value, dict):
                for key in value:
                    check_text(key)
                items: Iterable = value.values()
            else:
                items = value
            stack.extend((item, depth + 1) for item in items)
    return document


class GuardedJSONProvider(DefaultJSONProvider):
    def loads(self, s: str | bytes, **kwargs):
        return loads(s, **kwargs)


class GuardedRequest(Request):
    """A JSON body may be at most JSON_MAX_BYTES, however it arrives: the input stream reads
    no further than that (one byte further for a chunked body, which the stream would cut at
    the limit without a word, so that the guard can tell it was longer)."""

    @property
    def json_limit(self) -> int | None:
        limit = super().max_content_length
        if self._max_content_length is not None or not current_app or not self.is_json:
            return None
        json_limit = int(current_app.config["JSON_MAX_BYTES"])
        return json_limit if limit is None else min(limit, json_limit)

    @property
    def max_content_length(self) -> int | None:
        json_limit = self.json_limit
        if json_limit is None:
            return super().max_content_length
        return json_limit + 1 if self.content_length is None else json_limit

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value

    def on_json_loading_failed(self, e: ValueError | None):
        if isinstance(e, RefusedInput):
            raise e
        return super().on_json_loading_failed(e)


class IdConverter(IntegerConverter):
    """`<id:case_id>`: a row id, 1 to MAX_ID; anything else is no page (404)."""

    regex = r"\d{1,10}"

    def __init__(self, map, *args, **kwargs):
        super().__init__(map, min=1, max=MAX_ID)


def row_id(value) -> int | None:
    """An id read from a JSON body (a number) or a query string (digits), within the
    database's range; None for anything else, so that the lookup simply finds nothing."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit() and len(text) <= 10):
            return None
        value = int(text)
    if isinstance(value, int) and 0 < value <= MAX_ID:
        return value
    return None


def _check_json_size() -> None:
    limit = request.json_limit
    if limit is None:
        return
    try:
        too_large = len(request.get_data()) > limit
    except RequestEntityTooLarge:
        too_large = True
    if too_large:
        raise RefusedInput(
            _l("Dữ liệu JSON tối đa %(kb)d KB.", kb=max(limit // 1024, 1)), status=413
        )


def _check_request() -> None:
    check_text(request.path)
    for name, value in request.args.items(multi=True):
        check_parameter(name, value)
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for name, value in request.form.items(multi=True):
            check_parameter(name, value)
        for name, storage in request.files.items(multi=True):
            check_parameter(name, storage.filename or "")
    if request.is_json:
        _check_json_size()
        # Unreadable JSON is left to the handler, which answers in its own words.
        with suppress(BadRequest):
            request.get_json()


def register(app: Flask) -> None:
    app.request_class = GuardedRequest
    app.json = GuardedJSONProvider(app)
    # Every integer in our paths is a row id: routes still written `<int:…>` get the same
    # bounds as `<id:…>`, so no path can carry a number the database cannot compare.
    app.url_map.converters["id"] = app.url_map.converters["int"] = IdConverter
    app.before_request(_check_request)
