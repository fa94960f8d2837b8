import { MigrationInterface, QueryRunner } from 'typeorm';

export class ConnectorFramework1795546738056 implements MigrationInterface {
  name = 'ConnectorFramework1795546738056';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "record_link" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "installationId" varchar(36) NOT NULL, "listId" varchar(120) NOT NULL, "email" varchar(254) NOT NULL, "crmModule" varchar(20), "crmId" varchar(36), "emailAddressId" varchar(36), "vendorId" varchar(120), "vendorStatus" varchar(16), "crmHash" varchar(64), "vendorHash" varchar(64), "sentTags" text, "lastPushedAt" datetime(3), "lastPulledAt" datetime(3))`);
    await queryRunner.query(`CREATE INDEX "IDX_1b6902c49cb1f6ccfbd143d114" ON "record_link" ("tenantId") `);
    await queryRunner.query(`CREATE INDEX "idx_record_link_vendor" ON "record_link" ("tenantId", "installationId", "listId", "vendorId") `);
    await queryRunner.query(`CREATE INDEX "idx_record_link_crm" ON "record_link" ("tenantId", "crmModule", "crmId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_record_link_email" ON "record_link" ("tenantId", "installationId", "listId", "email") `);
    await queryRunner.query(`CREATE TABLE "sync_run" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "installationId" varchar(36) NOT NULL, "trigger" varchar(10) NOT NULL, "kind" varchar(12) NOT NULL, "dryRun" boolean NOT NULL DEFAULT (0), "status" varchar(10) NOT NULL, "counts" text NOT NULL, "total" integer, "processed" integer NOT NULL DEFAULT (0), "checkpoint" text, "input" text, "requestedById" varchar(36), "startedAt" datetime(3), "finishedAt" datetime(3), "heartbeatAt" datetime(3), "error" varchar(1000))`);
    await queryRunner.query(`CREATE INDEX "IDX_66cf55687e4599a16639610e7b" ON "sync_run" ("tenantId") `);
    await queryRunner.query(`CREATE INDEX "idx_sync_run_installation" ON "sync_run" ("tenantId", "installationId", "createdAt") `);
    await queryRunner.query(`CREATE TABLE "sync_run_record" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "runId" varchar(36) NOT NULL, "installationId" varchar(36) NOT NULL, "listId" varchar(120) NOT NULL, "crmModule" varchar(20), "crmId" varchar(36), "email" varchar(254) NOT NULL, "action" varchar(12) NOT NULL, "direction" varchar(16) NOT NULL, "before" text, "after" text, "rule" varchar(200), "vendorResponse" text)`);
    await queryRunner.query(`CREATE INDEX "IDX_0529aafdddf6788d1ac0cc7b14" ON "sync_run_record" ("tenantId") `);
    await queryRunner.query(`CREATE INDEX "idx_run_record_crm" ON "sync_run_record" ("tenantId", "crmModule", "crmId") `);
    await queryRunner.query(`CREATE INDEX "idx_run_record_run" ON "sync_run_record" ("tenantId", "runId") `);
    await queryRunner.query(`CREATE TABLE "failed_record" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "installationId" varchar(36) NOT NULL, "runId" varchar(36) NOT NULL, "listId" varchar(120) NOT NULL, "crmModule" varchar(20), "crmId" varchar(36), "email" varchar(254) NOT NULL, "reasonCode" varchar(60) NOT NULL, "message" varchar(1000) NOT NULL, "attempts" integer NOT NULL DEFAULT (1), "status" varchar(10) NOT NULL DEFAULT ('OPEN'), "lastAttemptAt" datetime(3))`);
    await queryRunner.query(`CREATE INDEX "IDX_889df9a5e82cf2bebb68bbaa1d" ON "failed_record" ("tenantId") `);
    await queryRunner.query(`CREATE INDEX "idx_failed_record_reason" ON "failed_record" ("tenantId", "installationId", "status", "reasonCode") `);
    await queryRunner.query(`CREATE TABLE "schedule_lease" ("key" varchar(120) PRIMARY KEY NOT NULL, "owner" varchar(80) NOT NULL, "leaseUntil" datetime(3) NOT NULL)`);
    await queryRunner.query(`CREATE TABLE "vendor_list" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "installationId" varchar(36) NOT NULL, "vendorListId" varchar(120) NOT NULL, "name" varchar(200) NOT NULL, "status" varchar(10) NOT NULL DEFAULT ('ACTIVE'), "memberCount" integer, "details" text, "syncInProgress" boolean NOT NULL DEFAULT (0), "lastSyncedAt" datetime(3), "webhookId" varchar(120))`);
    await queryRunner.query(`CREATE INDEX "IDX_221da3cc6b410296b6e42a3058" ON "vendor_list" ("tenantId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_vendor_list" ON "vendor_list" ("tenantId", "installationId", "vendorListId") `);
    await queryRunner.query(`CREATE TABLE "vendor_tag" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "installationId" varchar(36) NOT NULL, "vendorListId" varchar(120) NOT NULL, "vendorTagId" varchar(120), "name" varchar(200) NOT NULL, "kind" varchar(10) NOT NULL, "memberCount" integer)`);
    await queryRunner.query(`CREATE INDEX "IDX_831b402e0de17ae2140df3e7c0" ON "vendor_tag" ("tenantId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_vendor_tag" ON "vendor_tag" ("tenantId", "installationId", "vendorListId", "kind", "name") `);
    await queryRunner.query(`CREATE TABLE "connector_installation" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "connectorKey" varchar(40) NOT NULL, "scope" varchar(12) NOT NULL, "profileIds" text NOT NULL, "status" varchar(24) NOT NULL, "statusReason" varchar(500), "installedById" varchar(36) NOT NULL, "termsAcceptedById" varchar(36) NOT NULL, "termsAcceptedAt" datetime(3) NOT NULL, "webhookTokenHash" varchar(64) NOT NULL, "webhookTokenEnvelope" text, "lastHealthCheckAt" datetime(3))`);
    await queryRunner.query(`CREATE INDEX "IDX_c4dff46c21958559aa808e244a" ON "connector_installation" ("tenantId") `);
    await queryRunner.query(`CREATE INDEX "idx_installation_connector" ON "connector_installation" ("tenantId", "connectorKey") `);
    await queryRunner.query(`CREATE TABLE "connector_connection" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "installationId" varchar(36) NOT NULL, "authKind" varchar(12) NOT NULL, "accountId" varchar(120) NOT NULL, "accountLabel" varchar(200) NOT NULL, "credentialsEnvelope" text NOT NULL, "metadata" text NOT NULL, "expiresAt" datetime(3), "connectedById" varchar(36) NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "IDX_e1145406781a3780c9e74a0429" ON "connector_connection" ("tenantId") `);
    await queryRunner.query(`CREATE INDEX "IDX_62e99e4b22eff7936e7c8bf673" ON "connector_connection" ("accountId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_connection_installation" ON "connector_connection" ("tenantId", "installationId") `);
    await queryRunner.query(`CREATE TABLE "oauth_state" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "stateHash" varchar(64) NOT NULL, "userId" varchar(36) NOT NULL, "installationId" varchar(36) NOT NULL, "connectorKey" varchar(40) NOT NULL, "expiresAt" datetime(3) NOT NULL, "consumedAt" datetime(3))`);
    await queryRunner.query(`CREATE INDEX "IDX_94beaa3c44b31daddd7b6cd688" ON "oauth_state" ("tenantId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_4a8be9c71c3a3534992fe34b69" ON "oauth_state" ("stateHash") `);
    await queryRunner.query(`CREATE TABLE "field_mapping" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "installationId" varchar(36) NOT NULL, "listId" varchar(120) NOT NULL, "vendorField" varchar(80) NOT NULL, "crmField" varchar(120) NOT NULL, "direction" varchar(10) NOT NULL, "locked" boolean NOT NULL DEFAULT (0))`);
    await queryRunner.query(`CREATE INDEX "IDX_f2791d947dd957a92032f30378" ON "field_mapping" ("tenantId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_field_mapping" ON "field_mapping" ("tenantId", "installationId", "listId", "vendorField") `);
    await queryRunner.query(`CREATE TABLE "notification" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "userId" varchar(36) NOT NULL, "type" varchar(24) NOT NULL, "title" varchar(200) NOT NULL, "body" varchar(1000), "subject" text, "installationId" varchar(36), "readAt" datetime(3))`);
    await queryRunner.query(`CREATE INDEX "IDX_734235b45e4310eb80816139bc" ON "notification" ("tenantId") `);
    await queryRunner.query(`CREATE INDEX "idx_notification_user" ON "notification" ("tenantId", "userId", "readAt") `);
    await queryRunner.query(`CREATE TABLE "notification_preference" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "userId" varchar(36) NOT NULL, "type" varchar(24) NOT NULL, "enabled" boolean NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "IDX_0fdf22508ad5d2ebbf6efdcf86" ON "notification_preference" ("tenantId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_notification_preference" ON "notification_preference" ("tenantId", "userId", "type") `);
    await queryRunner.query(`CREATE TABLE "sync_settings" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "installationId" varchar(36) NOT NULL, "data" text NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "IDX_d96d927682d101d3f6842dc1e5" ON "sync_settings" ("tenantId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_sync_settings_installation" ON "sync_settings" ("tenantId", "installationId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "uq_sync_settings_installation"`);
    await queryRunner.query(`DROP INDEX "IDX_d96d927682d101d3f6842dc1e5"`);
    await queryRunner.query(`DROP TABLE "sync_settings"`);
    await queryRunner.query(`DROP INDEX "uq_notification_preference"`);
    await queryRunner.query(`DROP INDEX "IDX_0fdf22508ad5d2ebbf6efdcf86"`);
    await queryRunner.query(`DROP TABLE "notification_preference"`);
    await queryRunner.query(`DROP INDEX "idx_notification_user"`);
    await queryRunner.query(`DROP INDEX "IDX_734235b45e4310eb80816139bc"`);
    await queryRunner.query(`DROP TABLE "notification"`);
    await queryRunner.query(`DROP INDEX "uq_field_mapping"`);
    await queryRunner.query(`DROP INDEX "IDX_f2791d947dd957a92032f30378"`);
    await queryRunner.query(`DROP TABLE "field_mapping"`);
    await queryRunner.query(`DROP INDEX "IDX_4a8be9c71c3a3534992fe34b69"`);
    await queryRunner.query(`DROP INDEX "IDX_94beaa3c44b31daddd7b6cd688"`);
    await queryRunner.query(`DROP TABLE "oauth_state"`);
    await queryRunner.query(`DROP INDEX "uq_connection_installation"`);
    await queryRunner.query(`DROP INDEX "IDX_62e99e4b22eff7936e7c8bf673"`);
    await queryRunner.query(`DROP INDEX "IDX_e1145406781a3780c9e74a0429"`);
    await queryRunner.query(`DROP TABLE "connector_connection"`);
    await queryRunner.query(`DROP INDEX "idx_installation_connector"`);
    await queryRunner.query(`DROP INDEX "IDX_c4dff46c21958559aa808e244a"`);
    await queryRunner.query(`DROP TABLE "connector_installation"`);
    await queryRunner.query(`DROP INDEX "uq_vendor_tag"`);
    await queryRunner.query(`DROP INDEX "IDX_831b402e0de17ae2140df3e7c0"`);
    await queryRunner.query(`DROP TABLE "vendor_tag"`);
    await queryRunner.query(`DROP INDEX "uq_vendor_list"`);
    await queryRunner.query(`DROP INDEX "IDX_221da3cc6b410296b6e42a3058"`);
    await queryRunner.query(`DROP TABLE "vendor_list"`);
    await queryRunner.query(`DROP TABLE "schedule_lease"`);
    await queryRunner.query(`DROP INDEX "idx_failed_record_reason"`);
    await queryRunner.query(`DROP INDEX "IDX_889df9a5e82cf2bebb68bbaa1d"`);
    await queryRunner.query(`DROP TABLE "failed_record"`);
    await queryRunner.query(`DROP INDEX "idx_run_record_run"`);
    await queryRunner.query(`DROP INDEX "idx_run_record_crm"`);
    await queryRunner.query(`DROP INDEX "IDX_0529aafdddf6788d1ac0cc7b14"`);
    await queryRunner.query(`DROP TABLE "sync_run_record"`);
    await queryRunner.query(`DROP INDEX "idx_sync_run_installation"`);
    await queryRunner.query(`DROP INDEX "IDX_66cf55687e4599a16639610e7b"`);
    await queryRunner.query(`DROP TABLE "sync_run"`);
    await queryRunner.query(`DROP INDEX "uq_record_link_email"`);
    await queryRunner.query(`DROP INDEX "idx_record_link_crm"`);
    await queryRunner.query(`DROP INDEX "idx_record_link_vendor"`);
    await queryRunner.query(`DROP INDEX "IDX_1b6902c49cb1f6ccfbd143d114"`);
    await queryRunner.query(`DROP TABLE "record_link"`);
  }
}
