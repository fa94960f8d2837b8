import type { CustomFieldType } from '../custom-fields/custom-field.entity';
import type { EmailOwnerType, TaggableModule } from '../records/record.entities';
import { escapeLike } from '../common/queries';
import { FieldCatalog, FieldType } from './field-catalog';
import { FilterCondition, FilterGroup, isGroup } from './filter.types';

export type SqlDialect = 'mysql' | 'sqlite';

export interface FilterContext {
  alias: string;
  dialect: SqlDialect;
  catalog: FieldCatalog;
  /** Custom field key → type, for `custom.<key>` conditions. */
  customFields: Record<string, CustomFieldType>;
  /** Set for modules with tags (`tags` hasTag / notHasTag). */
  tagModule?: TaggableModule;
  /** Set for modules with email addresses (`email`, `hasMarketingEmail`). */
  emailOwnerType?: EmailOwnerType;
  now?: Date;
}

export interface CompiledFilter {
  sql: string;
  params: Record<string, unknown>;
}

/** Fields every module with emails/tags gets on top of its catalog. */
export function specialFieldTypes(
  context: Pick<FilterContext, 'tagModule' | 'emailOwnerType' | 'customFields'>,
) {
  const types: Record<string, FieldType | 'tags'> = {};
  if (context.tagModule) types.tags = 'tags';
  if (context.emailOwnerType) {
    types.email = 'string';
    types.hasMarketingEmail = 'boolean';
  }
  for (const [key, type] of Object.entries(context.customFields))
    types[`custom.${key}`] = customToFieldType(type);
  return types;
}

export function customToFieldType(type: CustomFieldType): FieldType {
  if (type === 'number') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'date') return 'date';
  return 'string';
}

function toDbDate(value: Date, dialect: SqlDialect): Date | string {
  // TypeORM stores SQLite datetimes as UTC text 'YYYY-MM-DD HH:MM:SS.SSS'; compare in that form.
  return dialect === 'sqlite' ? value.toISOString().replace('T', ' ').replace('Z', '') : value;
}

function dayRange(value: string): [Date, Date] {
  const start = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return [start, new Date(start.getTime() + 24 * 60 * 60 * 1000)];
}

function relativeStart(now: Date, amount: number, unit: string): Date {
  const start = new Date(now);
  if (unit === 'days') start.setUTCDate(start.getUTCDate() - amount);
  else if (unit === 'weeks') start.setUTCDate(start.getUTCDate() - 7 * amount);
  else start.setUTCMonth(start.getUTCMonth() - amount);
  return start;
}

/**
 * Turns a validated filter into one SQL predicate with named parameters. Field names map to
 * fixed expressions from the catalog, so user input only ever reaches SQL as parameters.
 */
export class FilterCompiler {
  private params: Record<string, unknown> = {};
  private counter = 0;

  constructor(private readonly context: FilterContext) {}

  compile(filter: FilterGroup): CompiledFilter {
    this.params = {};
    this.counter = 0;
    const sql = this.group(filter);
    return { sql, params: this.params };
  }

  private param(value: unknown): string {
    const name = `f${this.counter++}`;
    this.params[name] = value;
    return `:${name}`;
  }

  private listParam(values: unknown[]): string {
    const name = `f${this.counter++}`;
    this.params[name] = values;
    return `(:...${name})`;
  }

  private group(group: FilterGroup): string {
    if (group.conditions.length === 0) return '1=1';
    const parts = group.conditions.map((node) => (isGroup(node) ? this.group(node) : this.condition(node)));
    return `(${parts.join(group.op === 'or' ? ' OR ' : ' AND ')})`;
  }

  private condition(condition: FilterCondition): string {
    const { field } = condition;
    if (field === 'tags') return this.tagCondition(condition);
    if (field === 'email') return this.emailCondition(condition);
    if (field === 'hasMarketingEmail') return this.marketingEmailCondition(condition);
    if (field.startsWith('custom.')) {
      const key = field.slice('custom.'.length);
      const type = customToFieldType(this.context.customFields[key]);
      return this.scalar(this.customExpression(key, type), type, condition);
    }
    const definition = this.context.catalog[field];
    return this.scalar(definition.expression(this.context.alias), definition.type, condition);
  }

  /** JSON value of a custom field; keys are validated identifiers, safe to inline. */
  customExpression(key: string, type: FieldType): string {
    const column = `${this.context.alias}.custom`;
    if (this.context.dialect === 'sqlite') return `json_extract(${column}, '$.${key}')`;
    if (type === 'number') return `CAST(JSON_EXTRACT(${column}, '$.${key}') AS DECIMAL(30,6))`;
    return `JSON_UNQUOTE(JSON_EXTRACT(${column}, '$.${key}'))`;
  }

