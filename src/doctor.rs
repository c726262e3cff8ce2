//! Diagnosing the configuration (placeholder).
