from kailash.workflow import WorkflowBuilder


def build_order_workflow() -> WorkflowBuilder:
    workflow = WorkflowBuilder()
    workflow.add_node("ValidateOrderNode", "validate", {})
    workflow.add_node("EnrichOrderNode", "enrich", {})
    workflow.add_node("FraudScoreNode", "fraud", {"threshold": 0.8})
    workflow.add_connection("validate", "enrich")
    return workflow
