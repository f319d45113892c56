"""The council document as format-independent elements: `layout.layout(plan)` (the writers are in
planctl.formats)."""
