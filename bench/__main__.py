"""`python -m bench` (`make bench`): run the project's benchmarks."""

from bench.store_bench import main

raise SystemExit(main())
