import { crmSubscriber } from '../testing/crm-subscriber';
import { crmHashOf, FieldMap, planPush } from './sync-plan';
import { retag } from './tag-sync';

const map = new FieldMap([
  { vendorField: 'EMAIL', crmField: 'email', direction: 'BOTH' },
  { vendorField: 'FNAME', crmField: 'firstName', direction: 'BOTH' },
]);

const subscriber = crmSubscriber;

describe('retag', () => {
  it('sends every CRM tag and takes off the ones the CRM dropped since the last push', () => {
    const pushed = subscriber();
    const crmHash = planPush(pushed, null, map, 'subscribed').hash;
    const moved = subscriber({ tags: ['Zona: Sur'] });
    const result = retag(moved, { crmHash, sentTags: ['Zona: Norte'] }, map);
    expect(result).toEqual({ add: ['Zona: Sur'], remove: ['Zona: Norte'], crmHash: crmHashOf(moved, map) });
  });

  it('keeps the hash when more than the tags changed, so the next push still sends the rest', () => {
    const crmHash = crmHashOf(subscriber(), map);
    const renamed = subscriber({ fields: { firstName: 'Anita' }, tags: ['Zona: Sur'] });
    expect(retag(renamed, { crmHash, sentTags: ['Zona: Norte'] }, map)).toEqual({
      add: ['Zona: Sur'],
      remove: ['Zona: Norte'],
      crmHash,
    });
  });

  it('removes nothing when it does not know what was sent', () => {
    expect(retag(subscriber(), { crmHash: 'h', sentTags: null }, map)).toEqual({
      add: ['Zona: Norte'],
      remove: [],
      crmHash: 'h',
    });
  });
});
