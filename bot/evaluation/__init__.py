"""Measurement: retrieval benchmarks, the QA set and latency/memory benchmarks."""
