import type { Audience, Member } from '../state';

/**
 * Saved-segment conditions. Every condition type of Mailchimp's spec is accepted and stored, but
 * the sandbox evaluates only those it can answer from its own data: email address, text/number
 * and dropdown/radio merge fields, static segments (tags), language and VIP. A condition of any
 * other type (campaign activity, e-commerce, location, ...) matches no member, so a segment
 * built only on those counts 0 members.
 */

export interface SegmentCondition {
  condition_type?: string;
  field: string;
  op: string;
  value?: unknown;
  extra?: unknown;
}

export interface SegmentOptions {
  match: 'any' | 'all';
  conditions: SegmentCondition[];
}

type FieldError = { field: string; message: string };

/** The condition types of Mailchimp's spec. */
const CONDITION_TYPES = new Set([
  'Aim', 'Automation', 'CampaignPoll', 'Conversation', 'Date', 'EmailClient', 'Language',
  'MemberRating', 'SignupSource', 'SurveyMonkey', 'VIP', 'Interests', 'EcommCategory', 'EcommNumber',
  'EcommPurchased', 'EcommSpent', 'EcommStore', 'GoalActivity', 'GoalTimestamp', 'FuzzySegment',
  'StaticSegment', 'IPGeoCountryState', 'IPGeoIn', 'IPGeoInZip', 'IPGeoUnknown', 'IPGeoZip',
  'SocialAge', 'SocialGender', 'SocialInfluence', 'SocialNetworkMember', 'SocialNetworkFollow',
  'AddressMerge', 'ZipMerge', 'BirthdayMerge', 'DateMerge', 'SelectMerge', 'TextMerge',
  'EmailAddress', 'PredictedGender', 'PredictedAge', 'NewSubscribers',
]); // prettier-ignore

const TEXT_OPS = ['is', 'not', 'contains', 'notcontain', 'starts', 'ends', 'greater', 'less'];

/** The operators of each evaluated type, as the spec lists them. */
const EVALUATED: Record<string, string[]> = {
  EmailAddress: TEXT_OPS,
  TextMerge: [...TEXT_OPS, 'blank', 'blank_not'],
  SelectMerge: ['is', 'not', 'contains', 'notcontain', 'blank', 'blank_not'],
  StaticSegment: ['static_is', 'static_not'],
  Language: ['is', 'not'],
  VIP: ['member', 'notmember'],
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value);

/** Checks `options` of a saved segment; the errors name the offending field. */
export function optionsErrors(value: unknown, list: Audience): FieldError[] {
  if (!isRecord(value)) return [{ field: 'options', message: 'Schema describes object' }];
  const errors: FieldError[] = [];
  if (value.match !== undefined && value.match !== 'any' && value.match !== 'all')
    errors.push({ field: 'options.match', message: 'Value must be one of: any, all' });
  if (!Array.isArray(value.conditions) || value.conditions.length === 0) {
    errors.push({ field: 'options.conditions', message: 'A saved segment needs at least one condition.' });
    return errors;
  }
  value.conditions.forEach((condition: unknown, index) => {
    const at = `options.conditions[${index}]`;
    if (!isRecord(condition)) return errors.push({ field: at, message: 'Schema describes object' });
    if (typeof condition.field !== 'string' || condition.field === '')
      errors.push({ field: `${at}.field`, message: 'This value should not be blank.' });
    if (typeof condition.op !== 'string' || condition.op === '')
      errors.push({ field: `${at}.op`, message: 'This value should not be blank.' });
    const type = condition.condition_type;
    if (type !== undefined && !(typeof type === 'string' && CONDITION_TYPES.has(type)))
      errors.push({ field: `${at}.condition_type`, message: 'Unknown condition type.' });
    const ops = EVALUATED[conditionType(condition as unknown as SegmentCondition, list) ?? ''];
    if (ops && typeof condition.op === 'string' && !ops.includes(condition.op))
      errors.push({ field: `${at}.op`, message: `Value must be one of: ${ops.join(', ')}` });
  });
  return errors;
}

export function normalizeOptions(value: Record<string, unknown>): SegmentOptions {
  return {
    match: value.match === 'all' ? 'all' : 'any',
    conditions: value.conditions as SegmentCondition[],
  };
}

/** Whether a member meets a saved segment's conditions. */
export function meetsConditions(list: Audience, member: Member, options: SegmentOptions): boolean {
  const test = (condition: SegmentCondition) => meets(list, member, condition);
  return options.match === 'all' ? options.conditions.every(test) : options.conditions.some(test);
}

/** The declared type, or the one Mailchimp infers from the field. */
function conditionType(condition: SegmentCondition, list: Audience): string | undefined {
  if (condition.condition_type) return condition.condition_type;
  if (condition.field === 'EMAIL' || condition.field === 'merge0') return 'EmailAddress';
  if (condition.field === 'static_segment') return 'StaticSegment';
  const merge = mergeField(list, condition.field);
  if (merge) return merge.type === 'dropdown' || merge.type === 'radio' ? 'SelectMerge' : 'TextMerge';
  return undefined;
}

/** A merge field by its tag or by Mailchimp's positional name (`MMERGE3`). */
function mergeField(list: Audience, field: string) {
  const position = /^MMERGE(\d+)$/.exec(field);
  return list.mergeFields.find((f) => f.tag === field || (position && f.merge_id === Number(position[1])));
}

function meets(list: Audience, member: Member, condition: SegmentCondition): boolean {
  switch (conditionType(condition, list)) {
    case 'EmailAddress':
      return compare(member.email_address, condition.op, condition.value);
    case 'TextMerge':
    case 'SelectMerge': {
      const tag = mergeField(list, condition.field)?.tag ?? condition.field;
      return compare(member.merge_fields[tag], condition.op, condition.value);
    }
    case 'StaticSegment': {
      const inSegment = !!Object.values(list.segments)
        .find((segment) => segment.type === 'static' && segment.id === Number(condition.value))
        ?.members.includes(member.id);
      return condition.op === 'static_is' ? inSegment : !inSegment;
    }
    case 'Language':
      return compare(member.language, condition.op, condition.value);
    case 'VIP':
      return condition.op === 'member' ? member.vip : !member.vip;
    default:
      return false;
  }
}

/** Mailchimp's text operators, case-insensitive; greater/less compare numbers when both are. */
function compare(actual: unknown, op: string, expected: unknown): boolean {
  const have = actual === undefined || actual === null ? '' : String(actual).toLowerCase();
  const want = expected === undefined || expected === null ? '' : String(expected).toLowerCase();
  const numeric = have !== '' && want !== '' && !isNaN(Number(have)) && !isNaN(Number(want));
  const order = numeric ? Number(have) - Number(want) : have.localeCompare(want);
  switch (op) {
    case 'is':
      return have === want;
    case 'not':
      return have !== want;
    case 'contains':
      return have.includes(want);
    case 'notcontain':
      return !have.includes(want);
    case 'starts':
      return have.startsWith(want);
    case 'ends':
      return have.endsWith(want);
    case 'greater':
      return have !== '' && order > 0;
    case 'less':
      return have !== '' && order < 0;
    case 'blank':
      return have === '';
    case 'blank_not':
      return have !== '';
    default:
      return false;
  }
}
