/** PostgreSQL unique_violation, raised by both the pg driver and PGlite. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === '23505';
}

/** PostgreSQL foreign_key_violation: the row is still referenced. */
export function isForeignKeyViolation(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === '23503';
}
