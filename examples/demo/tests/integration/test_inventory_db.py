import sqlalchemy as sa
from testcontainers.postgres import PostgresContainer


def test_orders_table_roundtrip():
    with PostgresContainer("postgres:16") as pg:
        engine = sa.create_engine(pg.get_connection_url())
        with engine.begin() as conn:
            assert conn.execute(sa.text("select 1")).scalar() == 1
