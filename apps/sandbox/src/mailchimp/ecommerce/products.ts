import { BodyReader, isRecord, presentStrings, schemaMessage } from '../http/body-reader';
import { now } from '../state';
import type { Product, ProductVariant, Store } from './ecommerce.model';

const PRODUCT_TEXT = ['handle', 'url', 'description', 'type', 'vendor', 'image_url'] as const;
const VARIANT_TEXT = ['url', 'sku', 'image_url', 'backorders', 'visibility'] as const;

type VariantInput = Partial<Omit<ProductVariant, 'created_at' | 'updated_at'>> & { id: string };

export interface ProductInput {
  id?: string;
  title?: string;
  text: Partial<Record<(typeof PRODUCT_TEXT)[number], string>>;
  published_at_foreign?: string;
  images?: Product['images'];
  variants?: VariantInput[];
}

function readVariant(reader: BodyReader, creating: boolean): VariantInput {
  return {
    ...presentStrings(reader, VARIANT_TEXT),
    id: reader.string('id', true) ?? '',
    ...definedOnly({
      title: reader.string('title', creating),
      price: reader.number('price'),
      inventory_quantity: reader.integer('inventory_quantity'),
    }),
  };
}

const definedOnly = <T extends Record<string, unknown>>(values: T): Partial<T> =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;

/** A product body: creating needs `id`, `title` and at least one variant with `id` and `title`. */
export function readProductInput(reader: BodyReader, creating: boolean): ProductInput {
  const input: ProductInput = {
    id: reader.string('id', creating),
    title: reader.string('title', creating),
    text: presentStrings(reader, PRODUCT_TEXT),
    published_at_foreign: reader.string('published_at_foreign'),
  };
  const variants = reader.array('variants', creating);
  if (variants) {
    if (creating && variants.length === 0)
      reader.fail('variants', 'A product must have at least one variant.');
    input.variants = variants.map((variant, index) => {
      if (!isRecord(variant)) {
        reader.fail(`variants.item:${index}`, schemaMessage('object', variant));
        return { id: '' };
      }
      return readVariant(new BodyReader(variant, `variants.item:${index}.`, reader.errors), creating);
    });
  }
  const images = reader.array('images');
  if (images) input.images = images.filter(isRecord) as Product['images'];
  return input;
}

function newVariant(input: VariantInput, at: string): ProductVariant {
  return {
    title: '',
    url: '',
    sku: '',
    price: 0,
    inventory_quantity: 0,
    image_url: '',
    backorders: '',
    visibility: '',
    ...input,
    created_at: at,
    updated_at: at,
  };
}

/**
 * Creates the product, or updates it: given fields change, given variants are added or updated
 * by id (variants not mentioned stay).
 */
export function writeProduct(store: Store, existing: Product | undefined, input: ProductInput): Product {
  const at = now();
  const product: Product = existing ?? {
    id: input.id!,
    title: '',
    handle: '',
    url: '',
    description: '',
    type: '',
    vendor: '',
    image_url: '',
    images: [],
    variants: [],
    created_at: at,
    updated_at: at,
  };
  Object.assign(product, input.text);
  if (input.title !== undefined) product.title = input.title;
  if (input.published_at_foreign !== undefined) product.published_at_foreign = input.published_at_foreign;
  if (input.images) product.images = input.images;
  for (const variant of input.variants ?? []) {
    const current = product.variants.find((v) => v.id === variant.id);
    if (current) Object.assign(current, variant, { updated_at: at });
    else product.variants.push(newVariant(variant, at));
  }
  product.updated_at = at;
  store.products[product.id] = product;
  return product;
}

export function productView(store: Store, product: Product) {
  return {
    id: product.id,
    currency_code: store.currency_code,
    title: product.title,
    handle: product.handle,
    url: product.url,
    description: product.description,
    type: product.type,
    vendor: product.vendor,
    image_url: product.image_url,
    variants: product.variants,
    images: product.images,
    ...(product.published_at_foreign ? { published_at_foreign: product.published_at_foreign } : {}),
    _links: [],
  };
}
