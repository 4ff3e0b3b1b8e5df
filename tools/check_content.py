#!/usr/bin/env python3
"""Check the catalogue data against the schemas and the cross-file rules.

A development aid for content authors, not part of peerkit: `peerkit
validate` is the product's check. It needs the Python packages jsonschema,
referencing, rfc3339-validator and rfc3987 (for the `date` and `uri`
formats).

Usage: python3 tools/check_content.py [REPOSITORY_ROOT]

It validates every file under catalogue/ against its schema with format
assertion on, and resolves `$ref`s from the local schemas/ folder only.
Then it checks the path rule, id uniqueness across entries and gaps, that
every referenced id and term exists, the canonical layout of each file,
and that entries cover every category, role, intensity and readiness
stage. It prints the counts and exits 1 when any check fails.
"""

import json
import pathlib
import sys

import jsonschema
import referencing
from referencing.jsonschema import DRAFT202012

SCHEMA_OF_KIND = {
    "manifest": "manifest.schema.json",
    "vocabulary": "vocabulary.schema.json",
    "entry": "entry.schema.json",
    "gap": "gap.schema.json",
}
TERM_LISTS = ("roles", "intensities", "readiness", "categories", "obstacles", "providers")


def load_registry(schema_dir):
    """Return the local schemas by file name and a registry keyed by `$id`."""
    schemas = {}
    resources = []
    for path in sorted(schema_dir.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        schemas[path.name] = schema
        resources.append((schema["$id"], DRAFT202012.create_resource(schema)))
    return schemas, referencing.Registry().with_resources(resources)


def kind_of(relative):
    """Return the kind of the file at `relative` (a catalogue/ path), or None."""
    parts = relative.split("/")
    if relative == "catalogue/toolkit.json":
        return "manifest"
    if relative == "catalogue/vocabulary.json":
        return "vocabulary"
    if len(parts) == 3 and parts[2].endswith(".json"):
        return "gap" if parts[1] == "gaps" else "entry"
    return None


def resolve(schema, schemas, base):
    """Follow `$ref`s until a schema with its own `properties` or `items` remains.

    `base` is the file name of the schema that `schema` sits in; relative
    `$ref`s resolve against it. Returns the schema and its file name.
    """
    while "$ref" in schema and "properties" not in schema and "items" not in schema:
        target, _, pointer = schema["$ref"].partition("#")
        if target:
            base = target
        schema = schemas[base]
        for part in pointer.strip("/").split("/") if pointer else []:
            schema = schema[part]
    return schema, base


def canonical(value, schema, schemas, base):
    """Return `value` with object keys in the schema's order (unknown keys last)."""
    schema, base = resolve(schema or {}, schemas, base)
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        keys = [k for k in properties if k in value] + [k for k in value if k not in properties]
        return {k: canonical(value[k], properties.get(k), schemas, base) for k in keys}
    if isinstance(value, list):
        return [canonical(v, schema.get("items"), schemas, base) for v in value]
    return value


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    schemas, registry = load_registry(root / "schemas")
    problems = []
    records = {}

    for path in sorted((root / "catalogue").rglob("*")):
        if path.is_dir():
            continue
        relative = path.relative_to(root).as_posix()
        kind = kind_of(relative)
        if kind is None:
            problems.append(f"{relative}: not a manifest, vocabulary, entry or gap path")
            continue
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        value = json.loads(text)
        schema_name = SCHEMA_OF_KIND[kind]
        validator = jsonschema.Draft202012Validator(
            schemas[schema_name], registry=registry, format_checker=jsonschema.FormatChecker()
        )
        for error in sorted(validator.iter_errors(value), key=lambda e: list(e.path)):
            pointer = "/" + "/".join(str(p) for p in error.path)
            problems.append(f"{relative}: {pointer}: {error.message}")
        expected = json.dumps(
            canonical(value, schemas[schema_name], schemas, schema_name), indent=2, ensure_ascii=False
        ) + "\n"
        if raw.startswith(b"\xef\xbb\xbf") or b"\r" in raw or text != expected:
            problems.append(f"{relative}: not in canonical form")
        records[relative] = (kind, value)

    vocabulary = records.get("catalogue/vocabulary.json", (None, {}))[1]
    terms = {name: [t["id"] for t in vocabulary.get(name, [])] for name in TERM_LISTS}
    for name, ids in terms.items():
        if len(ids) != len(set(ids)):
            problems.append(f"catalogue/vocabulary.json: {name} has a repeated id")
    if "gaps" in terms["categories"]:
        problems.append("catalogue/vocabulary.json: `gaps` is a category id")

    entries = {p: v for p, (k, v) in records.items() if k == "entry"}
    gaps = {p: v for p, (k, v) in records.items() if k == "gap"}
    ids = {}
    for relative, value in {**entries, **gaps}.items():
        ids.setdefault(value["id"], []).append(relative)
    for record_id, paths in ids.items():
        if len(paths) > 1:
            problems.append(f"id {record_id} is used by {', '.join(paths)}")

    def check_terms(relative, field, values, list_name):
        for term in values:
            if term not in terms[list_name]:
                problems.append(f"{relative}: {field}: {term} is not in vocabulary {list_name}")

    def check_ids(relative, field, values, allowed):
        for target in values:
            if target not in allowed:
                problems.append(f"{relative}: {field}: {target} does not resolve")

    entry_ids = {v["id"] for v in entries.values()}
    all_ids = set(ids)
    for relative, e in entries.items():
        if relative != f"catalogue/{e['category']}/{e['id']}.json":
            problems.append(f"{relative}: expected catalogue/{e['category']}/{e['id']}.json")
        check_terms(relative, "category", [e["category"]], "categories")
        for list_name in ("roles", "intensities", "readiness"):
            check_terms(relative, f"fits.{list_name}", e["fits"][list_name], list_name)
        check_terms(relative, "obstacles", e["obstacles"], "obstacles")
        check_terms(relative, "providers", e["providers"], "providers")
        for list_name in ("roles", "intensities", "readiness", "obstacles"):
            condition = e["baseline"].get("condition", {})
            check_terms(relative, f"baseline.condition.{list_name}", condition.get(list_name, []), list_name)
        check_ids(relative, "related", e.get("related", []), all_ids - {e["id"]})
        if "superseded_by" in e:
            check_ids(relative, "superseded_by", [e["superseded_by"]], entry_ids - {e["id"]})
    for relative, g in gaps.items():
        if relative != f"catalogue/gaps/{g['id']}.json":
            problems.append(f"{relative}: expected catalogue/gaps/{g['id']}.json")
        for list_name in ("roles", "intensities", "readiness"):
            check_terms(relative, f"affects.{list_name}", g["affects"][list_name], list_name)
        check_terms(relative, "categories", g["categories"], "categories")
        check_terms(relative, "obstacles", g.get("obstacles", []), "obstacles")
        check_ids(relative, "addressed_by", g.get("addressed_by", []), entry_ids)
        check_ids(relative, "related", g.get("related", []), all_ids - {g["id"]})

    covered = {
        "categories": {e["category"] for e in entries.values()},
        "roles": {r for e in entries.values() for r in e["fits"]["roles"]},
        "intensities": {i for e in entries.values() for i in e["fits"]["intensities"]},
        "readiness": {s for e in entries.values() for s in e["fits"]["readiness"]},
    }
    for list_name, seen in covered.items():
        missing = [t for t in terms[list_name] if t not in seen]
        if missing:
            problems.append(f"coverage: no entry fits {list_name} {', '.join(missing)}")

    baseline = [e for e in entries.values() if e["baseline"]["required"]]
    conditional = [e for e in baseline if "condition" in e["baseline"]]
    print(f"entries: {len(entries)}, gaps: {len(gaps)}")
    print(f"baseline: {len(baseline)} ({len(conditional)} with a condition)")
    print(f"adapted_from: {sum('adapted_from' in e for e in entries.values())}")
    for list_name in ("categories", "roles", "intensities", "readiness"):
        counts = {t: 0 for t in terms[list_name]}
        for e in entries.values():
            values = [e["category"]] if list_name == "categories" else e["fits"][list_name]
            for t in values:
                counts[t] = counts.get(t, 0) + 1
        print(f"{list_name}: " + ", ".join(f"{t} {n}" for t, n in counts.items()))
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    print("ok" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
