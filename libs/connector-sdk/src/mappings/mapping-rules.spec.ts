import type { VendorFieldType } from '../contract/manifest';
import type { CrmFieldDescriptor } from '../engine/crm-sync.port';
import { fakeManifest } from '../testing/fake.connector';
import { checkMappings, MappingCheckContext, MappingInput, TYPE_COMPATIBILITY } from './mapping-rules';

const CRM_TYPES: Array<CrmFieldDescriptor['type']> = [
  'text',
  'number',
  'date',
  'boolean',
  'picklist',
  'email',
  'url',
];
const defaults: MappingInput[] = fakeManifest.defaultMappings.map(({ vendorField, crmField, direction }) => ({
  vendorField,
  crmField,
  direction,
}));

const context = (vendorType: VendorFieldType, crmType: CrmFieldDescriptor['type']): MappingCheckContext => ({
  defaults: fakeManifest.defaultMappings,
  vendorFields: [{ key: 'X', label: 'X', type: vendorType, required: false, choices: ['a'] }],
  crmFields: [
    { key: 'email', label: 'Email', type: 'email', required: true },
    { key: 'firstName', label: 'First', type: 'text', required: false },
    { key: 'lastName', label: 'Last', type: 'text', required: true },
    { key: 'y', label: 'Y', type: crmType, required: false, options: ['a'] },
  ],
  module: 'contacts',
  settings: { syncType: 'TWO_WAY', direction: null },
});

describe('mapping type compatibility', () => {
  const pairs = Object.entries(TYPE_COMPATIBILITY).flatMap(([vendorType, rule]) =>
    CRM_TYPES.map((crmType) => [vendorType as VendorFieldType, crmType, rule.crm.includes(crmType)] as const),
  );

  it.each(pairs)('vendor %s ↔ CRM %s fits: %s', (vendorType, crmType, fits) => {
    const mappings = [...defaults, { vendorField: 'X', crmField: 'y', direction: 'BOTH' as const }];
    const { problems } = checkMappings(mappings, context(vendorType, crmType));
    expect(problems).toEqual(
      fits
        ? []
        : [
            {
              field: 'mappings.3.crmField',
              reason: expect.stringContaining(TYPE_COMPATIBILITY[vendorType].why),
            },
          ],
    );
  });

  it('holds the pairs the mapping screen documents', () => {
    expect(TYPE_COMPATIBILITY.text.crm).toEqual(['text', 'email', 'url', 'picklist']);
    expect(TYPE_COMPATIBILITY.phone.crm).toEqual(['text']);
    expect(TYPE_COMPATIBILITY.boolean.crm).toEqual(['boolean', 'text']);
  });
});

describe('mapping warnings', () => {
  it('warns about values longer than the vendor keeps only when values go to the vendor', () => {
    const ctx = context('dropdown', 'picklist');
    ctx.vendorFields = [
      { key: 'X', label: 'X', type: 'dropdown', required: false, choices: ['long value'], maxLength: 4 },
    ];
    ctx.crmFields = ctx.crmFields.map((f) => (f.key === 'y' ? { ...f, options: ['long value'] } : f));
    const toVendor = checkMappings(
      [...defaults, { vendorField: 'X', crmField: 'y', direction: 'TO_VENDOR' }],
      ctx,
    );
    expect(toVendor).toEqual({
      problems: [],
      warnings: [
        { field: 'mappings.3.vendorField', reason: expect.stringContaining('at most 4 characters') },
      ],
    });
    const toCrm = checkMappings([...defaults, { vendorField: 'X', crmField: 'y', direction: 'TO_CRM' }], ctx);
    expect(toCrm).toEqual({ problems: [], warnings: [] });
  });
});

describe('mappings of one CRM module', () => {
  const vendorFields = [
    { key: 'CODE', label: 'Code', type: 'text' as const, required: true },
    { key: 'NATION', label: 'Nazione', type: 'text' as const, required: false },
  ];
  const organizationFields: CrmFieldDescriptor[] = [
    { key: 'email', label: 'Email', type: 'email', required: true },
    { key: 'name', label: 'Name', type: 'text', required: true },
    { key: 'country', label: 'Country', type: 'text', required: false },
  ];
  const organizations = (): MappingCheckContext => ({
    defaults: fakeManifest.defaultMappings,
    vendorFields,
    crmFields: organizationFields,
    module: 'organizations',
    settings: { syncType: 'ONE_WAY', direction: 'CRM_TO_VENDOR' },
  });
  const email: MappingInput = { vendorField: 'EMAIL', crmField: 'email', direction: 'BOTH' };

  it('does not ask a module for the locked defaults its records lack (an organization has no first name)', () => {
    const mappings: MappingInput[] = [
      email,
      { vendorField: 'CODE', crmField: 'name', direction: 'TO_VENDOR' },
      { vendorField: 'NATION', crmField: 'country', direction: 'TO_VENDOR' },
    ];
    expect(checkMappings(mappings, organizations())).toEqual({ problems: [], warnings: [] });
  });

  it('maps a required vendor field to a required CRM field of that module only, and names the module', () => {
    const mappings: MappingInput[] = [
      email,
      { vendorField: 'CODE', crmField: 'country', direction: 'TO_VENDOR' },
      { vendorField: 'NATION', crmField: 'firstName', direction: 'TO_VENDOR' },
    ];
    expect(checkMappings(mappings, organizations()).problems).toEqual([
      {
        field: 'mappings.1.crmField',
        reason:
          'CODE is required at the vendor, so it may only map to a required CRM field; ' +
          'country is optional and records without it could not be added',
      },
      { field: 'mappings.2.crmField', reason: 'firstName is not a field of organizations' },
    ]);
  });
});
