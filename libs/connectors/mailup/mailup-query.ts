/**
 * MailUp's `filterby` and `orderby` values: C#-like expressions in double quotes, e.g.
 * `filterby="Email == 'a@b.it' || Email == 'c@d.it'"` and `orderby="idRecipient asc"`. Only the
 * subset MailUp documents is used (==, <, >, &&, ||), and && and || are never mixed, so no
 * parentheses are needed.
 */

/**
 * Real MailUp runs on IIS, whose default query-string limit is 2048 characters; a filter over
 * many values is split so each stays well within it.
 */
export const MAX_FILTER_LENGTH = 1500;

/**
 * A value in an expression: numbers as they are, text in single quotes as MailUp's examples
 * write it, or in double quotes when it holds a single quote (o'brien@…). The expression language
 * has no escapes, so text with both quotes cannot be named: null.
 */
export function literal(value: string | number): string | null {
  if (typeof value === 'number') return String(value);
  if (!value.includes("'")) return `'${value}'`;
  return value.includes('"') ? null : `"${value}"`;
}

/** `property == value`; null for a value no expression can hold. */
export function equals(property: string, value: string | number): string | null {
  const text = literal(value);
  return text === null ? null : `${property} == ${text}`;
}

/** Integers from `low` to `high`, both included (MailUp documents < and >, not <= and >=). */
export const between = (property: string, low: number, high: number) =>
  `${property} > ${low - 1} && ${property} < ${high + 1}`;

/**
 * `property == v1 || property == v2 …` for every value (that an expression can hold), as few
 * expressions as the length limit allows; none for no values.
 */
export function anyOf(
  property: string,
  values: Array<string | number>,
  maxLength = MAX_FILTER_LENGTH,
): string[] {
  const expressions: string[] = [];
  let current = '';
  for (const value of values) {
    const term = equals(property, value);
    if (term === null) continue;
    if (current && current.length + term.length + 4 > maxLength) {
      expressions.push(current);
      current = '';
    }
    current = current ? `${current} || ${term}` : term;
  }
  if (current) expressions.push(current);
  return expressions;
}

/** The query parameter value for an expression. */
export const filterBy = (expression: string) => `"${expression}"`;

export const orderBy = (property: string, direction: 'asc' | 'desc' = 'asc') => `"${property} ${direction}"`;
