import { AsyncLocalStorage } from 'node:async_hooks';
import type { TenantId } from './tenant-id';

/** Who is acting: the tenant and user behind the current request or job. */
export interface TenantContext {
  tenantId: TenantId;
  userId?: string;
  requestId?: string;
}

const storage = new AsyncLocalStorage<TenantContext>();

/**
 * Ambient context for logs and diagnostics only. Code that reads or writes tenant rows takes
 * the tenant id as an explicit argument; it never relies on this store for scoping.
 */
export const tenantContext = {
  run<R>(context: TenantContext, fn: () => R): R {
    return storage.run(context, fn);
  },
  current(): TenantContext | undefined {
    return storage.getStore();
  },
};
