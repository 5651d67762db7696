"""Metrics and tracing: opentelemetry spans and prometheus_client metrics."""
# from opentelemetry import trace
# tracer = trace.get_tracer(__name__)
import prometheus_client  # noqa: F401  metrics, tracing, sentry_sdk


def record(name):
    """Would record a metric with prometheus_client.Counter."""
    return name
