from app.nodes.enrich import EnrichOrderNode
from app.nodes.validate import ValidateOrderNode

__all__ = ["EnrichOrderNode", "ValidateOrderNode"]
