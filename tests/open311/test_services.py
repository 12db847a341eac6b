"""The service list and definitions a civic client reads before filing."""

from xml.etree import ElementTree

import pytest


def test_the_service_list_offers_feedback_and_recommendation_only(client, province):
    response = client.get("/open311/v2/services.json")

    assert response.status_code == 200
    services = response.get_json()
    assert [s["service_code"] for s in services] == ["feedback", "recommendation"]
    for service in services:
        assert set(service) == {
            "service_code",
            "service_name",
            "description",
            "metadata",
            "type",
            "keywords",
            "group",
        }
        assert service["metadata"] is True
        assert service["type"] == "realtime"
        assert isinstance(service["keywords"], str)
    assert services[0]["service_name"] == "Phản ánh"


def test_the_service_list_speaks_english_when_asked(client, province):
    services = client.get("/open311/v2/services.json", headers={"Accept-Language": "en"}).get_json()

    assert [s["service_name"] for s in services] == ["Feedback", "Recommendation"]
    assert "feedback" in services[0]["keywords"]


def test_the_service_list_is_also_served_as_georeport_xml(client, province):
    response = client.get("/open311/v2/services.xml")

    assert response.status_code == 200
    assert response.content_type == "text/xml; charset=utf-8"
    root = ElementTree.fromstring(response.data)
    assert root.tag == "services"
    assert [s.findtext("service_code") for s in root.findall("service")] == [
        "feedback",
        "recommendation",
    ]
    assert root.find("service/metadata").text == "true"


def test_the_definition_documents_the_identity_intake_requires(client, district):
    definition = client.get("/open311/v2/services/feedback.json").get_json()

    assert definition["service_code"] == "feedback"
    attributes = {a["code"]: a for a in definition["attributes"]}
    assert list(attributes) == ["unit", "full_name", "id_number", "address", "confidential"]
    assert [a["order"] for a in definition["attributes"]] == [1, 2, 3, 4, 5]
    assert "12" in attributes["id_number"]["datatype_description"]
    assert "phone" in attributes["id_number"]["description"]
    assert {v["key"] for v in attributes["unit"]["values"]} == {"HG", "HG-BQ"}
    assert {v["key"] for v in attributes["confidential"]["values"]} == {"true", "false"}
    assert not any(a["required"] for a in definition["attributes"])


def test_the_definition_in_xml_nests_attributes_and_values(client, district):
    root = ElementTree.fromstring(client.get("/open311/v2/services/recommendation.xml").data)

    assert root.tag == "service_definition"
    codes = [a.findtext("code") for a in root.findall("attributes/attribute")]
    assert codes == ["unit", "full_name", "id_number", "address", "confidential"]
    keys = [v.findtext("key") for v in root.findall("attributes/attribute/values/value")]
    assert "HG-BQ" in keys


@pytest.mark.parametrize("code", ["complaint", "denunciation", "pothole"])
def test_an_unknown_or_refused_service_answers_404_in_georeport_shape(client, province, code):
    response = client.get(f"/open311/v2/services/{code}.json")

    assert response.status_code == 404
    [error] = response.get_json()
    assert error["code"] == 404
    assert error["description"].startswith("service_code: ")


def test_an_unknown_jurisdiction_answers_404(client, province):
    response = client.get("/open311/v2/services.json?jurisdiction_id=XX-NOWHERE")

    assert response.status_code == 404
    assert response.get_json()[0]["description"].startswith("jurisdiction_id: ")


def test_a_known_jurisdiction_is_accepted(client, district):
    assert client.get("/open311/v2/services.json?jurisdiction_id=hg-bq").status_code == 200


def test_discovery_names_the_endpoint_and_both_formats(client):
    body = client.get("/open311/v2/discovery.json").get_json()

    [endpoint] = body["endpoints"]
    assert endpoint["url"].endswith("/open311/v2")
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert set(endpoint["formats"]) == {"application/json", "text/xml"}


def test_the_openapi_document_lists_the_open311_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]

    assert set(paths["/open311/v2/requests.{format}"]) == {"get", "post"}
    assert "/open311/v2/services.{format}" in paths
    assert "/open311/v2/services/{service_code}.{format}" in paths
    assert "/open311/v2/requests/{service_request_id}.{format}" in paths
