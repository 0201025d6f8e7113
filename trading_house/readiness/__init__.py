"""Export readiness: checklist templates, answers and evidence, scoring, gap reports, clinic."""
