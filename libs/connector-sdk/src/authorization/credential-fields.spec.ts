import { ValidationFailedError } from '@crm/platform';
import type { CredentialField } from '../contract/manifest';
import { rejectedField, validateCredentialFields } from './credential-fields';

const spec: CredentialField[] = [
  { key: 'username', label: 'User', secret: false, required: true },
  { key: 'password', label: 'Password', secret: true, required: true },
  { key: 'endpoint', label: 'Endpoint', secret: false, required: false },
];

const problems = (input: Record<string, unknown>) => {
  try {
    validateCredentialFields(spec, input);
  } catch (error) {
    return (error as ValidationFailedError).problems;
  }
  throw new Error('expected a validation error');
};

describe('validateCredentialFields', () => {
  it('trims values and drops empty optional ones', () => {
    expect(validateCredentialFields(spec, { username: ' m123 ', password: 'p\n', endpoint: '' })).toEqual({
      username: 'm123',
      password: 'p',
    });
  });

  it('names every missing, mistyped and unknown field at once', () => {
    expect(problems({ username: '  ', password: 7, region: 'eu' })).toEqual([
      { field: 'fields.region', reason: 'is not a credential this connector asks for' },
      { field: 'fields.username', reason: 'is required' },
      { field: 'fields.password', reason: 'must be a string' },
    ]);
  });

  it('refuses absurdly long values', () => {
    expect(problems({ username: 'u', password: 'x'.repeat(2001) })).toEqual([
      { field: 'fields.password', reason: 'must be at most 2000 characters' },
    ]);
  });
});

describe('rejectedField', () => {
  it('prefers the field the vendor named, then the first secret field', () => {
    expect(rejectedField(spec, 'username')).toBe('username');
    expect(rejectedField(spec, 'not-a-field')).toBe('password');
    expect(rejectedField(spec)).toBe('password');
    expect(rejectedField([{ key: 'account', label: 'A', secret: false, required: true }])).toBe('account');
  });
});
