from unittest.mock import MagicMock, patch

from app.nodes.enrich import EnrichOrderNode


@patch("app.llm.httpx.post")
def test_enrich_order(mock_post):
    mock_post.return_value = MagicMock(json=lambda: {"text": "ok"})
    node = EnrichOrderNode()
    assert node.run({"id": 1, "total_cents": 100})["summary"] == "ok"
