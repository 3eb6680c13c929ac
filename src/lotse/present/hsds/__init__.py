"""Open Referral HSDS 3.0: the catalogue as an exchange directory, and back.

The directory holds one JSON file per HSDS table (the tabular form of HSDS 3.0, named like its data
package's resources: `services.json` for `services.csv`), each an array of flat records linked by
id. `to_hsds` maps the catalogue to tables, `from_hsds` maps any such tables back to entries, and
`directory` reads and writes the files.

Ids are UUIDs derived (uuid5) from lotse ids and never change between runs, so a directory that
imports lotse's export again updates records instead of duplicating them. HSDS 3.0 has no
structured eligibility and no place for lotse's provenance, so what HSDS cannot say is carried as
attributes of a lotse taxonomy that the export publishes with it (`taxonomy.py`): nothing is lost
on the way out, and an import of lotse's own export gives the same entries back.
"""

from __future__ import annotations

import uuid

# Never change: every exported id depends on it.
NAMESPACE = uuid.UUID("db20d25b-8d05-4f2d-b39c-73d8986e23c4")

# table -> file, in the order of HSDS's data package.
FILES = {
    "organization": "organizations.json",
    "service": "services.json",
    "attribute": "attributes.json",
    "service_at_location": "service_at_location.json",
    "location": "locations.json",
    "phone": "phones.json",
    "contact": "contacts.json",
    "address": "addresses.json",
    "funding": "funding.json",
    "service_area": "service_areas.json",
    "language": "languages.json",
    "taxonomy_term": "taxonomy_terms.json",
    "taxonomy": "taxonomies.json",
}

# Tables of HSDS 3.0 that lotse has nothing to map to (their files are reported on import).
UNMAPPED_FILES = {
    "programs.json": "programs", "schedules.json": "opening hours",
    "required_documents.json": "required documents", "accessibility.json": "accessibility",
    "cost_options.json": "costs", "metadata.json": "change history",
    "organization_identifiers.json": "organisation identifiers",
    "meta_table_descriptions.json": "table descriptions",
}

Tables = dict[str, list[dict]]


def uid(*parts: str) -> str:
    """A stable UUID for a record, from its kind and lotse's own keys."""
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))
