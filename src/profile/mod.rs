//! AWS shared config semantics (placeholder).
