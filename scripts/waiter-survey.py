#!/usr/bin/env python3
"""Lists what the shared models' waiters and `operationContextParams` ask of
the generator: every JMESPath expression with its count, the matchers and
comparators, and the waiters that combine a `success` matcher, an
`errorType` acceptor and a projection.

Usage: scripts/waiter-survey.py [MODELS_DIR]   (default ../shared/models)
"""
import collections
import glob
import json
import os
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "models")
paths = sorted(p for d in ("aws", "restJson1", "awsQuery", "restXml") for p in glob.glob(os.path.join(root, d, "*.json")))
if not paths:
    sys.exit(f"no models under {root}")
waiters = 0
models = collections.Counter()
exprs = collections.Counter()
matchers = collections.Counter()
comparators = collections.Counter()
context = []
rich = []
for path in paths:
    shapes = json.load(open(path))["shapes"]
    for sid, shape in shapes.items():
        traits = shape.get("traits", {})
        for name, waiter in traits.get("smithy.waiters#waitable", {}).items():
            waiters += 1
            models[os.path.basename(path)] += 1
            kinds = set()
            for acceptor in waiter["acceptors"]:
                (kind, matcher), = acceptor["matcher"].items()
                matchers[kind] += 1
                kinds.add(kind)
                if kind in ("output", "inputOutput"):
                    exprs[matcher["path"]] += 1
                    comparators[matcher["comparator"]] += 1
                    if "[" in matcher["path"]:
                        kinds.add("projection")
            if {"success", "errorType", "projection"} <= kinds:
                rich.append(f"{os.path.basename(path)} {sid} {name}")
        for param, spec in traits.get("smithy.rules#operationContextParams", {}).items():
            context.append(f"{os.path.basename(path)} {sid} {param}: {spec['path']}")
print(f"{waiters} waiters in {len(models)} of {len(paths)} models")
print("matchers:", dict(matchers))
print("comparators:", dict(comparators))
print(f"{len(exprs)} distinct expressions:")
for expr, count in sorted(exprs.items(), key=lambda e: (-e[1], e[0])):
    print(f"  {count:4} {expr}")
print(f"{len(context)} operationContextParams:")
for line in context:
    print("  " + line)
print("waiters with success, errorType and a projection:")
for line in rich:
    print("  " + line)
