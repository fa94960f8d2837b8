import type { VendorLimits } from '../contract/manifest';
import type { VendorField } from '../contract/vendor-records';
import { existingFieldProblems, newFieldProblems } from './vendor-field-limits';

const limits: VendorLimits = {
  maxBatchSize: 500,
  budget: {},
  maxFields: 3,
  fieldKeyMaxLength: 10,
  fieldLabelMaxLength: 50,
  creatableFieldTypes: ['text', 'dropdown'],
};

const field = (key: string, system = false): VendorField => ({
  key,
  label: key,
  type: 'text',
  required: false,
  ...(system ? { system } : {}),
});

describe('new vendor field limits', () => {
  it('accepts a field within every limit', () => {
    expect(newFieldProblems({ label: 'Cargo', type: 'text', key: 'CARGO' }, limits)).toEqual([]);
  });

  it('names the label, the type and the key when each is beyond the vendor', () => {
    expect(newFieldProblems({ label: 'x'.repeat(51), type: 'boolean', key: 'cargo_largo_' }, limits)).toEqual(
      [
        { field: 'type', reason: expect.stringContaining('use one of text, dropdown') },
        { field: 'label', reason: "is longer than the vendor's 50 characters" },
        { field: 'key', reason: "is longer than the vendor's 10 characters" },
        { field: 'key', reason: expect.stringContaining('A–Z') },
      ],
    );
  });

  it('counts only the list’s own fields against the maximum, not the address the vendor keeps', () => {
    expect(
      existingFieldProblems(
        { label: 'C', type: 'text' },
        [field('EMAIL', true), field('A'), field('B')],
        limits,
      ),
    ).toEqual([]);
    expect(
      existingFieldProblems({ label: 'D', type: 'text' }, [field('A'), field('B'), field('C')], limits),
    ).toEqual([{ field: 'listId', reason: 'already has 3 fields; the vendor allows at most 3' }]);
  });
});
