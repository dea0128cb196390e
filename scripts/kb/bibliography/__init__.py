"""The bibliography: references.yml in CSL-YAML, validated and formatted."""
