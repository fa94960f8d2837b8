import type { CrmModule } from '../identity/profile.entity';
import type { FieldCatalog } from '../views/field-catalog';
import type { SortSpec } from '../views/filter.types';
import type { EmailOwnerType, OwnedRecord, TaggableModule } from './record.entities';

export type RecordModule = TaggableModule & CrmModule;

/** Everything the generic record machinery needs to know about one module. */
export interface RecordDefinition<E extends OwnedRecord> {
  module: RecordModule;
  /** Outbox aggregate type and email owner type: `organization`, `contact`, `lead`. */
  aggregateType: EmailOwnerType;
  entity: new () => E;
  resourceName: string;
  /** Filterable and sortable fields. */
  catalog: FieldCatalog;
  /** Columns matched by the free-text `q`. */
  searchColumns: string[];
  defaultSort: SortSpec[];
  /** Scalar fields a create or update may set. */
  writableFields: ReadonlyArray<keyof E & string>;
  /** Fields that can be changed but never cleared (null or empty) by an update. */
  requiredFields: ReadonlyArray<keyof E & string>;
}

export const OWNERSHIP_FIELDS = ['ownerId', 'teamId'] as const;
