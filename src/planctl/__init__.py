"""planctl: plans for preventive child-welfare work (barnevernsloven § 15-1) as checked, buildable YAML."""

__version__ = "0.1.0"
