"""GeoReport bodies in JSON or in XML (the spec's required format), from the same data."""

import re
from xml.etree import ElementTree

from flask import Response, jsonify

# A list's element name -> the name of each of its items (GeoReport's XML).
ITEM_TAGS = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}
XML_TYPE = "text/xml; charset=utf-8"
FORMATS = ("json", "xml")
# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _fill(element: ElementTree.Element, value) -> None:
    if isinstance(value, dict):
        for name, child in value.items():
            _fill(ElementTree.SubElement(element, name), child)
    elif isinstance(value, list):
        tag = ITEM_TAGS.get(element.tag, "item")
        for child in value:
            _fill(ElementTree.SubElement(element, tag), child)
    else:
        element.text = _text(value)


def to_xml(root: str, value) -> bytes:
    element = ElementTree.Element(root)
    _fill(element, value)
    return ElementTree.tostring(element, encoding="utf-8", xml_declaration=True)


def respond(fmt: str, root: str, value, status: int = 200) -> Response:
    """`value` as JSON, or as XML under the element `root` (e.g. "service_requests")."""
    if fmt == "xml":
        return Response(to_xml(root, value), status=status, content_type=XML_TYPE)
    response = jsonify(value)
    response.status_code = status
    return response


def error_response(status: int, descriptions: list[str], fmt: str = "json") -> Response:
    """GeoReport's error list: [{"code": 400, "description": "…"}], one per problem."""
    body = [{"code": status, "description": description} for description in descriptions]
    return respond(fmt, "errors", body, status)
