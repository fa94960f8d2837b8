import type { Router } from 'express';
import type { Audience, Member, SandboxAccount, SandboxState } from './state';

/** Something that happened to a list, in Mailchimp's webhook vocabulary. */
export interface ListEvent {
  type: 'subscribe' | 'unsubscribe' | 'profile' | 'cleaned' | 'upemail' | 'campaign';
  /** Who made the change: the person (user), an admin in Mailchimp's UI, or the API. */
  source: 'user' | 'admin' | 'api';
  account: SandboxAccount;
  list: Audience;
  member?: Member;
  /** The `data[...]` fields beyond those of the member (reason, old_email, campaign_id…). */
  data?: Record<string, string>;
}

/** The routes' shared services; each route module registers itself on the router with them. */
export interface SandboxContext {
  state: SandboxState;
  /** Announces a list change; the webhook dispatcher delivers it to the list's webhooks. */
  emit(event: ListEvent): void;
  onEvent(listener: (event: ListEvent) => void): void;
  /** Records that the state changed (written to the data file, when one is configured). */
  changed(): void;
  /** Where the sandbox is reachable from outside (for URLs it hands out, e.g. batch results). */
  baseUrl(): string;
}

export type RouteModule = (router: Router, context: SandboxContext) => void;
