"""Orders."""


def total(lines):
    return sum(price * qty for price, qty in lines)
