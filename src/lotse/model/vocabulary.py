"""The shared value names (statuses, goals, …) and their German and English labels."""

from __future__ import annotations

from collections.abc import Mapping

from msgspec import Struct

from lotse.errors import InvalidValue
from lotse.i18n import Messages
from lotse.model.entry import Text

T = Messages({
    "not_mapping": ("muss Feldnamen auf ihre Werte abbilden", "must be a mapping of field names"),
    "lacks": ("es fehlen die Felder {fields}", "lacks the field(s) {fields}"),
    "field": ("{field}: muss Wertnamen auf Beschriftungen abbilden", "{field}: must map value names to labels"),
    "label": ("{field}.{value}: braucht eine Beschriftung de und en", "{field}.{value}: needs a de and an en label"),
})

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
        """Build from the parsed vocabulary.yaml; raises InvalidValue naming what is wrong."""
        if not isinstance(raw, dict):
            raise InvalidValue(T.text("not_mapping"))
        missing = [f for f in FIELDS if f not in raw]
        if missing:
            raise InvalidValue(T.text("lacks", fields=", ".join(missing)))
        labels: dict[str, dict[str, Text]] = {}
        for field_name in FIELDS:
            values = raw[field_name]
            if not isinstance(values, dict) or not values:
                raise InvalidValue(T.text("field", field=field_name))
            labels[field_name] = {}
            for value, label in values.items():
                if not isinstance(label, dict) or not {"de", "en"} <= label.keys():
                    raise InvalidValue(T.text("label", field=field_name, value=value))
                labels[field_name][str(value)] = Text(str(label["de"]), str(label["en"]))
        return cls(labels)
