import type { FieldProblem } from '@crm/platform';
import { EMAIL_STATUSES, EmailStatus } from './record.entities';

export interface EmailInput {
  /** Present when updating an existing address of the record. */
  id?: string;
  email: string;
  isPrimary?: boolean;
  useInMarketing?: boolean;
  status?: EmailStatus;
}

/** Pragmatic address check: one @, a dot in the domain, no spaces, within RFC length limits. */
export const EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@]+\.[^\s@.]{2,}$/;
export const MAX_EMAILS_PER_RECORD = 10;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Checks a record's full list of addresses: format, no duplicates, at most one primary. */
export function emailListProblems(emails: EmailInput[], path = 'emails'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (emails.length > MAX_EMAILS_PER_RECORD)
    problems.push({ field: path, reason: `at most ${MAX_EMAILS_PER_RECORD} addresses` });
  const seen = new Set<string>();
  emails.forEach((input, index) => {
    const normalized = normalizeEmail(input.email ?? '');
    if (!EMAIL_PATTERN.test(normalized) || normalized.length > 254)
      problems.push({ field: `${path}.${index}.email`, reason: 'must be a valid email address' });
    else if (seen.has(normalized))
      problems.push({ field: `${path}.${index}.email`, reason: 'is listed twice' });
    seen.add(normalized);
    if (input.status !== undefined && !EMAIL_STATUSES.includes(input.status))
      problems.push({
        field: `${path}.${index}.status`,
        reason: `must be one of ${EMAIL_STATUSES.join(', ')}`,
      });
  });
  if (emails.filter((e) => e.isPrimary).length > 1)
    problems.push({ field: path, reason: 'only one address can be primary' });
  return problems;
}
