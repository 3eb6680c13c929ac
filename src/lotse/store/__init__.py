"""How data is read and kept: YAML files, the schema, overlays, and the compiled cache."""
