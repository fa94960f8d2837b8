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

/** A value in an expression: numbers as they are, text in single quotes with ' and \ escaped. */
export function literal(value: string | number): string {
  return typeof value === 'number' ? String(value) : `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

export const equals = (property: string, value: string | number) => `${property} == ${literal(value)}`;

/** Integers from `low` to `high`, both included (MailUp documents < and >, not <= and >=). */
export const between = (property: string, low: number, high: number) =>
  `${property} > ${low - 1} && ${property} < ${high + 1}`;

/**
 * `property == v1 || property == v2 …` for every value, as few expressions as the length limit
 * allows; none for no values.
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
