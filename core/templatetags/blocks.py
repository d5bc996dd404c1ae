"""Render the blocks apps offer through core.hooks, in the page that gathered them."""

from collections.abc import Hashable, Iterable
from typing import cast

from django import template
from django.template import Context, Template
from django.utils.safestring import SafeString, mark_safe

from core.hooks import Block, Slot

register = template.Library()


@register.simple_tag(takes_context=True)
def render_block(context: Context, block: Block) -> SafeString:
    """Render the block's template in the page's context, with the block's own context
    on top and the block itself as `block`."""
    # A tag renders within a template, so the context has one.
    page = cast(Template, context.template)
    block_template = page.engine.get_template(block.template)
    with context.push(block=block, **block.context):
        return block_template.render(context)


@register.simple_tag(takes_context=True)
def render_blocks(
    context: Context,
    blocks: Iterable[Block],
    slot: str = Slot.MAIN,
    key: Hashable = None,
) -> SafeString:
    """Render, in order, the blocks of one slot: `{% render_blocks follow_up "actions" %}`;
    in a table's row, those of the row's record: `key=report.pk`. A slot that is no
    Slot raises ValueError."""
    wanted = Slot(slot)
    rendered = [
        render_block(context, block)
        for block in blocks
        if block.slot == wanted and block.key == key
    ]
    # Each part is a rendered template, escaped where it had to be.
    return mark_safe("".join(rendered))
