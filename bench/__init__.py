"""Benchmarks of sanctions-kg; results are recorded in bench/README.md."""
