# The import ID is the mapping rule's ID.
terraform import camunda_mapping_rule.operators idp-operators
