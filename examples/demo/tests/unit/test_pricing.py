from unittest.mock import MagicMock


def test_total_uses_price_source():
    prices = MagicMock()
    prices.lookup.return_value = 250
    assert prices.lookup("sku-1") * 2 == 500


def test_quote_runs():
    prices = MagicMock()
    prices.lookup("sku-1")
