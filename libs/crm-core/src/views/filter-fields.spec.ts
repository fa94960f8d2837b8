import type { CustomFieldDefinition } from '../custom-fields/custom-field.entity';
import { leadCatalog, organizationCatalog } from '../records/record-catalogs';
import { catalogResolver, validateFilter } from './filter-validator';
import { describeFilterFields } from './filter-fields';
import { specialFieldTypes } from './filter-compiler';

const custom = (overrides: Partial<CustomFieldDefinition>): CustomFieldDefinition =>
  ({ key: 'region', label: 'Región', type: 'text', options: null, ...overrides }) as CustomFieldDefinition;

describe('describeFilterFields', () => {
  it('describes the catalog, the email and tag fields, and custom fields with their labels', () => {
    const fields = describeFilterFields(leadCatalog, { tags: true, emails: true }, [
      custom({ key: 'budget', label: 'Presupuesto', type: 'number' }),
      custom({ key: 'tier', label: 'Nivel', type: 'picklist', options: ['Oro', 'Plata'] }),
    ]);
    const byName = new Map(fields.map((field) => [field.field, field]));
    expect(byName.get('status')).toMatchObject({
      type: 'enum',
      sortable: true,
      values: ['NEW', 'CONTACTED', 'QUALIFIED', 'UNQUALIFIED', 'CONVERTED'],
    });
    expect(byName.get('source')).toMatchObject({ type: 'string', picklist: 'lead.source' });
    expect(byName.get('tags')).toEqual({
      field: 'tags',
      type: 'tags',
      operators: ['hasTag', 'notHasTag'],
      sortable: false,
    });
    expect(byName.get('hasMarketingEmail')?.operators).toEqual(['eq', 'neq']);
    expect(byName.get('custom.budget')).toMatchObject({
      type: 'number',
      label: 'Presupuesto',
      sortable: true,
    });
    expect(byName.get('custom.tier')).toMatchObject({ type: 'string', values: ['Oro', 'Plata'] });
    expect(byName.get('createdAt')?.operators).toContain('inLast');
  });

  it('offers only fields without emails or tags when the module has none', () => {
    const fields = describeFilterFields(organizationCatalog, { tags: false, emails: false }, []);
    expect(fields.map((field) => field.field)).not.toEqual(expect.arrayContaining(['tags']));
    expect(fields.map((field) => field.field)).not.toEqual(expect.arrayContaining(['email']));
    expect(fields.find((field) => field.field === 'zone')?.picklist).toBe('organization.zone');
  });

  it('offers nothing the validator refuses: every field with each of its operators validates', () => {
    const customFields = [custom({ key: 'region' })];
    const fields = describeFilterFields(leadCatalog, { tags: true, emails: true }, customFields);
    const resolver = catalogResolver(
      leadCatalog,
      specialFieldTypes({ tagModule: 'leads', emailOwnerType: 'lead', customFields: { region: 'text' } }),
    );
    for (const field of fields)
      for (const operator of field.operators) {
        const problems = validateFilter(
          { op: 'and', conditions: [{ field: field.field, operator }] },
          resolver,
        );
        // Only the value may be wrong (none was given); the field and the operator are accepted.
        expect(problems.filter((problem) => !problem.field.endsWith('.value'))).toEqual([]);
      }
  });
});
