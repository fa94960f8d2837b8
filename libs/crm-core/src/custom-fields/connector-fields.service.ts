import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { isUniqueViolation, TenantId } from '@crm/platform';
import { Contact, Lead, Organization } from '../records/record.entities';
import { CustomFieldDefinition } from './custom-field.entity';
import { CUSTOM_FIELD_KEY } from './custom-fields.service';

export type ConnectorFieldModule = 'contacts' | 'leads' | 'organizations';

export interface ConnectorFieldInput {
  module: ConnectorFieldModule;
  key: string;
  label: string;
  type: 'text' | 'url';
}

const RECORDS = { contacts: Contact, leads: Lead, organizations: Organization } as const;
/** Records per UPDATE statement (each costs two parameters per field plus one). */
const CHUNK = 100;

/**
 * Custom fields a connector keeps on records (createdBy = its key, e.g. a member's id at the
 * vendor): created when an installation is authorized, written by syncs only, removed with their
 * values when the connector's last installation goes. Values are set and removed with the
 * databases' JSON functions (JSON_SET, JSON_REMOVE: same on SQLite and MySQL/MariaDB), so a
 * concurrent edit of the record's other custom values is never overwritten.
 */
@Injectable()
export class ConnectorFieldsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async ensure(tenantId: TenantId, connectorKey: string, fields: ConnectorFieldInput[]): Promise<number> {
    const wanted = fields.filter((field) => CUSTOM_FIELD_KEY.test(field.key));
    if (wanted.length === 0) return 0;
    const repository = this.dataSource.getRepository(CustomFieldDefinition);
    const existing = await repository.findBy({ tenantId, key: In(wanted.map((field) => field.key)) });
    let created = 0;
    for (const field of wanted) {
      if (existing.some((row) => row.module === field.module && row.key === field.key)) continue;
      try {
        await repository.insert(
          repository.create({
            tenantId,
            module: field.module,
            key: field.key,
            label: field.label.slice(0, 80),
            type: field.type,
            required: false,
            maxLength: null,
            options: null,
            createdBy: connectorKey,
          }),
        );
        created++;
      } catch (error) {
        // Another installation of the connector authorized at the same moment made it.
        if (!isUniqueViolation(error)) throw error;
      }
    }
    return created;
  }

  async setValues(
    tenantId: TenantId,
    connectorKey: string,
    module: ConnectorFieldModule,
    rows: Array<{ recordId: string; values: Record<string, string> }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    const owned = new Set(await this.ownedKeys(this.dataSource.manager, tenantId, connectorKey, module));
    const writes = rows
      .map((row) => ({
        recordId: row.recordId,
        values: Object.entries(row.values).filter(([key]) => owned.has(key)),
      }))
      .filter((row) => row.values.length > 0);
    const { table, custom, id, tenant } = this.columns(module);
    for (let start = 0; start < writes.length; start += CHUNK) {
      const chunk = writes.slice(start, start + CHUNK);
      const parameters: unknown[] = [];
      const branches = chunk.map((row) => {
        parameters.push(row.recordId);
        const pairs = row.values.map(([key, value]) => {
          parameters.push(value);
          return `'$.${key}', ?`;
        });
        return `WHEN ? THEN JSON_SET(${custom}, ${pairs.join(', ')})`;
      });
      parameters.push(tenantId, ...chunk.map((row) => row.recordId));
      await this.dataSource.query(
        `UPDATE ${table} SET ${custom} = CASE ${id} ${branches.join(' ')} ELSE ${custom} END ` +
          `WHERE ${tenant} = ? AND ${id} IN (${chunk.map(() => '?').join(', ')})`,
        parameters,
      );
    }
  }

  /** Deletes the connector's fields and their values on every record; returns how many fields. */
  async remove(tenantId: TenantId, connectorKey: string): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const definitions = await manager
        .getRepository(CustomFieldDefinition)
        .findBy({ tenantId, createdBy: connectorKey });
      for (const module of Object.keys(RECORDS) as ConnectorFieldModule[]) {
        const keys = definitions
          .filter((definition) => definition.module === module && CUSTOM_FIELD_KEY.test(definition.key))
          .map((definition) => definition.key);
        if (keys.length === 0) continue;
        const { table, custom, tenant } = this.columns(module);
        const paths = keys.map((key) => `'$.${key}'`);
        await manager.query(
          `UPDATE ${table} SET ${custom} = JSON_REMOVE(${custom}, ${paths.join(', ')}) ` +
            `WHERE ${tenant} = ? AND (${paths.map((path) => `JSON_EXTRACT(${custom}, ${path}) IS NOT NULL`).join(' OR ')})`,
          [tenantId],
        );
      }
      const result = await manager
        .getRepository(CustomFieldDefinition)
        .delete({ tenantId, createdBy: connectorKey });
      return result.affected ?? definitions.length;
    });
  }

  private async ownedKeys(
    manager: EntityManager,
    tenantId: TenantId,
    connectorKey: string,
    module: ConnectorFieldModule,
  ): Promise<string[]> {
    const definitions = await manager
      .getRepository(CustomFieldDefinition)
      .findBy({ tenantId, module, createdBy: connectorKey });
    // Keys go into JSON paths as text: only the custom-field key alphabet ever gets there.
    return definitions.map((definition) => definition.key).filter((key) => CUSTOM_FIELD_KEY.test(key));
  }

  /** The record table's escaped name and columns. */
  private columns(module: ConnectorFieldModule) {
    const metadata = this.dataSource.getMetadata(RECORDS[module]);
    const escape = (name: string) => this.dataSource.driver.escape(name);
    const column = (property: string) => escape(metadata.findColumnWithPropertyName(property)!.databaseName);
    return {
      table: escape(metadata.tableName),
      custom: column('custom'),
      id: column('id'),
      tenant: column('tenantId'),
    };
  }
}
