import { Column, ColumnOptions, ValueTransformer } from 'typeorm';

/**
 * Column helpers that mean the same thing on SQLite and MySQL/MariaDB, so one entity set
 * serves both databases.
 */

/** UTC timestamp with millisecond precision. */
export function DateTimeColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'datetime', precision: 3, ...options });
}

const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};

/** Money and counters: integer minor units (cents); safe up to 2^53. */
export function IntegerAmountColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'bigint', transformer: bigintAsNumber, ...options });
}

/** Short enum-like values stored as strings, never as database ENUMs. */
export function CodeColumn(length = 32, options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'varchar', length, ...options });
}

/** Structured data as JSON text (portable; filtered through json_extract on both databases). */
export function JsonColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'simple-json', ...options });
}
