import type { Connector } from '../contract/connector';

/** What a list of installations shows about their connector. */
export interface ConnectorSummary {
  key: string;
  name: string;
  listNoun: string;
  logoUrl: string;
}

/** Served by the marketplace without a token, so an <img> tag can load it. */
export const connectorLogoUrl = (key: string) => `/api/marketplace/${encodeURIComponent(key)}/logo.svg`;

/** A connector whose plugin is no longer deployed still shows up under its key. */
export function connectorSummary(key: string, connector: Connector | undefined): ConnectorSummary {
  return {
    key,
    name: connector?.manifest.name ?? key,
    listNoun: connector?.manifest.listNoun ?? 'List',
    logoUrl: connectorLogoUrl(key),
  };
}
