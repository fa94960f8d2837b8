/** A tenant id is a UUID string, branded so that an arbitrary string cannot be passed by mistake. */
export type TenantId = string & { readonly __brand: 'TenantId' };

export function asTenantId(value: string): TenantId {
  return value as TenantId;
}
