from kailash.nodes.base import Node, register_node


@register_node()
class ValidateOrderNode(Node):
    """Checks an order before it enters the pipeline."""

    def run(self, order: dict) -> dict:
        if order["total_cents"] <= 0:
            raise ValueError("order total must be positive")
        return order
