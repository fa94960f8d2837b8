import { CustomFieldDefinition } from './custom-field.entity';
import { validateCustomValues } from './custom-field-values';

const field = (key: string, createdBy: string | null): CustomFieldDefinition =>
  Object.assign(new CustomFieldDefinition(), {
    module: 'contacts',
    key,
    label: key,
    type: 'text',
    required: false,
    maxLength: null,
    options: null,
    createdBy,
  });

describe('custom values of a field a connector keeps', () => {
  const definitions = [field('mailchimp_id', 'mailchimp'), field('nickname', null)];
  const current = { mailchimp_id: 'abc123', nickname: 'Ana' };

  it('takes its current value back unchanged and leaves it out of what is written', () => {
    const result = validateCustomValues(
      definitions,
      { mailchimp_id: 'abc123', nickname: 'Anita' },
      'update',
      'custom',
      current,
    );
    expect(result).toEqual({ values: { nickname: 'Anita' }, problems: [] });
  });

  it('refuses a changed or cleared value, naming the field and the connector', () => {
    for (const value of ['other', null, ''])
      expect(
        validateCustomValues(definitions, { mailchimp_id: value }, 'update', 'custom', current).problems,
      ).toEqual([
        { field: 'custom.mailchimp_id', reason: 'is kept by the mailchimp connector and cannot be edited' },
      ]);
    expect(validateCustomValues(definitions, { mailchimp_id: 'x' }, 'create').problems).toHaveLength(1);
  });
});
