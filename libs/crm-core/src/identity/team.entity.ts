import { Column, Entity, Index } from 'typeorm';
import { TenantOwnedEntity } from '@crm/platform';

@Entity('team')
@Index('uq_team_tenant_name', ['tenantId', 'name'], { unique: true })
export class Team extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 80 })
  name: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  description: string | null;
}

@Entity('team_membership')
@Index('uq_team_membership', ['tenantId', 'teamId', 'userId'], { unique: true })
export class TeamMembership extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 36 })
  teamId: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  userId: string;
}
