import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { isUniqueViolation } from '@crm/platform';
import { ScheduleLease } from '../engine/engine.entities';

/**
 * Leases in the database so that several worker processes agree on who does a scheduled piece
 * of work. `claimOnce` is for work that must happen once per time slot (a scheduled sync);
 * `hold` is for a loop only one process should run at a time (the outbox relay).
 */
@Injectable()
export class ScheduleLeaseService {
  /** This process's identity in lease rows. */
  readonly owner = `${process.pid}-${randomUUID().slice(0, 8)}`;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * True for exactly one caller per key, ever: the key names the slot (e.g.
   * `sync:<installation>:2026-11-24T18`). The primary key makes the insert the arbiter.
   */
  async claimOnce(key: string, keepForMs: number): Promise<boolean> {
    try {
      await this.dataSource
        .getRepository(ScheduleLease)
        .insert({ key, owner: this.owner, leaseUntil: new Date(Date.now() + keepForMs) });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Takes or renews a lease; true while this process holds it. */
  async hold(key: string, forMs: number): Promise<boolean> {
    const repository = this.dataSource.getRepository(ScheduleLease);
    const until = new Date(Date.now() + forMs);
    // Renewing our own lease is the common case (the relay asks several times a second), so it
    // goes first; then taking over a lease whose holder stopped renewing; then the first claim.
    const mine = await repository.update({ key, owner: this.owner }, { leaseUntil: until });
    if ((mine.affected ?? 0) > 0) return true;
    const taken = await repository.update(
      { key, leaseUntil: LessThan(new Date()) },
      { owner: this.owner, leaseUntil: until },
    );
    if ((taken.affected ?? 0) > 0) return true;
    return this.claimOnce(key, forMs);
  }

  /** Forgets slot claims that expired long ago, so the table stays small. */
  async purgeExpired(olderThan = new Date(Date.now() - 7 * 24 * 3600 * 1000)): Promise<number> {
    const result = await this.dataSource
      .getRepository(ScheduleLease)
      .delete({ leaseUntil: LessThan(olderThan) });
    return result.affected ?? 0;
  }
}