  private scalar(expression: string, type: FieldType, { operator, value, field }: FilterCondition): string {
    const isCustomBoolean = type === 'boolean' && field.startsWith('custom.');
    const bind = (raw: unknown): string => {
      if (type === 'boolean') {
        if (isCustomBoolean && this.context.dialect === 'mysql') return this.param(raw ? 'true' : 'false');
        return this.param(raw ? 1 : 0);
      }
      if (type === 'date' && !field.startsWith('custom.'))
        return this.param(toDbDate(new Date(raw as string), this.context.dialect));
      return this.param(raw);
    };
    switch (operator) {
      case 'eq':
        if (
          type === 'date' &&
          !field.startsWith('custom.') &&
          typeof value === 'string' &&
          value.length === 10
        ) {
          const [start, end] = dayRange(value);
          return `(${expression} >= ${bind(start.toISOString())} AND ${expression} < ${bind(end.toISOString())})`;
        }
        return `${expression} = ${bind(value)}`;
      case 'neq':
        return `(${expression} <> ${bind(value)} OR ${expression} IS NULL)`;
      case 'contains':
        return `${expression} LIKE ${this.param(`%${escapeLike(value as string)}%`)} ESCAPE '!'`;
      case 'notContains':
        return `(${expression} NOT LIKE ${this.param(`%${escapeLike(value as string)}%`)} ESCAPE '!' OR ${expression} IS NULL)`;
      case 'startsWith':
        return `${expression} LIKE ${this.param(`${escapeLike(value as string)}%`)} ESCAPE '!'`;
      case 'in':
        return `${expression} IN ${this.listParam(value as unknown[])}`;
      case 'notIn':
        return `(${expression} NOT IN ${this.listParam(value as unknown[])} OR ${expression} IS NULL)`;
      case 'isEmpty':
        return type === 'string' || type === 'enum'
          ? `(${expression} IS NULL OR ${expression} = '')`
          : `${expression} IS NULL`;
      case 'isNotEmpty':
        return type === 'string' || type === 'enum'
          ? `(${expression} IS NOT NULL AND ${expression} <> '')`
          : `${expression} IS NOT NULL`;
      case 'gt':
        return `${expression} > ${bind(value)}`;
      case 'gte':
        return `${expression} >= ${bind(value)}`;
      case 'lt':
        return `${expression} < ${bind(value)}`;
      case 'lte':
        return `${expression} <= ${bind(value)}`;
      case 'between': {
        const [from, to] = value as [unknown, unknown];
        if (type === 'date' && typeof to === 'string' && to.length === 10) {
          // A date-only upper bound includes that whole day.
          return `(${expression} >= ${bind(from)} AND ${expression} < ${bind(dayRange(to)[1].toISOString())})`;
        }
        return `(${expression} >= ${bind(from)} AND ${expression} <= ${bind(to)})`;
      }
      case 'inLast':
      case 'notInLast': {
        const { amount, unit } = value as { amount: number; unit: string };
        const start = relativeStart(this.context.now ?? new Date(), amount, unit).toISOString();
        return operator === 'inLast'
          ? `${expression} >= ${bind(start)}`
          : `(${expression} < ${bind(start)} OR ${expression} IS NULL)`;
      }
      default:
        throw new Error(`Operator ${operator} is not supported for ${type}`);
    }
  }

  private tagCondition({ operator, value }: FilterCondition): string {
    const { alias, tagModule } = this.context;
    const exists =
      `EXISTS (SELECT 1 FROM record_tag rt WHERE rt.tenantId = ${alias}.tenantId AND rt.module = ${this.param(tagModule)}` +
      ` AND rt.recordId = ${alias}.id AND rt.tag = ${this.param((value as string).trim())})`;
    return operator === 'hasTag' ? exists : `NOT ${exists}`;
  }

  private emailExists(extra: string): string {
    const { alias, emailOwnerType } = this.context;
    return (
      `EXISTS (SELECT 1 FROM email_address ea WHERE ea.tenantId = ${alias}.tenantId` +
      ` AND ea.ownerType = ${this.param(emailOwnerType)} AND ea.ownerId = ${alias}.id${extra})`
    );
  }

  private emailCondition({ operator, value }: FilterCondition): string {
    const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
    switch (operator) {
      case 'isEmpty':
        return `NOT ${this.emailExists('')}`;
      case 'isNotEmpty':
        return this.emailExists('');
      case 'eq':
        return this.emailExists(` AND ea.emailNormalized = ${this.param(text)}`);
      case 'neq':
        return `NOT ${this.emailExists(` AND ea.emailNormalized = ${this.param(text)}`)}`;
      case 'contains':
        return this.emailExists(
          ` AND ea.emailNormalized LIKE ${this.param(`%${escapeLike(text)}%`)} ESCAPE '!'`,
        );
      case 'notContains':
        return `NOT ${this.emailExists(` AND ea.emailNormalized LIKE ${this.param(`%${escapeLike(text)}%`)} ESCAPE '!'`)}`;
      case 'startsWith':
        return this.emailExists(
          ` AND ea.emailNormalized LIKE ${this.param(`${escapeLike(text)}%`)} ESCAPE '!'`,
        );
      case 'in':
        return this.emailExists(
          ` AND ea.emailNormalized IN ${this.listParam((value as string[]).map((v) => v.trim().toLowerCase()))}`,
        );
      case 'notIn':
        return `NOT ${this.emailExists(
          ` AND ea.emailNormalized IN ${this.listParam((value as string[]).map((v) => v.trim().toLowerCase()))}`,
        )}`;
      default:
        throw new Error(`Operator ${operator} is not supported for email`);
    }
  }

  /** "Has an address marked for marketing and ACTIVE" — the seed's marketing-eligible test. */
  private marketingEmailCondition({ operator, value }: FilterCondition): string {
    const exists = this.emailExists(
      ` AND ea.useInMarketing = ${this.param(1)} AND ea.status = ${this.param('ACTIVE')}`,
    );
    const wanted = operator === 'eq' ? value === true : value !== true;
    return wanted ? exists : `NOT ${exists}`;
  }
}
