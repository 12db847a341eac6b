"""The pure domain and the database models speak of the same states and kinds."""

from petitions.cases.models import Kind, Status
from petitions.domain import workflow


def test_the_models_store_exactly_the_states_the_workflow_knows():
    assert {status.value for status in Status} == set(workflow.STATES)


def test_the_models_store_exactly_the_kinds_the_workflow_knows():
    assert {kind.value for kind in Kind} == set(workflow.KINDS)
