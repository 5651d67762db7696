import pytest

from shop.cart import Cart


def test_total():
    cart = Cart()
    cart.add("apple", 2)
    assert cart.total({"apple": 3}) == 6


def test_rejects_zero():
    with pytest.raises(ValueError):
        Cart().add("apple", 0)
