import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from '@crm/platform';
import type { Actor } from '@crm/core';
import { vendorErrorToHttp } from '../catalog/vendor-errors';
import { ConnectorErrorCode, isConnectorError } from '../contract/connector-error';
import type { ConnectedAccount } from '../contract/connector';
import { authSpecOf } from '../contract/manifest';
import { InstallationsService, InstallationView } from '../installations/installations.service';
import { InstallationAuthorizer } from './installation-authorizer';
import { rejectedField, validateCredentialFields } from './credential-fields';

/** Vendors that authorize with an API key or user and password (MailUp, the fake connector). */
@Injectable()
export class CredentialsAuthorizationService {
  constructor(
    private readonly authorizer: InstallationAuthorizer,
    private readonly installations: InstallationsService,
  ) {}

  /**
   * Validates the fields against the manifest, lets the connector try them at the vendor, then
   * stores them sealed and activates the installation. Answers with the installation (never
   * the credentials).
   */
  async submit(
    actor: Actor,
    installationId: string,
    fields: Record<string, unknown>,
  ): Promise<InstallationView> {
    const { installation, connector } = await this.authorizer.resolve(actor, installationId, 'credentials');
    const spec = authSpecOf(connector.manifest, 'credentials')!.fields;
    const input = validateCredentialFields(spec, fields);
    let account: ConnectedAccount;
    try {
      account = await connector.connectWithCredentials!(input);
    } catch (error) {
      // A refused key, a missing permission or a credential the vendor found wanting (a MailUp
      // user who is no administrator) is the user's to fix: name the field, keep the vendor's words.
      const namesCredential =
        isConnectorError(error) &&
        error.code === ConnectorErrorCode.VALIDATION &&
        spec.some((field) => field.key === error.details.field);
      if (
        isConnectorError(error) &&
        (error.code === ConnectorErrorCode.AUTH_REVOKED ||
          error.code === ConnectorErrorCode.PERMISSION ||
          namesCredential)
      )
        throw ValidationFailedError.field(
          `fields.${rejectedField(spec, error.details.field)}`,
          error.message,
        );
      throw vendorErrorToHttp(error, { connectorName: connector.manifest.name });
    }
    await this.authorizer.connect(actor.tenantId, installation.id, 'credentials', account, actor.userId);
    return this.installations.describe(actor, installation.id);
  }
}
