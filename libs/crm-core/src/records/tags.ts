import type { FieldProblem } from '@crm/platform';

export const MAX_TAG_LENGTH = 80;
export const MAX_TAGS_PER_RECORD = 50;

export function normalizeTags(tags: string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim()).filter(Boolean))].sort((a, b) => a.localeCompare(b));
}

export function tagProblems(tags: string[], path: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (tags.length > MAX_TAGS_PER_RECORD)
    problems.push({ field: path, reason: `at most ${MAX_TAGS_PER_RECORD} tags` });
  tags.forEach((tag, index) => {
    if (typeof tag !== 'string' || tag.trim() === '')
      problems.push({ field: `${path}.${index}`, reason: 'must be a non-empty string' });
    else if (tag.trim().length > MAX_TAG_LENGTH)
      problems.push({ field: `${path}.${index}`, reason: `must be at most ${MAX_TAG_LENGTH} characters` });
  });
  return problems;
}
