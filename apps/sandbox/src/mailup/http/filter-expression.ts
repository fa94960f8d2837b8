import { MailupError } from './mailup-error';

/**
 * The subset of MailUp's `filterby` / `orderby` expressions (a C#/LINQ-like language) that clients
 * use: `Prop == value`, `!=`, `<`, `>`, `<=`, `>=`, `Prop.Contains('x')` (also StartsWith,
 * EndsWith, Equals, Trim(), ToLower(), ToUpper()), `!`, `&&`, `||`, parentheses; orderings
 * `Prop asc|desc` separated by `,` or `;`. Property names match whatever their casing (as the
 * LINQ evaluator's do); an unknown property, a type mismatch or a syntax error is a 400.
 */

export type PropertyType = 'String' | 'Int32' | 'Boolean' | 'Collection';

/** The properties of a collection's items, with their types: what an expression may name. */
export interface ItemType {
  name: string;
  properties: Record<string, PropertyType>;
}

type ValueType = PropertyType | 'Null';
type Value = string | number | boolean | null | undefined | object;

interface Node {
  type: ValueType;
  evaluate(item: Record<string, unknown>): Value;
}

type Token =
  | { kind: 'identifier'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'symbol'; text: string };

const syntaxError = (expression: string, detail: string) =>
  MailupError.badRequest(`Syntax error in expression "${expression}": ${detail}`);

/** Identifiers, numbers, 'quoted' or "quoted" strings, operators and punctuation. */
const TOKEN =
  /\s*(?:([A-Za-z_]\w*)|(-?\d+(?:\.\d+)?)|'([^']*)'|"([^"]*)"|(==|!=|<>|<=|>=|&&|\|\||[=<>!().,]))/y;

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (expression.slice(TOKEN.lastIndex).trim()) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(expression);
    if (!match) {
      const rest = expression.slice(at).trimStart();
      throw syntaxError(
        expression,
        `unexpected "${rest.slice(0, 10)}" at ${expression.length - rest.length}`,
      );
    }
    const [, identifier, number, single, double, symbol] = match;
    if (identifier) tokens.push({ kind: 'identifier', text: identifier });
    else if (number) tokens.push({ kind: 'number', value: Number(number) });
    else if (symbol) tokens.push({ kind: 'symbol', text: symbol });
    else tokens.push({ kind: 'string', value: single ?? double });
  }
  return tokens;
}

const STRING_PREDICATES: Record<string, (target: string, argument: string) => boolean> = {
  contains: (target, argument) => target.includes(argument),
  startswith: (target, argument) => target.startsWith(argument),
  endswith: (target, argument) => target.endsWith(argument),
  equals: (target, argument) => target === argument,
};

const STRING_TRANSFORMS: Record<string, (target: string) => string> = {
  trim: (target) => target.trim(),
  tolower: (target) => target.toLowerCase(),
  toupper: (target) => target.toUpperCase(),
};

const COMPARISONS: Record<string, (a: number | string, b: number | string) => boolean> = {
  '<': (a, b) => a < b,
  '>': (a, b) => a > b,
  '<=': (a, b) => a <= b,
  '>=': (a, b) => a >= b,
};

/** A recursive-descent parser producing typed, evaluable nodes. */
class Parser {
  private at = 0;

  constructor(
    private readonly expression: string,
    private readonly tokens: Token[],
    private readonly itemType: ItemType,
  ) {}

  parse(): Node {
    const node = this.or();
    if (this.at < this.tokens.length) throw syntaxError(this.expression, `unexpected '${this.describe()}'`);
    return node;
  }

  private or(): Node {
    let left = this.and();
    while (this.takeSymbol('||') || this.takeKeyword('or')) left = this.logical('||', left, this.and());
    return left;
  }

  private and(): Node {
    let left = this.unary();
    while (this.takeSymbol('&&') || this.takeKeyword('and')) left = this.logical('&&', left, this.unary());
    return left;
  }

