import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Json = Record<string, unknown>;

interface Operation {
  template: string;
  pattern: RegExp;
  literals: number;
  method: string;
  spec: Json;
}

export interface Exchange {
  method: string;
  /** The path below /3.0, without the query. */
  path: string;
  status: number;
  requestBody: unknown;
  responseBody: unknown;
  contentType: string;
}

const SPEC_FILE = join(__dirname, '../reference/mailchimp-marketing-openapi.json');

/**
 * Checks sandbox traffic against the OpenAPI copy of Mailchimp's official spec: the request body
 * against the operation's request schema, the response against the schema of its status (or the
 * `default` problem document). The copy camelCases path parameters; they are only placeholders
 * here, so any segment matches them.
 */
export class MailchimpOpenApi {
  private readonly spec: Json;
  private readonly operations: Operation[] = [];
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(file = SPEC_FILE) {
    this.spec = correctSpec(JSON.parse(readFileSync(file, 'utf8')) as Json);
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema(this.spec, 'mailchimp');
    for (const [template, item] of Object.entries(this.spec.paths as Record<string, Json>)) {
      const segments = template.split('/').filter(Boolean);
      const pattern = new RegExp(
        '^/' +
          segments
            .map((s) => (s.startsWith('{') ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
            .join('/') +
          '$',
      );
      for (const method of ['get', 'post', 'put', 'patch', 'delete'])
        if (item[method])
          this.operations.push({
            template,
            pattern,
            literals: segments.filter((s) => !s.startsWith('{')).length,
            method,
            spec: item[method] as Json,
          });
    }
    // A literal segment beats a parameter: /lists/{id}/members before /lists/{id}/{anything}.
    this.operations.sort((a, b) => b.literals - a.literals);
  }

  operation(method: string, path: string): Operation | undefined {
    return this.operations.find((op) => op.method === method.toLowerCase() && op.pattern.test(path));
  }

  /** Problems found in one exchange, as readable lines (empty when it conforms). */
  check(exchange: Exchange): string[] {
    const op = this.operation(exchange.method, exchange.path);
    const where = `${exchange.method} ${exchange.path} → ${exchange.status}`;
    if (!op) return [`${where}: no such operation in the spec`];
    const problems: string[] = [];
    const requestSchema = (op.spec.requestBody as Json | undefined)?.content as Json | undefined;
    const requestPointer = requestSchema?.['application/json']
      ? `#/paths/${escape(op.template)}/${op.method}/requestBody/content/application~1json/schema`
      : null;
    // A body the sandbox refused as invalid was sent to prove exactly that; every other one must conform.
    const refusedAsInvalid =
      exchange.status === 400 &&
      /Invalid Resource|JSON Parse/.test(String((exchange.responseBody as Json | undefined)?.title));
    if (requestPointer && exchange.requestBody !== undefined && exchange.status < 500 && !refusedAsInvalid)
      problems.push(...this.validate(requestPointer, exchange.requestBody, `${where} request`));
    const responses = op.spec.responses as Json;
    const key = String(exchange.status) in responses ? String(exchange.status) : 'default';
    const response = responses[key] as Json | undefined;
    if (!response) return [...problems, `${where}: status not documented`];
    const content = response.content as Json | undefined;
    if (exchange.status === 204 || !content) {
      if (exchange.responseBody !== undefined && exchange.responseBody !== '')
        problems.push(`${where}: expected no body`);
      return problems;
    }
    const mediaType =
      exchange.contentType.includes('problem+json') && content['application/problem+json']
        ? 'application~1problem+json'
        : 'application~1json';
    problems.push(
      ...this.validate(
        `#/paths/${escape(op.template)}/${op.method}/responses/${key}/content/${mediaType}/schema`,
        exchange.responseBody,
        `${where} response`,
      ),
    );
    return problems;
  }

  private validate(pointer: string, value: unknown, label: string): string[] {
    let validate = this.compiled.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `mailchimp${pointer}` });
      this.compiled.set(pointer, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${label}: ${e.instancePath || '(root)'} ${e.message}`);
  }
}

/**
 * Two known defects of the spec copy, corrected before use so they cannot hide anything else:
 * - every `merge_fields` map types its values as objects, while Mailchimp sends and takes strings
 *   and numbers (`{"FNAME": "Ana"}`): values may be anything;
 * - the PATCH segment body (`Conditions1`) wraps each condition in an extra array, unlike the POST
 *   body and Mailchimp itself: it gets the POST body's schema.
 */
function correctSpec(spec: Json): Json {
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node as Json)) {
      if (key === 'merge_fields' && value && typeof value === 'object' && 'additionalProperties' in value)
        (value as Json).additionalProperties = {};
      walk(value);
    }
  };
  walk(spec);
  const schemas = (spec.components as Json).schemas as Json;
  schemas.Conditions1 = { $ref: '#/components/schemas/Conditions' };
  return spec;
}

/** A JSON pointer segment inside a URI fragment. */
const escape = (segment: string) => encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));
