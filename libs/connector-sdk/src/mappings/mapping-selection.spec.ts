import { fakeManifest } from '../testing/fake.connector';
import { ANY, defaultsForModule, mappingListKey, selectMappings, StoredMapping } from './mapping-selection';

const row = (listId: string, crmModule: string, vendorField: string): StoredMapping => ({
  listId,
  crmModule,
  vendorField,
});

describe('selectMappings', () => {
  const rows = [
    row('list-1', ANY, 'CODE'),
    row('list-1', 'leads', 'CODE'),
    row('list-1', 'leads', 'SOURCE'),
    row('list-2', 'contacts', 'CODE'),
  ];

  it('gives a module its own mappings first', () => {
    expect(selectMappings(rows, 'list-1', 'leads')).toEqual({
      source: 'module',
      rows: [rows[1], rows[2]],
    });
  });

  it('falls back to the list’s mappings for every module, then to the defaults', () => {
    expect(selectMappings(rows, 'list-1', 'contacts')).toEqual({ source: 'list', rows: [rows[0]] });
    expect(selectMappings(rows, 'list-2', 'leads')).toEqual({ source: 'defaults', rows: [] });
    expect(selectMappings(rows, 'list-3', 'contacts')).toEqual({ source: 'defaults', rows: [] });
  });

  it('answers the list-wide mappings when no module is asked for', () => {
    expect(selectMappings(rows, 'list-1', null)).toEqual({ source: 'list', rows: [rows[0]] });
    expect(selectMappings(rows, 'list-2', null)).toEqual({ source: 'defaults', rows: [] });
  });
});

describe('mappingListKey', () => {
  it('stores account-wide fields once for every list', () => {
    expect(mappingListKey({ fieldsScope: 'account' }, 'list-1')).toBe(ANY);
    expect(mappingListKey({ fieldsScope: 'list' }, 'list-1')).toBe('list-1');
    expect(mappingListKey({}, 'list-1')).toBe('list-1');
  });
});

describe('defaultsForModule', () => {
  it('leaves out defaults whose CRM field the module lacks', () => {
    const organization = new Set(['email', 'name', 'country']);
    expect(defaultsForModule(fakeManifest.defaultMappings, organization).map((m) => m.vendorField)).toEqual([
      'EMAIL',
    ]);
    const contact = new Set(['email', 'firstName', 'lastName']);
    expect(defaultsForModule(fakeManifest.defaultMappings, contact)).toEqual(fakeManifest.defaultMappings);
  });
});
