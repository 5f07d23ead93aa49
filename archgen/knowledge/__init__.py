"""What the architects know, kept as data a domain expert can extend without Python: planning constants and
thresholds, technologies and their capabilities, workload patterns, failure modes, compliance controls and the
network between areas. Code does the choosing; these files say what there is to choose from."""
