import { anyOf, between, equals, filterBy, literal, orderBy } from './mailup-query';

describe('MailUp filter expressions', () => {
  it('quotes text in single quotes, in double ones when it holds a single quote; numbers stay bare', () => {
    expect(literal('ana@example.it')).toBe(`'ana@example.it'`);
    expect(literal(`o'brien@example.ie`)).toBe(`"o'brien@example.ie"`);
    expect(literal(`a'b"c@example.ie`)).toBeNull();
    expect(literal(42)).toBe('42');
    expect(equals('idRecipient', 7)).toBe('idRecipient == 7');
    expect(anyOf('Email', [`a'b"c@example.ie`, 'd@example.ie'])).toEqual([`Email == 'd@example.ie'`]);
  });

  it('covers a range with the < and > MailUp documents', () => {
    expect(between('IdRecipient', 10, 20)).toBe('IdRecipient > 9 && IdRecipient < 21');
  });

  it('splits a long any-of into expressions within the length limit, every value once', () => {
    const emails = Array.from({ length: 100 }, (_, i) => `person${i}@example.com`);
    const expressions = anyOf('Email', emails, 300);
    expect(expressions.length).toBeGreaterThan(1);
    for (const expression of expressions) expect(expression.length).toBeLessThanOrEqual(300);
    const found = expressions.flatMap((e) =>
      e.split(' || ').map((term) => term.replace(/^Email == '|'$/g, '')),
    );
    expect(found).toEqual(emails);
    expect(anyOf('Email', [])).toEqual([]);
  });

  it('wraps values for the query string as MailUp expects them', () => {
    expect(filterBy(`Email == 'a@b.it'`)).toBe(`"Email == 'a@b.it'"`);
    expect(orderBy('idRecipient')).toBe('"idRecipient asc"');
    expect(orderBy('IdMessage', 'desc')).toBe('"IdMessage desc"');
  });
});
