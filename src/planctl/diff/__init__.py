"""Semantic diff of two revisions of a plan: entities matched by kind and ID, prose compared word by word.

`sides` loads a side (file, folder or git `REV:PATH`), `entities` flattens a model into comparable entities,
`engine` matches them and compares fields into a `PlanDiff`, `prose` diffs text word by word, and the
`render_*` modules turn a `PlanDiff` into text, markdown, JSON or a Word document with tracked changes.
"""
