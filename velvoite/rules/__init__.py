"""Rule packs: statutory duties as YAML data, their schema and their test cases."""

from velvoite.rules.pack import builtin_rules, find_rule, load_pack, load_rules
from velvoite.rules.schema import Applicability, LegalBasis, Requirement, Rule

__all__ = ["Applicability", "LegalBasis", "Requirement", "Rule", "builtin_rules", "find_rule", "load_pack", "load_rules"]
