#!/usr/bin/env python3
"""Compact the machine-readable Telegram Bot API spec for the emulator.

Input: api.json from PaulSonOfLars/telegram-bot-api-spec (MIT), by default the copy in
../shared/telegram-bot-api/api.json next to this repository.
Output: spec/botapi.json, embedded by src/sandbox/emulator/spec.rs.

Only what request validation needs is kept: method names and their fields (types, required), object
types with their fields or subtypes. Descriptions and links are dropped. One thing is derived from
the descriptions: a required discriminator field documented as `must be X` / `always "X"` (e.g.
`BotCommandScopeChat.type`) gets `"const": "X"`, so a union such as BotCommandScope is checked
against the right member instead of whichever member happens to fit.

Usage: scripts/compact-botapi-spec.py [path/to/api.json] [path/to/botapi.json]
"""

import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_IN = os.path.join(ROOT, "..", "shared", "telegram-bot-api", "api.json")
DEFAULT_OUT = os.path.join(ROOT, "spec", "botapi.json")

CONST_RE = re.compile(r"(?:must be|always) [\"“]?([A-Za-z0-9_]+)[\"”]?\s*$")


def compact_field(field):
    out = {"name": field["name"], "types": field["types"], "required": field["required"]}
    match = CONST_RE.search(field.get("description", ""))
    if field["required"] and field["types"] == ["String"] and match:
        out["const"] = match.group(1)
    return out


def compact(spec):
    methods = {
        name: {"fields": [compact_field(f) for f in method.get("fields", [])]}
        for name, method in sorted(spec["methods"].items())
    }
    types = {}
    for name, ty in sorted(spec["types"].items()):
        if "subtypes" in ty:
            types[name] = {"subtypes": ty["subtypes"]}
        else:
            types[name] = {"fields": [compact_field(f) for f in ty.get("fields", [])]}
    return {
        "version": spec["version"],
        "release_date": spec["release_date"],
        "methods": methods,
        "types": types,
    }


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_IN
    dst = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_OUT
    with open(src, encoding="utf-8") as f:
        spec = json.load(f)
    out = compact(spec)
    with open(dst, "w", encoding="utf-8") as f:
        # One method or type per line: small, and diffs stay readable when the API changes.
        f.write("{\n")
        f.write(f' "version": {json.dumps(out["version"])},\n')
        f.write(f' "release_date": {json.dumps(out["release_date"])},\n')
        for section in ("methods", "types"):
            f.write(f' "{section}": {{\n')
            items = list(out[section].items())
            for i, (name, body) in enumerate(items):
                sep = "," if i + 1 < len(items) else ""
                line = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
                f.write(f"  {json.dumps(name)}: {line}{sep}\n")
            f.write(" }" + ("," if section == "methods" else "") + "\n")
        f.write("}\n")
    print(f"{dst}: {len(out['methods'])} methods, {len(out['types'])} types")


if __name__ == "__main__":
    main()
