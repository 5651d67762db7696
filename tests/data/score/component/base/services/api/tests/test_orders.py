from api.orders import total


def test_total():
    assert total([(2, 3), (1, 1)]) == 7
