"""A modal's input blocks as HTML form fields named `b<index>`, showing what was typed (or the
element's initial value) and the error the bot put under the field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from markupsafe import Markup

from bot.sandbox.reader import Block, Reader, text_html


def input_block_html(index: int, block: Block, reader: Reader) -> Markup:
    element = block.get("element") or {}
    render = FIELDS.get(str(element.get("type")), _unsupported)
    error = reader.errors.get(str(block.get("block_id")))
    optional = Markup(' <span class="optional">(optional)</span>') if block.get("optional") else ""
    return Markup('<div class="block input{}"><label class="label" for="b{}" id="b{}-label">{}{}'
                  '</label>{}{}{}</div>'
                  ).format(" has-error" if error else "", index, index,
                           text_html(block.get("label"), reader),
                           optional, render(f"b{index}", element, _typed(block, element, reader),
                                            reader),
                           Markup('<div class="hint">{}</div>').format(
                               text_html(block["hint"], reader)) if block.get("hint") else "",
                           Markup('<div class="error">{}</div>').format(error) if error else "")


def _typed(block: Block, element: Block, reader: Reader) -> dict[str, Any] | None:
    """What the person typed into this element so far, as Slack keeps it across updates."""
    found: dict[str, Any] | None = (reader.typed.get(str(block.get("block_id"))) or {}).get(
        str(element.get("action_id")))
    return found


Field = Callable[[str, Block, "dict[str, Any] | None", Reader], Markup]


def _text(name: str, element: Block, typed: dict[str, Any] | None, reader: Reader) -> Markup:
    value = typed.get("value") if typed else element.get("initial_value")
    placeholder = (element.get("placeholder") or {}).get("text", "")
    if element.get("multiline"):
        return Markup('<textarea id="{0}" name="{0}" rows="3" placeholder="{1}">{2}</textarea>'
                      ).format(name, placeholder, value or "")
    return Markup('<input type="text" id="{0}" name="{0}" value="{1}" placeholder="{2}">').format(
        name, value or "", placeholder)


def _options(element: Block) -> list[Block]:
    groups = element.get("option_groups") or []
    return [*(element.get("options") or []), *(o for g in groups for o in g.get("options", []))]


def _select(name: str, element: Block, typed: dict[str, Any] | None, reader: Reader) -> Markup:
    chosen = (typed.get("selected_option") if typed else element.get("initial_option")) or {}
    return _choice_list(name, [(str(o.get("value")), text_html(o.get("text"), reader))
                               for o in _options(element)], {chosen.get("value")})


def _user(name: str, element: Block, typed: dict[str, Any] | None, reader: Reader) -> Markup:
    chosen = typed.get("selected_user") if typed else element.get("initial_user")
    return _choice_list(name, [(uid, Markup("{}").format(who)) for uid, who in reader.people],
                        {chosen})


def _users(name: str, element: Block, typed: dict[str, Any] | None, reader: Reader) -> Markup:
    chosen = set((typed.get("selected_users") if typed else element.get("initial_users")) or [])
    return _choice_list(name, [(uid, Markup("{}").format(who)) for uid, who in reader.people],
                        chosen, multiple=True)


def _choice_list(name: str, options: list[tuple[str, Markup]], chosen: set[Any], *,
                 multiple: bool = False) -> Markup:
    items = Markup("").join(
        Markup('<option value="{}"{}>{}</option>').format(
            value, Markup(" selected") if value in chosen else "", label)
        for value, label in options)
    empty = "" if multiple else Markup('<option value="">Choose…</option>')
    return Markup('<select id="{0}" name="{0}"{1}>{2}{3}</select>').format(
        name, Markup(" multiple") if multiple else "", empty, items)


def _date(name: str, element: Block, typed: dict[str, Any] | None, _reader: Reader) -> Markup:
    value = typed.get("selected_date") if typed else element.get("initial_date")
    return Markup('<input type="date" id="{0}" name="{0}" value="{1}">').format(name, value or "")


def _time(name: str, element: Block, typed: dict[str, Any] | None, _reader: Reader) -> Markup:
    value = typed.get("selected_time") if typed else element.get("initial_time")
    return Markup('<input type="time" id="{0}" name="{0}" value="{1}">').format(name, value or "")


def _datetime(name: str, element: Block, typed: dict[str, Any] | None, reader: Reader) -> Markup:
    epoch = typed.get("selected_date_time") if typed else element.get("initial_date_time")
    value = (datetime.fromtimestamp(int(epoch), reader.zone).strftime("%Y-%m-%dT%H:%M")
             if epoch else "")
    return Markup('<input type="datetime-local" id="{0}" name="{0}" value="{1}">'
                  ).format(name, value)


def _ticks(kind: str) -> Field:
    """Checkboxes or radio buttons: one labelled box per option."""
    many = kind == "checkbox"

    def render(name: str, element: Block, typed: dict[str, Any] | None,
               reader: Reader) -> Markup:
        if typed:
            picked = typed.get("selected_options") or [typed.get("selected_option") or {}]
        else:
            picked = element.get("initial_options") or [element.get("initial_option") or {}]
        chosen = {o.get("value") for o in picked if o}
        return Markup('<div class="ticks" role="group" aria-labelledby="{}-label">{}</div>'
                      ).format(name, Markup("").join(
            Markup('<label class="tick"><input type="{}" name="{}" value="{}"{}> {}{}</label>')
            .format(kind, name, o.get("value"), Markup(" checked") if o.get("value") in chosen
                    else "", text_html(o.get("text"), reader),
                    Markup(' <small>{}</small>').format(text_html(o["description"], reader))
                    if many and o.get("description") else "")
            for o in element.get("options") or []))

    return render


def _unsupported(name: str, element: Block, _typed: dict[str, Any] | None,
                 _reader: Reader) -> Markup:
    return Markup('<span class="unsupported">[{} input]</span>').format(element.get("type"))


FIELDS: dict[str, Field] = {
    "plain_text_input": _text, "static_select": _select, "users_select": _user,
    "multi_users_select": _users, "datepicker": _date, "timepicker": _time,
    "datetimepicker": _datetime, "checkboxes": _ticks("checkbox"),
    "radio_buttons": _ticks("radio"), "number_input": _text,
}
