from kailash.nodes.base import Node

from app.llm import summarize


class EnrichOrderNode(Node):
    """Adds an LLM summary to an order."""

    def run(self, order: dict) -> dict:
        order["summary"] = summarize(order)
        return order
