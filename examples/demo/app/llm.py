import os

import httpx

USE_MOCK_LLM = os.getenv("USE_MOCK_LLM", "false") == "true"


def summarize(order: dict) -> str:
    """Summarize an order with the LLM (the word mock here is only a docstring)."""
    if USE_MOCK_LLM:
        # For now, return a mock response
        return "Mock summary: order looks fine"
    response = httpx.post(
        "https://llm.internal/v1/complete",
        json={"prompt": f"Summarize order {order['id']}"},
        timeout=10,
    )
    response.raise_for_status()
    return response.json()["text"]
