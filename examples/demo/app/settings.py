import os

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://localhost/orderflow")
API_TOKEN = os.environ["API_TOKEN"]
REDIS_PASSWORD = os.getenv("REDIS_PASSWORD", "production_password")
