"""planctl: plans for preventive child-welfare work (barnevernsloven § 15-1) as checked, buildable YAML."""

__version__ = "0.1.0"
# The name on the package index (`pip install forebyggingsplan`); the command and the import package are
# planctl (the name planctl on the index belongs to an unrelated project).
DISTRIBUTION = "forebyggingsplan"
