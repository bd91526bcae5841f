"""Validate JSON documents against a JSON schema (tests/reports.sh).

usage: validate.py SCHEMA FILE...   exit 0 when every file is valid."""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
validator = cls(schema)
bad = 0
for path in sys.argv[2:]:
    doc = json.load(open(path, encoding="utf-8"))
    for e in validator.iter_errors(doc):
        bad += 1
        print("%s: %s at %s" % (path, e.message, "/".join(str(p) for p in e.absolute_path)))
sys.exit(1 if bad else 0)
