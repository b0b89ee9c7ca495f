"""The performance targets the benchmark report and its plot both judge against (from the issues)."""
TARGETS = {"latency_p50_ratio": 1.5, "cold_start_ratio": 1.3, "generate_speedup_16": 2.0}
