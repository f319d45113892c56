"""The shipped JSON Schemas compiled ahead of time by fastjsonschema (scripts/compile_schemas.py)."""
