import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, LessThan } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { TenantId } from '../tenancy/tenant-id';
import { OutboxEvent } from './outbox-event.entity';

export interface OutboxEventInput {
  aggregateType: string;
  aggregateId: string;
  type: string;
  payload?: Record<string, unknown>;
}

@Injectable()
export class OutboxService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records events through the caller's transaction manager. Passing the manager (not the
   * data source) is what makes the event commit or roll back together with the change.
   */
  async record(manager: EntityManager, tenantId: TenantId, events: OutboxEventInput[]): Promise<void> {
    // Checked before the empty case, so a call outside a transaction fails on every path, not
    // only on the ones that happen to produce events.
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('Outbox events must be recorded inside the transaction of the change they describe');
    }
    if (events.length === 0) return;
    const occurredAt = new Date();
    const rows = events.map((event) =>
      manager.create(OutboxEvent, {
        tenantId,
        aggregateType: event.aggregateType,
        aggregateId: event.aggregateId,
        type: event.type,
        payload: event.payload ?? {},
        occurredAt,
        processedAt: null,
        attempts: 0,
      }),
    );
    // Chunked so a bulk operation over thousands of records stays within parameter limits.
    for (let i = 0; i < rows.length; i += 200)
      await manager.insert(OutboxEvent, rows.slice(i, i + 200) as QueryDeepPartialEntity<OutboxEvent>[]);
  }

  /** Oldest unprocessed events first; the relay (connector SDK) consumes these. */
  fetchPending(limit = 100): Promise<OutboxEvent[]> {
    return this.dataSource.getRepository(OutboxEvent).find({
      where: { processedAt: IsNull() },
      order: { id: 'ASC' },
      take: limit,
    });
  }

  async markProcessed(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.getRepository(OutboxEvent).update({ id: In(ids) }, { processedAt: new Date() });
  }

  /** Deletes events relayed before `before`; unprocessed events are never deleted. */
  async purgeProcessed(before: Date): Promise<number> {
    const result = await this.dataSource.getRepository(OutboxEvent).delete({ processedAt: LessThan(before) });
    return result.affected ?? 0;
  }
}
