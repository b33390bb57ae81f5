"""Every translated word of velvoite's outputs, one module per audience: ``findings`` (statuses,
explanations), ``reports`` (gap reports, templates, body words), ``calendar`` (entries). Rule texts
stay in the rule packs (they are data); the functions that put words together are ``velvoite.messages``."""
