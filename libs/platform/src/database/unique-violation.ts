import { QueryFailedError } from 'typeorm';

const UNIQUE_CODES = new Set(['ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/** True for a unique or primary-key violation on MySQL/MariaDB or SQLite (e.g. a lost race after a check). */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  return UNIQUE_CODES.has((error.driverError as { code?: string } | undefined)?.code ?? '');
}
