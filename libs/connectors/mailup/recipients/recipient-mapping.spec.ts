import {
  mailupDate,
  optinChangedAt,
  optinStatus,
  recipientFields,
  recipientInput,
} from './recipient-mapping';

describe('MailUp recipients in the framework’s terms', () => {
  it('reads MailUp’s time formats, and its empty and “never” dates as none', () => {
    expect(mailupDate('2017-05-29 08:21:59Z')).toEqual(new Date('2017-05-29T08:21:59Z'));
    expect(mailupDate('2020-01-27 10:38:00.000')).toEqual(new Date('2020-01-27T10:38:00Z'));
    expect(mailupDate('')).toBeUndefined();
    expect(mailupDate(null)).toBeUndefined();
    expect(mailupDate('0001-01-01 00:00:00Z')).toBeUndefined();
  });

  it('maps subscription statuses and takes the latest of a subscription’s dates', () => {
    const optin = {
      idRecipient: 13,
      Email: 'a@b.it',
      Status: 'OPTOUT',
      Optin_Date: '2020-01-27 10:38:00.000',
      Optin_Request_Date: '',
      Optout_Date: '2021-02-01 09:00:00.000',
    };
    expect(optinStatus(optin)).toBe('unsubscribed');
    expect(optinStatus({ ...optin, Status: 'OPTIN' })).toBe('subscribed');
    expect(optinStatus({ ...optin, Status: 'PENDING' })).toBe('pending');
    expect(optinChangedAt(optin)).toEqual(new Date('2021-02-01T09:00:00Z'));
  });

  it('keys dynamic fields by id and sends text of at most 200 characters', () => {
    expect(
      recipientFields({
        idRecipient: 1,
        Email: 'a@b.it',
        Fields: [{ Id: 1, Description: 'nome', Value: 'Ada' }],
      }),
    ).toEqual({ Email: 'a@b.it', '1': 'Ada' });
    const input = recipientInput('a@b.it', {
      Email: 'a@b.it',
      FNAME: 'not a MailUp field',
      '1': 'x'.repeat(250),
      '2': null,
      '14': new Date('2024-05-06T10:00:00Z'),
    });
    expect(input).toEqual({
      Email: 'a@b.it',
      Fields: [
        { Id: 1, Value: 'x'.repeat(200) },
        { Id: 2, Value: '' },
        { Id: 14, Value: '2024-05-06' },
      ],
    });
  });
});
