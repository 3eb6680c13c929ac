"""The shared value names (statuses, goals, …) and their German and English labels."""

from __future__ import annotations

from collections.abc import Mapping

from msgspec import Struct

from lotse.model.entry import Text

FIELDS = ("client", "status", "qualification", "goal", "gender", "german_level", "sector", "kind", "level", "cost")


class Vocabulary(Struct, frozen=True):
    labels: Mapping[str, Mapping[str, Text]]  # field -> value -> label

    def values(self, field: str) -> tuple[str, ...]:
        return tuple(self.labels[field])

    def label(self, field: str, value: str | None, lang: str) -> str:
        if value is None:
            return "not stated" if lang == "en" else "nicht angegeben"
        text = self.labels.get(field, {}).get(value)
        return text.get(lang) if text else value

    @classmethod
    def from_raw(cls, raw: object) -> Vocabulary:
        """Build from the parsed vocabulary.yaml; raises ValueError naming what is wrong."""
        if not isinstance(raw, dict):
            raise ValueError("must be a mapping of field names")
        missing = [f for f in FIELDS if f not in raw]
        if missing:
            raise ValueError(f"lacks the field(s) {', '.join(missing)}")
        labels: dict[str, dict[str, Text]] = {}
        for field_name in FIELDS:
            values = raw[field_name]
            if not isinstance(values, dict) or not values:
                raise ValueError(f"{field_name}: must map value names to labels")
            labels[field_name] = {}
            for value, label in values.items():
                if not isinstance(label, dict) or not {"de", "en"} <= label.keys():
                    raise ValueError(f"{field_name}.{value}: needs a de and an en label")
                labels[field_name][str(value)] = Text(str(label["de"]), str(label["en"]))
        return cls(labels)
