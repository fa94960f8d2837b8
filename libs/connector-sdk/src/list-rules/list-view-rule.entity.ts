import { Column, Entity, Index } from 'typeorm';
import { TenantOwnedEntity } from '@crm/platform';

/**
 * One saved view that selects members of one vendor list (seed 004's "filtri-report" of a MailUp
 * list), for connectors whose lists are fed by saved views. A list takes the addresses of every
 * record any of its views selects; the view itself (module, filter) stays the CRM's and is read
 * as it is when the list's subscribers are updated.
 */
@Entity('list_view_rule')
@Index('uq_list_view_rule', ['tenantId', 'installationId', 'listId', 'viewId'], { unique: true })
export class ListViewRule extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 36 })
  installationId: string;

  /** The vendor's id of the list. */
  @Column({ type: 'varchar', length: 120 })
  listId: string;

  @Column({ type: 'varchar', length: 36 })
  viewId: string;

  /** Order in which the admin listed the views. */
  @Column({ type: 'int', default: 0 })
  position: number;
}
