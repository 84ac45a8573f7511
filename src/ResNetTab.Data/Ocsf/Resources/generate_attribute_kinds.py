#!/usr/bin/env python3
"""Derive the compact OCSF attribute table embedded in ResNetTab.Data.

Input:  attribute_kinds_1.5.0.csv (one row per class/object attribute, from the OCSF 1.5.0 schema).
Output: ocsf_attribute_kinds_1.5.0.csv with one row per attribute name: name,type,kind.
When rows for one name disagree, the most frequent (kind, type) pair wins (ties: alphabetical).

Usage: python3 generate_attribute_kinds.py ../../../../../shared/data/ocsf/attribute_kinds_1.5.0.csv
"""
import collections
import csv
import sys

src = sys.argv[1]
by_name = collections.defaultdict(collections.Counter)
with open(src, newline="") as f:
    for row in csv.DictReader(f):
        if row["derived_kind"] == "object":
            continue
        by_name[row["attribute"]][(row["derived_kind"], row["type"])] += 1

with open("ocsf_attribute_kinds_1.5.0.csv", "w", newline="") as out:
    out.write("# Derived from OCSF 1.5.0 (Apache-2.0) by generate_attribute_kinds.py\n")
    out.write("name,type,kind\n")
    for name in sorted(by_name):
        (kind, typ), _ = sorted(by_name[name].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        out.write(f"{name},{typ},{kind}\n")