  private logical(operator: '&&' | '||', left: Node, right: Node): Node {
    this.expectType(operator, left, right, (a, b) => a === 'Boolean' && b === 'Boolean');
    return {
      type: 'Boolean',
      evaluate: (item) =>
        operator === '&&'
          ? left.evaluate(item) === true && right.evaluate(item) === true
          : left.evaluate(item) === true || right.evaluate(item) === true,
    };
  }

  private unary(): Node {
    if (this.takeSymbol('!') || this.takeKeyword('not')) {
      const operand = this.unary();
      this.expectType('!', operand, operand, (a) => a === 'Boolean');
      return { type: 'Boolean', evaluate: (item) => operand.evaluate(item) !== true };
    }
    return this.comparison();
  }

  private comparison(): Node {
    const left = this.postfix();
    const token = this.tokens[this.at];
    if (token?.kind !== 'symbol' || !['==', '=', '!=', '<>', '<', '>', '<=', '>='].includes(token.text))
      return left;
    this.at++;
    const right = this.postfix();
    const operator = token.text === '=' ? '==' : token.text === '<>' ? '!=' : token.text;
    if (operator === '==' || operator === '!=') {
      this.expectType(operator, left, right, (a, b) => a === b || a === 'Null' || b === 'Null');
      const equal = (item: Record<string, unknown>) =>
        (left.evaluate(item) ?? null) === (right.evaluate(item) ?? null);
      return { type: 'Boolean', evaluate: (item) => (operator === '==' ? equal(item) : !equal(item)) };
    }
    this.expectType(operator, left, right, (a, b) => a === b && (a === 'Int32' || a === 'String'));
    const compare = COMPARISONS[operator];
    return {
      type: 'Boolean',
      evaluate: (item) => {
        const a = left.evaluate(item);
        const b = right.evaluate(item);
        return (
          a !== null && a !== undefined && b !== null && b !== undefined && compare(a as never, b as never)
        );
      },
    };
  }

  /** A primary followed by method calls: `Email.Trim().Contains('x')`. */
  private postfix(): Node {
    let node = this.primary();
    while (this.takeSymbol('.')) {
      const method = this.tokens[this.at];
      if (method?.kind !== 'identifier') throw syntaxError(this.expression, 'a method name must follow "."');
      this.at++;
      node = this.call(node, method.text);
    }
    return node;
  }

  private call(target: Node, method: string): Node {
    const name = method.toLowerCase();
    this.expectSymbol('(');
    const argument = this.takeSymbol(')') ? undefined : this.or();
    if (argument) this.expectSymbol(')');
    if (target.type !== 'String')
      throw MailupError.badRequest(`No applicable method '${method}' exists in type '${target.type}'`);
    const predicate = STRING_PREDICATES[name];
    const transform = STRING_TRANSFORMS[name];
    if (predicate && argument?.type === 'String')
      return {
        type: 'Boolean',
        evaluate: (item) => {
          const value = target.evaluate(item);
          const wanted = argument.evaluate(item);
          return typeof value === 'string' && typeof wanted === 'string' && predicate(value, wanted);
        },
      };
    if (transform && !argument)
      return {
        type: 'String',
        evaluate: (item) => {
          const value = target.evaluate(item);
          return typeof value === 'string' ? transform(value) : value;
        },
      };
    throw MailupError.badRequest(
      `No applicable method '${method}' exists in type 'String' for these arguments`,
    );
  }

  private primary(): Node {
    const token = this.tokens[this.at++];
    if (!token) throw syntaxError(this.expression, 'it ends too early');
    if (token.kind === 'number') return { type: 'Int32', evaluate: () => token.value };
    if (token.kind === 'string') return { type: 'String', evaluate: () => token.value };
    if (token.kind === 'symbol') {
      if (token.text !== '(') throw syntaxError(this.expression, `unexpected '${token.text}'`);
      const inner = this.or();
      this.expectSymbol(')');
      return inner;
    }
    const word = token.text.toLowerCase();
    if (word === 'true' || word === 'false') return { type: 'Boolean', evaluate: () => word === 'true' };
    if (word === 'null') return { type: 'Null', evaluate: () => null };
    const key = propertyKey(this.itemType, token.text);
    return { type: this.itemType.properties[key], evaluate: (item) => item[key] as Value };
  }

