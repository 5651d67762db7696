"""Restores a cart from the session after login."""


def restore_cart(session):
    return dict(session.get("cart", {}))
