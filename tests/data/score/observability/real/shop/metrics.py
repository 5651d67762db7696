from prometheus_client import Counter

ORDERS = Counter("shop_orders_total", "Orders placed")


def order_placed():
    ORDERS.inc()