  private expectType(
    operator: string,
    left: Node,
    right: Node,
    ok: (a: ValueType, b: ValueType) => boolean,
  ): void {
    if (!ok(left.type, right.type))
      throw MailupError.badRequest(
        `Operator '${operator}' incompatible with operand types '${left.type}' and '${right.type}'`,
      );
  }

  private takeSymbol(text: string): boolean {
    const token = this.tokens[this.at];
    if (token?.kind !== 'symbol' || token.text !== text) return false;
    this.at++;
    return true;
  }

  private takeKeyword(word: string): boolean {
    const token = this.tokens[this.at];
    if (token?.kind !== 'identifier' || token.text.toLowerCase() !== word) return false;
    this.at++;
    return true;
  }

  private expectSymbol(text: string): void {
    if (!this.takeSymbol(text)) throw syntaxError(this.expression, `'${text}' expected`);
  }

  private describe(): string {
    const token = this.tokens[this.at];
    return token.kind === 'symbol' || token.kind === 'identifier' ? token.text : String(token.value);
  }
}

/** The item type's own spelling of a property named in any casing, or a 400. */
function propertyKey(itemType: ItemType, name: string): string {
  const key = Object.keys(itemType.properties).find((k) => k.toLowerCase() === name.toLowerCase());
  if (!key) throw MailupError.badRequest(`No property or field '${name}' exists in type '${itemType.name}'`);
  return key;
}

/** The expression without the double quotes MailUp's examples wrap it in. */
const unquote = (expression: string) => {
  const trimmed = expression.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1)
    : trimmed;
};

/** The items the `filterby` expression keeps (all of them when there is none). */
export function applyFilter<T extends object>(
  items: T[],
  filterby: string | undefined,
  itemType: ItemType,
): T[] {
  const expression = filterby === undefined ? '' : unquote(filterby);
  if (!expression) return items;
  const node = new Parser(expression, tokenize(expression), itemType).parse();
  if (node.type !== 'Boolean')
    throw MailupError.badRequest(`Expression "${expression}" is of type '${node.type}', not 'Boolean'`);
  return items.filter((item) => node.evaluate(item as Record<string, unknown>) === true);
}

/** The items sorted by the `orderby` keys (`Name asc; idList desc`), stable; unchanged when none. */
export function applyOrder<T extends object>(
  items: T[],
  orderby: string | undefined,
  itemType: ItemType,
): T[] {
  const expression = orderby === undefined ? '' : unquote(orderby);
  if (!expression) return items;
  const keys = expression
    .split(/[;,]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [name, direction = 'asc', ...extra] = part.split(/\s+/);
      const descending = /^desc(ending)?$/i.test(direction);
      if (extra.length || !(descending || /^asc(ending)?$/i.test(direction)))
        throw syntaxError(expression, `"${part}" is not "Property asc|desc"`);
      const key = propertyKey(itemType, name);
      if (itemType.properties[key] === 'Collection')
        throw MailupError.badRequest(`${itemType.name}.${key} cannot be ordered`);
      return { key, sign: descending ? -1 : 1 };
    });
  const compare = (a: unknown, b: unknown) => {
    if (a === b) return 0;
    if (a === null || a === undefined) return -1;
    if (b === null || b === undefined) return 1;
    return (a as number | string) < (b as number | string) ? -1 : 1;
  };
  return [...items].sort((x, y) => {
    for (const { key, sign } of keys) {
      const order = compare((x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key]);
      if (order) return order * sign;
    }
    return 0;
  });
}
