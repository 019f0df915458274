"""sendplan: check, chase and report SEND improvement plans kept as YAML."""
