"""The council document: a renderer-independent layout (`layout`) and its renderers (`docx`, `markdown`)."""
