import { asTenantId } from '@crm/platform';
import { Product } from './deal.entities';
import { priceLines } from './deal-lines';

function product(values: Partial<Product>): Product {
  return Object.assign(new Product(), {
    id: 'p1',
    tenantId: asTenantId('t1'),
    name: 'Licencia',
    sku: 'LIC',
    unitPriceCents: 1000,
    currency: 'EUR',
    active: true,
    ...values,
  });
}

const fields = (problems: Array<{ field: string }>) => problems.map((problem) => problem.field);

describe('priceLines', () => {
  const catalog = new Map([
    ['p1', product({})],
    ['usd', product({ id: 'usd', name: 'Hosting', currency: 'USD', unitPriceCents: 700 })],
    ['old', product({ id: 'old', name: 'Retirado', active: false })],
  ]);
  const deal = { currency: 'EUR', productIdsOnDeal: new Set<string>() };

  it("takes the product's name and price by default and sums quantity × price", () => {
    const result = priceLines(
      [
        { productId: 'p1', quantity: 3 },
        { description: ' Instalación ', quantity: 2, unitPriceCents: 250 },
        { productId: 'p1', description: 'Con descuento', quantity: 1, unitPriceCents: 900 },
      ],
      catalog,
      deal,
    );
    expect(result.problems).toEqual([]);
    expect(
      result.lines.map((line) => [line.description, line.unitPriceCents, line.totalCents, line.position]),
    ).toEqual([
      ['Licencia', 1000, 3000, 0],
      ['Instalación', 250, 500, 1],
      ['Con descuento', 900, 900, 2],
    ]);
    expect(result.totalCents).toBe(4400);
  });

  it('names the line and field of each problem', () => {
    const result = priceLines(
      [
        { productId: 'missing', quantity: 1 },
        { quantity: 0, unitPriceCents: 5, description: 'x' },
        { quantity: 1, unitPriceCents: 5 },
        { productId: 'usd', quantity: 1 },
        { productId: 'old', quantity: 1 },
        { description: 'sin precio', quantity: 1 },
      ],
      catalog,
      deal,
    );
    expect(fields(result.problems)).toEqual([
      'lines.0.productId',
      'lines.1.quantity',
      'lines.2.description',
      'lines.3.unitPriceCents',
      'lines.4.productId',
      'lines.5.unitPriceCents',
    ]);
  });

  it('keeps an inactive product the deal already had, and prices another currency when told the price', () => {
    const result = priceLines(
      [
        { productId: 'old', quantity: 1 },
        { productId: 'usd', quantity: 2, unitPriceCents: 650 },
      ],
      catalog,
      { currency: 'EUR', productIdsOnDeal: new Set(['old']) },
    );
    expect(result.problems).toEqual([]);
    expect(result.totalCents).toBe(1000 + 1300);
  });

  it('refuses totals beyond safe integers', () => {
    const result = priceLines(
      [{ description: 'x', quantity: 1_000_000, unitPriceCents: Number.MAX_SAFE_INTEGER }],
      catalog,
      deal,
    );
    expect(fields(result.problems)).toEqual(['lines']);
  });
});
