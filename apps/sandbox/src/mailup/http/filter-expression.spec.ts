import { applyFilter, applyOrder, ItemType } from './filter-expression';
import { MailupError } from './mailup-error';

const ITEM: ItemType = {
  name: 'TestItem',
  properties: { Name: 'String', idList: 'Int32', Active: 'Boolean', Note: 'String', Fields: 'Collection' },
};

const items = [
  { Name: 'Newsletter', idList: 1, Active: true, Note: null, Fields: [] },
  { Name: 'Promo', idList: 2, Active: false, Note: ' vip ', Fields: [] },
  { Name: 'news', idList: 3, Active: true, Note: 'x', Fields: [] },
];

const names = (list: Array<{ Name: string }>) => list.map((item) => item.Name);
const filter = (expression: string) => names(applyFilter(items, expression, ITEM));

/** The description of the 400 an expression gets. */
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MailupError);
    expect((error as MailupError).status).toBe(400);
    return (error as MailupError).description;
  }
  throw new Error('the expression was accepted');
}

describe('MailUp filterby / orderby expressions', () => {
  it('compares with ==, =, !=, <>, <, >, <=, >=, strings ordinal and case-sensitive', () => {
    expect(filter('"idList == 2"')).toEqual(['Promo']);
    expect(filter('idList = 2')).toEqual(['Promo']);
    expect(filter("Name != 'Promo'")).toEqual(['Newsletter', 'news']);
    expect(filter('idList <> 1')).toEqual(['Promo', 'news']);
    expect(filter('idList < 2')).toEqual(['Newsletter']);
    expect(filter('idList >= 2')).toEqual(['Promo', 'news']);
    expect(filter("Name > 'O'")).toEqual(['Promo', 'news']);
    expect(filter('Name == "news"')).toEqual(['news']);
    expect(filter('Active == true')).toEqual(['Newsletter', 'news']);
    expect(filter('Note == null')).toEqual(['Newsletter']);
  });

  it('combines with &&, ||, !, and/or/not and parentheses, and calls string methods', () => {
    expect(filter("Name.Contains('ews')")).toEqual(['Newsletter', 'news']);
    expect(filter("Name.StartsWith('N') || Name.EndsWith('mo')")).toEqual(['Newsletter', 'Promo']);
    expect(filter("!(Name.Contains('ews')) && idList > 1")).toEqual(['Promo']);
    expect(filter("not Active and idList > 1 or Name.Equals('news')")).toEqual(['Promo', 'news']);
    expect(filter("Note.Trim() == 'vip'")).toEqual(['Promo']);
    expect(filter("Name.ToLower().StartsWith('news')")).toEqual(['Newsletter', 'news']);
    expect(filter("Name.ToUpper() == 'NEWS'")).toEqual(['news']);
    // Property names in any casing; a method on a null value is false.
    expect(filter("IDLIST == 3 && note.Contains('x')")).toEqual(['news']);
    expect(filter('""')).toEqual(['Newsletter', 'Promo', 'news']);
  });

  it('refuses unknown properties, mismatched types, bad methods and bad syntax', () => {
    expect(refusal(() => filter('Colour == 1'))).toBe(
      "No property or field 'Colour' exists in type 'TestItem'",
    );
    expect(refusal(() => filter("idList == '1'"))).toBe(
      "Operator '==' incompatible with operand types 'Int32' and 'String'",
    );
    expect(refusal(() => filter('Active > false'))).toBe(
      "Operator '>' incompatible with operand types 'Boolean' and 'Boolean'",
    );
    expect(refusal(() => filter('idList && Active'))).toBe(
      "Operator '&&' incompatible with operand types 'Int32' and 'Boolean'",
    );
    expect(refusal(() => filter("idList.Contains('1')"))).toBe(
      "No applicable method 'Contains' exists in type 'Int32'",
    );
    expect(refusal(() => filter('Name.Contains(1)'))).toMatch(/No applicable method 'Contains'/);
    expect(refusal(() => filter('Name.Reverse()'))).toMatch(/No applicable method 'Reverse'/);
    expect(refusal(() => filter('Name'))).toMatch(/is of type 'String', not 'Boolean'/);
    expect(refusal(() => filter("Name == 'open"))).toMatch(/^Syntax error/);
    expect(refusal(() => filter('(idList == 1'))).toMatch(/^Syntax error.*'\)' expected/);
    expect(refusal(() => filter('idList == 1 1'))).toMatch(/^Syntax error.*unexpected '1'/);
    expect(refusal(() => filter('idList ==='))).toMatch(/^Syntax error/);
  });

  it('orders by one or more keys, asc or desc, stable, nulls first', () => {
    const order = (expression: string) => names(applyOrder(items, expression, ITEM));
    expect(order('"idList desc"')).toEqual(['news', 'Promo', 'Newsletter']);
    expect(order('Active desc; idList asc')).toEqual(['Newsletter', 'news', 'Promo']);
    expect(order('active ASC, Name DESC')).toEqual(['Promo', 'news', 'Newsletter']);
    expect(order('Note')).toEqual(['Newsletter', 'Promo', 'news']);
    expect(order('')).toEqual(['Newsletter', 'Promo', 'news']);
    expect(refusal(() => order('Colour desc'))).toBe(
      "No property or field 'Colour' exists in type 'TestItem'",
    );
    expect(refusal(() => order('Name upward'))).toMatch(/is not "Property asc\|desc"/);
    expect(refusal(() => order('Fields asc'))).toBe('TestItem.Fields cannot be ordered');
  });
});
