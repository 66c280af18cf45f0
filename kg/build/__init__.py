"""Stage: build the graph from documents, curated data and extracted facts; validate; write."""
