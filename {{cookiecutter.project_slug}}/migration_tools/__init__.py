"""Dev-time migration tooling: throwaway databases, the migration test harness and the
rule gate. Used by the tests and `make` targets; the service itself never imports it."""
