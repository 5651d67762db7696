from django import template

register = template.Library()


@register.filter
def cents(value):
    return f"{value / 100:.2f}"
