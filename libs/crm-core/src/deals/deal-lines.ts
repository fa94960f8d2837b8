import type { FieldProblem } from '@crm/platform';
import type { Product } from './deal.entities';

export interface DealLineInput {
  productId?: string | null;
  /** Defaults to the product's name. */
  description?: string;
  quantity: number;
  /** Defaults to the product's price when the product is in the deal's currency. */
  unitPriceCents?: number;
}

export interface PricedLine {
  productId: string | null;
  description: string;
  quantity: number;
  unitPriceCents: number;
  totalCents: number;
  position: number;
}

export const MAX_DEAL_LINES = 200;
const DESCRIPTION_MAX = 255;

/**
 * Turns the lines of a "replace all lines" request into stored lines and their sum, or the
 * problems of each line (`lines.N.<field>`). `products` holds the tenant's products among the
 * referenced ids; an inactive product is accepted only if the deal already had it.
 */
export function priceLines(
  inputs: readonly DealLineInput[],
  products: ReadonlyMap<string, Product>,
  deal: { currency: string; productIdsOnDeal: ReadonlySet<string> },
): { lines: PricedLine[]; totalCents: number; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const lines: PricedLine[] = [];
  if (inputs.length > MAX_DEAL_LINES)
    problems.push({ field: 'lines', reason: `at most ${MAX_DEAL_LINES} lines` });
  inputs.forEach((input, position) => {
    const at = (field: string, reason: string) =>
      problems.push({ field: `lines.${position}.${field}`, reason });
    const product = input.productId ? products.get(input.productId) : undefined;
    if (input.productId && !product) at('productId', 'is not a product of this tenant');
    else if (product && !product.active && !deal.productIdsOnDeal.has(product.id))
      at('productId', 'is inactive');

    const description = (input.description ?? product?.name ?? '').trim();
    if (!description && !input.productId) at('description', 'is required when the line has no product');
    else if (description.length > DESCRIPTION_MAX)
      at('description', `must be at most ${DESCRIPTION_MAX} characters`);

    if (!Number.isSafeInteger(input.quantity) || input.quantity < 1)
      at('quantity', 'must be a whole number, 1 or more');

    let unitPriceCents = input.unitPriceCents;
    if (unitPriceCents === undefined && product) {
      if (product.currency === deal.currency) unitPriceCents = product.unitPriceCents;
      else
        at(
          'unitPriceCents',
          `is required: the product is priced in ${product.currency}, the deal in ${deal.currency}`,
        );
    } else if (unitPriceCents === undefined && !input.productId) {
      at('unitPriceCents', 'is required when the line has no product');
    } else if (
      unitPriceCents !== undefined &&
      (!Number.isSafeInteger(unitPriceCents) || unitPriceCents < 0)
    ) {
      at('unitPriceCents', 'must be a whole number of cents, 0 or more');
    }
    lines.push({
      productId: input.productId ?? null,
      description,
      quantity: input.quantity,
      unitPriceCents: unitPriceCents ?? 0,
      totalCents: input.quantity * (unitPriceCents ?? 0),
      position,
    });
  });
  const totalCents = lines.reduce((sum, line) => sum + line.totalCents, 0);
  if (
    problems.length === 0 &&
    (!Number.isSafeInteger(totalCents) || lines.some((l) => !Number.isSafeInteger(l.totalCents)))
  )
    problems.push({ field: 'lines', reason: 'the total is too large' });
  return { lines, totalCents, problems };
}
