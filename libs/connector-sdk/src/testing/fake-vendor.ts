import { randomUUID } from 'node:crypto';
import { ConnectorError, ConnectorErrorCode } from '../contract/connector-error';
import type {
  MemberStatus,
  MemberWrite,
  MemberWriteResult,
  VendorEvent,
  VendorField,
  VendorMember,
} from '../contract/vendor-records';

interface FakeList {
  id: string;
  name: string;
  fields: VendorField[];
  members: Map<string, VendorMember>;
  webhooks: Map<string, string>;
}

/**
 * An in-memory email-marketing vendor for the SDK's own tests and the contract suite. It keeps
 * Mailchimp's consent rules (no write can re-subscribe an unsubscribed or cleaned member except
 * through `pending`) and counts every call so tests can assert "no writes".
 */
export class FakeVendor {
  readonly lists = new Map<string, FakeList>();
  readonly calls: Array<{ method: string; listId?: string; count?: number }> = [];
  /** Addresses the vendor rejects with a validation error. */
  readonly rejectedEmails = new Set<string>();
  /** Addresses the vendor answers with a passing error (TEMPORARY) this many more times. */
  readonly flakyEmails = new Map<string, number>();
  /** Errors thrown by the next calls, in order. */
  readonly pendingFailures: ConnectorError[] = [];
  validApiKey = 'fake-key';
  private lastChangeMs = 0;

  createList(name: string, fields: VendorField[] = []): string {
    const id = `list-${this.lists.size + 1}`;
    this.lists.set(id, { id, name, fields, members: new Map(), webhooks: new Map() });
    return id;
  }

  list(listId: string): FakeList {
    const list = this.lists.get(listId);
    if (!list) throw new ConnectorError(ConnectorErrorCode.NOT_FOUND, `List ${listId} not found`);
    return list;
  }

  /** Records a call and throws a queued failure, as a real vendor would at that moment. */
  call(method: string, listId?: string, count?: number): void {
    this.calls.push({ method, listId, count });
    const failure = this.pendingFailures.shift();
    if (failure) throw failure;
  }

  writeCalls(): number {
    return this.calls.filter((c) => ['writeMembers', 'applyTags', 'removeMembers'].includes(c.method)).length;
  }

  write(listId: string, write: MemberWrite): MemberWriteResult {
    const list = this.list(listId);
    const email = write.email.toLowerCase();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
      return {
        email,
        ok: false,
        error: {
          code: ConnectorErrorCode.VALIDATION,
          message: 'Invalid Resource: not a valid email address',
          field: 'email',
        },
      };
    const flaky = this.flakyEmails.get(email) ?? 0;
    if (flaky > 0) {
      this.flakyEmails.set(email, flaky - 1);
      return {
        email,
        ok: false,
        error: { code: ConnectorErrorCode.TEMPORARY, message: 'Service temporarily unavailable' },
      };
    }
    if (this.rejectedEmails.has(email))
      return {
        email,
        ok: false,
        error: { code: ConnectorErrorCode.VALIDATION, message: 'Invalid Resource: address looks fake' },
      };
    const key = write.previousEmail ? write.previousEmail.toLowerCase() : email;
    const existing = list.members.get(key);
    if (existing && write.previousEmail) list.members.delete(key);
    // An archived member comes back like a new one (Mailchimp: status_if_new applies to it).
    let status: MemberStatus =
      existing && existing.status !== 'archived' ? existing.status : write.statusIfNew;
    if (write.status) {
      const locked = existing && (existing.status === 'unsubscribed' || existing.status === 'cleaned');
      if (locked && write.status === 'subscribed')
        return {
          email,
          ok: false,
          error: { code: ConnectorErrorCode.COMPLIANCE, message: `${email} is in a compliance state` },
        };
      status = write.status;
    }
    const tags = new Set(existing?.tags ?? []);
    write.tags?.add.forEach((tag) => tags.add(tag));
    write.tags?.remove.forEach((tag) => tags.delete(tag));
    const member: VendorMember = {
      vendorId: existing?.vendorId ?? randomUUID(),
      email,
      status,
      fields: { ...(existing?.fields ?? {}), ...write.fields },
      tags: [...tags].sort(),
      changedAt: this.nextChangeTime(),
    };
    list.members.set(email, member);
    return { email, ok: true, vendorId: member.vendorId, status, response: { status, id: member.vendorId } };
  }

  /** Archives a member: off the list, consent kept (Mailchimp's archive). */
  remove(listId: string, email: string): MemberWriteResult {
    const member = this.list(listId).members.get(email.toLowerCase());
    if (!member)
      return {
        email,
        ok: false,
        error: { code: ConnectorErrorCode.NOT_FOUND, message: `${email} is not a member` },
      };
    member.status = 'archived';
    member.changedAt = this.nextChangeTime();
    return {
      email: member.email,
      ok: true,
      vendorId: member.vendorId,
      status: 'archived',
      response: { status: 'archived' },
    };
  }

  /** The outside world: a subscriber acts at the vendor (returns the event a webhook would carry). */
  act(listId: string, email: string, type: 'unsubscribe' | 'cleaned' | 'subscribe'): VendorEvent {
    const member = this.list(listId).members.get(email.toLowerCase());
    if (!member) throw new Error(`${email} is not in ${listId}`);
    member.status = type === 'unsubscribe' ? 'unsubscribed' : type === 'cleaned' ? 'cleaned' : 'subscribed';
    member.changedAt = this.nextChangeTime();
    return { type, listId, email: member.email, vendorId: member.vendorId, firedAt: member.changedAt };
  }

  editProfile(listId: string, email: string, fields: Record<string, unknown>): VendorEvent {
    const member = this.list(listId).members.get(email.toLowerCase())!;
    member.fields = { ...member.fields, ...fields };
    member.changedAt = this.nextChangeTime();
    return {
      type: 'profile',
      listId,
      email: member.email,
      vendorId: member.vendorId,
      fields,
      firedAt: member.changedAt,
    };
  }

  /** Strictly increasing change times that never run ahead of the real clock by more than needed. */
  private nextChangeTime(): Date {
    this.lastChangeMs = Math.max(Date.now(), this.lastChangeMs + 1);
    return new Date(this.lastChangeMs);
  }

  member(listId: string, email: string): VendorMember | undefined {
    return this.list(listId).members.get(email.toLowerCase());
  }
}
