import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { NotFoundError } from '@crm/platform';
import type { CapabilityImplementations, Connector } from '../contract/connector';
import { authSpecOf, CONNECTOR_CAPABILITIES } from '../contract/manifest';
import { CONNECTOR_PLUGIN_METADATA } from './connector-plugin.decorator';

/** Methods each declared capability must implement; checked once at boot. */
const REQUIRED_METHODS: {
  [K in keyof CapabilityImplementations]: Array<keyof CapabilityImplementations[K]>;
} = {
  lists: ['listLists'],
  members: ['readMembers', 'writeMembers'],
  fields: ['listFields'],
  tags: ['listTags', 'applyTags'],
  segments: ['listSegments', 'createStaticSegment'],
  campaigns: ['listCampaigns', 'readCampaignActivity'],
  campaignSending: [
    'listSendableCampaigns',
    'getCampaign',
    'replicateToSegment',
    'sendCampaign',
    'scheduleCampaign',
  ],
  linkClicks: ['listLinks', 'listClickers'],
  ecommerceCarts: ['listStores', 'listAbandonedCarts'],
  webhooks: ['registerWebhook', 'removeWebhook', 'parseWebhook'],
};

const KEY = /^[a-z][a-z0-9-]{1,39}$/;

/** Checks a connector against the contract; returns what is wrong, empty when it fits. */
export function manifestProblems(connector: Connector): string[] {
  const { manifest } = connector;
  const problems: string[] = [];
  if (!KEY.test(manifest.key))
    problems.push(`key "${manifest.key}" must be lower-case letters, digits and dashes`);
  for (const capability of manifest.capabilities) {
    if (!CONNECTOR_CAPABILITIES.includes(capability)) {
      problems.push(`unknown capability "${capability}"`);
      continue;
    }
    for (const method of REQUIRED_METHODS[capability]) {
      if (typeof (connector as unknown as Record<string, unknown>)[method as string] !== 'function')
        problems.push(`capability "${capability}" needs method ${String(method)}()`);
    }
  }
  if (manifest.auth.kind === 'oauth2' && typeof connector.completeOAuth !== 'function')
    problems.push('OAuth connectors need completeOAuth()');
  if (authSpecOf(manifest, 'credentials') && typeof connector.connectWithCredentials !== 'function')
    problems.push('credential connectors need connectWithCredentials()');
  if (!manifest.defaultMappings.some((mapping) => mapping.crmField === 'email' && mapping.locked))
    problems.push('default mappings must lock the email field');
  if (manifest.limits.maxBatchSize < 1) problems.push('limits.maxBatchSize must be at least 1');
  return problems;
}

/** Every connector plugin of the process, by key. The framework never names one. */
@Injectable()
export class ConnectorRegistry implements OnModuleInit {
  private readonly logger = new Logger(ConnectorRegistry.name);
  private readonly connectors = new Map<string, Connector>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as object | undefined;
      // Value providers have no metatype; their instance's class carries the decorator.
      const type = wrapper.metatype ?? instance?.constructor;
      if (!instance || !type || !Reflect.getMetadata(CONNECTOR_PLUGIN_METADATA, type)) continue;
      this.register(instance as Connector);
    }
  }

  register(connector: Connector): void {
    const problems = manifestProblems(connector);
    if (problems.length > 0)
      throw new Error(
        `Connector ${connector.manifest?.key ?? '?'} does not fit the contract: ${problems.join('; ')}`,
      );
    if (this.connectors.has(connector.manifest.key))
      throw new Error(`Two connectors use the key ${connector.manifest.key}`);
    this.connectors.set(connector.manifest.key, connector);
    this.logger.log(
      `Connector ${connector.manifest.key} registered (${connector.manifest.capabilities.join(', ')})`,
    );
  }

  get(key: string): Connector {
    const connector = this.connectors.get(key);
    if (!connector) throw new NotFoundError('Connector', key);
    return connector;
  }

  has(key: string): boolean {
    return this.connectors.has(key);
  }

  list(): Connector[] {
    return [...this.connectors.values()].sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
  }
}
