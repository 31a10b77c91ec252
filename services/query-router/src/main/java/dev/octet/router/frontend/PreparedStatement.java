package dev.octet.router.frontend;

import dev.octet.router.planner.Plan;

/** A statement a client prepared with Parse: its text, shape (for statistics), declared parameter types and plan. */
record PreparedStatement(String name, String sql, String shape, int[] types, Plan plan) {
}
