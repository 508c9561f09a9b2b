"""Block Kit to HTML for the sandbox page: messages, App Home and modals, from the bot's JSON.

Every string goes through Markup (escaped) or `mrkdwn_to_html`; buttons become submit buttons
named `act` whose value ("block:element") says which element of the blocks was pressed.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from bot.sandbox.inputs_html import input_block_html
from bot.sandbox.reader import Block, Reader, text_html


def blocks_html(blocks: list[Block], reader: Reader) -> Markup:
    parts = []
    for index, block in enumerate(blocks):
        kind = block.get("type")
        if kind == "input":
            parts.append(input_block_html(index, block, reader))
        else:
            parts.append(LAYOUT.get(str(kind), _unsupported)(index, block, reader))
    return Markup("").join(parts)


def _section(index: int, block: Block, reader: Reader) -> Markup:
    fields = Markup("").join(Markup('<div class="field">{}</div>').format(text_html(f, reader))
                             for f in block.get("fields") or [])
    accessory = block.get("accessory")
    side = element_html(index, 0, accessory, reader) if isinstance(accessory, dict) else ""
    return Markup('<div class="block section"><div class="text">{}</div>'
                  '<div class="fields">{}</div>{}</div>').format(
        text_html(block.get("text"), reader), fields, side)


def _header(_index: int, block: Block, reader: Reader) -> Markup:
    return Markup('<h3 class="block header">{}</h3>').format(text_html(block.get("text"), reader))


def _divider(_index: int, _block: Block, _reader: Reader) -> Markup:
    return Markup('<hr class="block divider">')


def _context(_index: int, block: Block, reader: Reader) -> Markup:
    parts = (text_html(e, reader) for e in block.get("elements") or [] if e.get("type") != "image")
    return Markup('<div class="block context">{}</div>').format(
        Markup(" · ").join(parts))


def _actions(index: int, block: Block, reader: Reader) -> Markup:
    elements = Markup("").join(element_html(index, number, element, reader)
                               for number, element in enumerate(block.get("elements") or []))
    return Markup('<div class="block actions">{}</div>').format(elements)


def _image(_index: int, block: Block, _reader: Reader) -> Markup:
    return Markup('<img class="block image" src="{}" alt="{}">').format(
        block.get("image_url", ""), block.get("alt_text", ""))


def _unsupported(_index: int, block: Block, _reader: Reader) -> Markup:
    return Markup('<div class="block unsupported">[{} block]</div>').format(block.get("type"))


LAYOUT: dict[str, Callable[[int, Block, Reader], Markup]] = {
    "section": _section, "header": _header, "divider": _divider, "context": _context,
    "actions": _actions, "image": _image,
}


def element_html(index: int, number: int, element: Block, reader: Reader) -> Markup:
    """An interactive element outside an input block: pressing it is a block_actions."""
    where = f"{index}:{number}"
    if element.get("type") == "button":
        style = element.get("style") or "default"
        return Markup('<button type="submit" name="act" value="{}" class="btn {}">{}</button>'
                      ).format(where, style, text_html(element.get("text"), reader))
    if element.get("type") in ("static_select", "overflow"):
        options = Markup("").join(
            Markup('<button type="submit" name="act" value="{}:{}" class="btn">{}</button>')
            .format(where, option.get("value"), text_html(option.get("text"), reader))
            for option in element.get("options") or [])
        return Markup('<span class="choices">{}</span>').format(options)
    return Markup('<span class="unsupported">[{}]</span>').format(element.get("type"))
