from django import template
from django.utils.html import format_html

from core.submissions import TOKEN_FIELD, new_token

register = template.Library()


@register.simple_tag
def submission_token() -> str:
    """Render a create form's one-time token (see core.submissions.create_once)."""
    return format_html(
        '<input type="hidden" name="{}" value="{}">', TOKEN_FIELD, new_token()
    )
