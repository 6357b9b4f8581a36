"""The string patterns of the data contract (regular expressions, JSON Schema dialect).

Kept apart from the models so that the validator can use them without importing pydantic.
"""

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?$"
WIKIDATA_PATTERN = r"^Q[1-9][0-9]*$"
SEMVER_PATTERN = r"^[0-9]+\.[0-9]+\.[0-9]+$"
# EDTF is checked fully by the semantic validator (kuril_data._dates); the pattern only
# keeps obvious garbage out of schema-only validation.
EDTF_PATTERN = r"^[0-9X.\-/~?%\[\]{},+ETZ:]+$"
