"""The compiled catalogue cache: MessagePack images keyed on their sources, never code."""
