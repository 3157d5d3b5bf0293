#!/usr/bin/env python3
"""Writes the expected renderings of the chat-template parity test (ChatTemplateParityTest).

Renders every template in templates/ (and the server's Hermes/ChatML fallback) for every case in cases.json with
Python Jinja2 set up as Hugging Face's apply_chat_template sets it up: an ImmutableSandboxedEnvironment with
trim_blocks, lstrip_blocks and the loop controls, Hugging Face's tojson (json.dumps with ensure_ascii=False),
raise_exception and strftime_now (here with a fixed clock: 2024-07-26 10:00:00). Messages are turned into template
values the way ChatTemplate documents it: keys role, content (a missing/null content becomes ""), then name,
tool_calls, tool_call_id when present; tool-call arguments are json.loads of their text (kept as text when not JSON);
tools is None when the case has none.

Run from this folder:  python3 generate.py   (Debian: apt-get install python3-jinja2)
"""
import json
import os
from datetime import datetime

import jinja2
from jinja2.ext import Extension, loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

HERE = os.path.dirname(os.path.abspath(__file__))
FALLBACK = os.path.join(HERE, "..", "..", "..", "main", "resources", "io", "aspd", "model", "hermes-chatml.jinja")
TRAINED = os.path.join(HERE, "..", "..", "..", "main", "resources", "io", "aspd", "train", "tokenizer",
                       "chatml-tools.jinja")
FIXED_NOW = datetime(2024, 7, 26, 10, 0, 0)


class GenerationBlock(Extension):
    """{% generation %}...{% endgeneration %} renders its body, as in Hugging Face's AssistantTracker."""
    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
        return jinja2.nodes.Scope(body, lineno=lineno)


class TemplateRaised(Exception):
    pass


def raise_exception(message):
    raise TemplateRaised(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def strftime_now(fmt):
    return FIXED_NOW.strftime(fmt)


def environment():
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
                                        extensions=[GenerationBlock, loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


def arguments(text):
    try:
        return json.loads(text)
    except ValueError:
        return text


def template_message(message):
    out = {"role": message["role"], "content": message.get("content") or ""}
    if message.get("name") is not None:
        out["name"] = message["name"]
    if message.get("tool_calls"):
        calls = []
        for call in message["tool_calls"]:
            value = {}
            if call.get("id") is not None:
                value["id"] = call["id"]
            value["type"] = "function"
            value["function"] = {"name": call["function"]["name"],
                                 "arguments": arguments(call["function"]["arguments"])}
            calls.append(value)
        out["tool_calls"] = calls
    if message.get("tool_call_id") is not None:
        out["tool_call_id"] = message["tool_call_id"]
    return out


def main():
    with open(os.path.join(HERE, "cases.json"), encoding="utf-8") as f:
        suite = json.load(f)
    templates = {name[:-len(".jinja")]: os.path.join(HERE, "templates", name)
                 for name in sorted(os.listdir(os.path.join(HERE, "templates"))) if name.endswith(".jinja")}
    templates["hermes-chatml"] = FALLBACK
    templates["chatml-tools"] = TRAINED
    env = environment()
    for name, path in templates.items():
        with open(path, encoding="utf-8") as f:
            template = env.from_string(f.read())
        folder = os.path.join(HERE, "expected", name)
        os.makedirs(folder, exist_ok=True)
        for case in suite["cases"]:
            variables = dict(suite["special_tokens"])
            variables.update(case.get("template_arguments", {}))
            variables["messages"] = [template_message(m) for m in case["messages"]]
            variables["tools"] = case.get("tools") or None
            variables["add_generation_prompt"] = case["add_generation_prompt"]
            try:
                text, suffix = template.render(**variables), ".txt"
            except TemplateRaised as e:
                text, suffix = str(e), ".error"
            for stale in (".txt", ".error"):
                if os.path.exists(os.path.join(folder, case["name"] + stale)):
                    os.remove(os.path.join(folder, case["name"] + stale))
            with open(os.path.join(folder, case["name"] + suffix), "w", encoding="utf-8", newline="") as f:
                f.write(text)


if __name__ == "__main__":
    main()
