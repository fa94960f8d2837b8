import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  ConflictError,
  ProblemCollector,
  TenantId,
  TenantScopedRepository,
  ValidationFailedError,
} from '@crm/platform';
import type { Actor } from '../access/actor';
import { assertAdmin } from '../access/record-visibility';
import { PICKLIST_VALUE_MAX_LENGTH } from '../picklists/picklist.entities';
import {
  CUSTOM_FIELD_TYPES,
  CustomFieldDefinition,
  CustomFieldModule,
  CustomFieldType,
} from './custom-field.entity';
import { validateCustomValues } from './custom-field-values';

export interface CustomFieldInput {
  module: CustomFieldModule;
  key: string;
  label: string;
  type: CustomFieldType;
  required?: boolean;
  maxLength?: number | null;
  options?: string[] | null;
}

export type CustomFieldUpdate = Partial<
  Pick<CustomFieldInput, 'label' | 'required' | 'maxLength' | 'options'>
>;

export const CUSTOM_FIELD_KEY = /^[a-z][a-z0-9_]{0,39}$/;
export const MAX_CUSTOM_FIELDS_PER_MODULE = 100;

/** Tenant-defined properties per module, and the validation of their values on records. */
@Injectable()
export class CustomFieldsService {
  private readonly definitions: TenantScopedRepository<CustomFieldDefinition>;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.definitions = new TenantScopedRepository(
      dataSource.getRepository(CustomFieldDefinition),
      'Custom field',
    );
  }

  list(tenantId: TenantId, module?: CustomFieldModule): Promise<CustomFieldDefinition[]> {
    return this.definitions.find(tenantId, {
      where: module ? { module } : {},
      order: { module: 'ASC', key: 'ASC' },
    });
  }

  get(tenantId: TenantId, id: string): Promise<CustomFieldDefinition> {
    return this.definitions.getById(tenantId, id);
  }

  async create(actor: Actor, input: CustomFieldInput): Promise<CustomFieldDefinition> {
    assertAdmin(actor);
    const problems = new ProblemCollector();
    if (!CUSTOM_FIELD_KEY.test(input.key))
      problems.add('key', 'must start with a lower-case letter and use only a-z, 0-9 and _ (at most 40)');
    if (!CUSTOM_FIELD_TYPES.includes(input.type))
      problems.add('type', `must be one of ${CUSTOM_FIELD_TYPES.join(', ')}`);
    this.checkTypeOptions(input.type, input, problems);
    problems.throwIfAny();
    if (await this.definitions.exists(actor.tenantId, { module: input.module, key: input.key }))
      throw new ConflictError(`A ${input.module} custom field with key ${input.key} already exists`, 'key');
    if (
      (await this.definitions.count(actor.tenantId, { module: input.module })) >= MAX_CUSTOM_FIELDS_PER_MODULE
    )
      throw ValidationFailedError.field(
        'module',
        `at most ${MAX_CUSTOM_FIELDS_PER_MODULE} custom fields per module`,
      );
    return this.definitions.save(
      actor.tenantId,
      this.definitions.create(actor.tenantId, {
        module: input.module,
        key: input.key,
        label: input.label.trim(),
        type: input.type,
        required: input.required ?? false,
        maxLength: input.type === 'text' ? (input.maxLength ?? null) : null,
        options: input.type === 'picklist' ? dedupe(input.options ?? []) : null,
        createdBy: null,
      }),
    );
  }

  async update(actor: Actor, id: string, input: CustomFieldUpdate): Promise<CustomFieldDefinition> {
    assertAdmin(actor);
    const definition = await this.definitions.getById(actor.tenantId, id);
    assertNotConnectorField(definition);
    const problems = new ProblemCollector();
    this.checkTypeOptions(definition.type, input, problems);
    problems.throwIfAny();
    if (input.label !== undefined) definition.label = input.label.trim();
    if (input.required !== undefined) definition.required = input.required;
    if (input.maxLength !== undefined && definition.type === 'text') definition.maxLength = input.maxLength;
    if (input.options !== undefined && definition.type === 'picklist')
      definition.options = dedupe(input.options ?? []);
    return this.definitions.save(actor.tenantId, definition);
  }

  /** Removes the definition; values stay in records' JSON but are no longer shown or validated. */
  async remove(actor: Actor, id: string): Promise<void> {
    assertAdmin(actor);
    const definition = await this.definitions.getById(actor.tenantId, id);
    assertNotConnectorField(definition);
    await this.definitions.remove(actor.tenantId, definition);
  }

  /**
   * Validates values for a record of `module` (whose stored values are `current`); throws 400
   * naming `custom.<key>` fields.
   */
  async validateValues(
    tenantId: TenantId,
    module: CustomFieldModule,
    values: Record<string, unknown> | undefined,
    mode: 'create' | 'update',
    current: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> {
    const definitions = await this.list(tenantId, module);
    const result = validateCustomValues(definitions, values, mode, 'custom', current);
    if (result.problems.length > 0) throw new ValidationFailedError(result.problems);
    return result.values;
  }

  /** key → type, for filters over `custom.<key>`. */
  async typesFor(tenantId: TenantId, module: CustomFieldModule): Promise<Record<string, CustomFieldType>> {
    const definitions = await this.list(tenantId, module);
    return Object.fromEntries(definitions.map((definition) => [definition.key, definition.type]));
  }

  private checkTypeOptions(
    type: CustomFieldType,
    input: CustomFieldUpdate,
    problems: ProblemCollector,
  ): void {
    if (type === 'picklist' && input.options !== undefined) {
      const options = input.options ?? [];
      if (options.length === 0) problems.add('options', 'a picklist field needs at least one option');
      options.forEach((option, index) => {
        if (typeof option !== 'string' || option.trim() === '')
          problems.add(`options.${index}`, 'must be a non-empty string');
        else if (option.length > PICKLIST_VALUE_MAX_LENGTH)
          problems.add(`options.${index}`, `must be at most ${PICKLIST_VALUE_MAX_LENGTH} characters`);
      });
    } else if (type !== 'picklist' && input.options) {
      problems.add('options', 'only picklist fields have options');
    }
    if (input.maxLength !== undefined && input.maxLength !== null) {
      if (type !== 'text') problems.add('maxLength', 'only text fields have a maximum length');
      else if (!Number.isInteger(input.maxLength) || input.maxLength < 1 || input.maxLength > 255)
        problems.add('maxLength', 'must be an integer from 1 to 255');
    }
  }
}

/** A connector's field is the connector's: uninstalling it removes the field. */
function assertNotConnectorField(definition: CustomFieldDefinition): void {
  if (definition.createdBy)
    throw new ConflictError(
      `The ${definition.key} field is kept by the ${definition.createdBy} connector; uninstalling the connector removes it`,
      'id',
    );
}

function dedupe(values: string[]): string[] {
  return [...new Set(values.map((value) => value.trim()))];
}
