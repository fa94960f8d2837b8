import { ConflictError, ValidationFailedError } from '@crm/platform';
import { CapabilityImplementations, Connector, hasCapability } from '../contract/connector';
import type { ConnectorInstallation } from '../installations/installation.entities';

/** Imports call the vendor: only an ACTIVE (authorized, healthy) installation may run one. */
export function assertImportable(installation: ConnectorInstallation): void {
  assertActive(installation, 'import');
}

/** Work that calls the vendor (`action`: "import", "send campaigns") needs an ACTIVE installation: 409. */
export function assertActive(installation: ConnectorInstallation, action: string): void {
  if (installation.status === 'ACTIVE') return;
  throw new ConflictError(
    installation.status === 'NEEDS_REAUTHORIZATION'
      ? `The installation needs re-authorization before it can ${action}`
      : 'The installation is not authorized yet',
    'installationId',
  );
}

/** Narrows the connector to a capability, or says which one it lacks (400, on `installationId`). */
export function requireCapability<K extends keyof CapabilityImplementations>(
  connector: Connector,
  capability: K,
  what: string,
): Connector & CapabilityImplementations[K] {
  if (hasCapability(connector, capability)) return connector;
  throw ValidationFailedError.field('installationId', `${connector.manifest.name} has no ${what} to import`);
}
