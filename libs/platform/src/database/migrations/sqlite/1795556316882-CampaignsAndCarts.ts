import { MigrationInterface, QueryRunner } from 'typeorm';

export class CampaignsAndCarts1795556316882 implements MigrationInterface {
  name = 'CampaignsAndCarts1795556316882';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "cart_deal_link" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "installationId" varchar(36) NOT NULL, "storeId" varchar(120) NOT NULL, "cartId" varchar(120) NOT NULL, "dealId" varchar(36) NOT NULL, "contentHash" varchar(64) NOT NULL, "closedAt" datetime(3))`);
    await queryRunner.query(`CREATE INDEX "IDX_5feaeb4b1de48705411d157878" ON "cart_deal_link" ("tenantId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_cart_deal_link" ON "cart_deal_link" ("tenantId", "installationId", "storeId", "cartId") `);
    await queryRunner.query(`CREATE TABLE "import_run" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "installationId" varchar(36) NOT NULL, "kind" varchar(12) NOT NULL, "trigger" varchar(12) NOT NULL, "status" varchar(12) NOT NULL, "result" text, "error" varchar(500), "attempts" integer NOT NULL DEFAULT (0), "requestedById" varchar(36), "startedAt" datetime(3), "finishedAt" datetime(3))`);
    await queryRunner.query(`CREATE INDEX "IDX_18446bf378325b2630b15e8ba7" ON "import_run" ("tenantId") `);
    await queryRunner.query(`CREATE INDEX "idx_import_run_installation" ON "import_run" ("tenantId", "installationId", "kind", "createdAt") `);
    await queryRunner.query(`CREATE TABLE "campaign" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "installationId" varchar(36), "connectorKey" varchar(40) NOT NULL, "accountId" varchar(120), "vendorCampaignId" varchar(120) NOT NULL, "name" varchar(255) NOT NULL, "subject" varchar(255), "listId" varchar(120), "status" varchar(40) NOT NULL, "sentAt" datetime(3), "recipients" integer NOT NULL DEFAULT (0), "opens" integer NOT NULL DEFAULT (0), "uniqueOpens" integer NOT NULL DEFAULT (0), "clicks" integer NOT NULL DEFAULT (0), "uniqueClicks" integer NOT NULL DEFAULT (0), "bounces" integer NOT NULL DEFAULT (0), "unsubscribes" integer NOT NULL DEFAULT (0), "lastRefreshedAt" datetime(3), "activityFiguresHash" varchar(64))`);
    await queryRunner.query(`CREATE INDEX "IDX_e13b5da1e55792804d58b199bd" ON "campaign" ("tenantId") `);
    await queryRunner.query(`CREATE INDEX "idx_campaign_sent" ON "campaign" ("tenantId", "sentAt") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_campaign_vendor" ON "campaign" ("tenantId", "installationId", "vendorCampaignId") `);
    await queryRunner.query(`CREATE TABLE "campaign_recipient" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "campaignId" varchar(36) NOT NULL, "module" varchar(12) NOT NULL, "recordId" varchar(36) NOT NULL, "email" varchar(254) NOT NULL, "sent" integer NOT NULL DEFAULT (0), "opened" integer NOT NULL DEFAULT (0), "clicked" integer NOT NULL DEFAULT (0), "bounced" integer NOT NULL DEFAULT (0), "unsubscribed" integer NOT NULL DEFAULT (0), "events" text NOT NULL, "lastEventAt" datetime(3), "activityId" varchar(36))`);
    await queryRunner.query(`CREATE INDEX "IDX_bbb6dd555525b63eda68c82b37" ON "campaign_recipient" ("tenantId") `);
    await queryRunner.query(`CREATE INDEX "idx_campaign_recipient_record" ON "campaign_recipient" ("tenantId", "module", "recordId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_campaign_recipient" ON "campaign_recipient" ("tenantId", "campaignId", "module", "recordId") `);
    await queryRunner.query(`DROP INDEX "idx_deal_stage"`);
    await queryRunner.query(`DROP INDEX "IDX_8e5c0cc439645f69ee4fe79964"`);
    await queryRunner.query(`DROP INDEX "IDX_e67171307cc9b77c84c02cc2a1"`);
    await queryRunner.query(`DROP INDEX "IDX_e729b4c01db23bb0ef90c946db"`);
    await queryRunner.query(`DROP INDEX "IDX_38fb85abdf9995efcf217f5955"`);
    await queryRunner.query(`DROP INDEX "IDX_46a3c00bfc3e36b4412d8bcdb0"`);
    await queryRunner.query(`CREATE TABLE "temporary_deal" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "name" varchar(160) NOT NULL, "pipelineId" varchar(36) NOT NULL, "stageId" varchar(36) NOT NULL, "organizationId" varchar(36), "contactId" varchar(36), "amountCents" bigint NOT NULL DEFAULT (0), "currency" varchar(3) NOT NULL, "expectedCloseAt" datetime(3), "ownerId" varchar(36), "teamId" varchar(36), "custom" text NOT NULL, "sourceUrl" varchar(1000))`);
    await queryRunner.query(`INSERT INTO "temporary_deal"("id", "createdAt", "updatedAt", "tenantId", "name", "pipelineId", "stageId", "organizationId", "contactId", "amountCents", "currency", "expectedCloseAt", "ownerId", "teamId", "custom") SELECT "id", "createdAt", "updatedAt", "tenantId", "name", "pipelineId", "stageId", "organizationId", "contactId", "amountCents", "currency", "expectedCloseAt", "ownerId", "teamId", "custom" FROM "deal"`);
    await queryRunner.query(`DROP TABLE "deal"`);
    await queryRunner.query(`ALTER TABLE "temporary_deal" RENAME TO "deal"`);
    await queryRunner.query(`CREATE INDEX "idx_deal_stage" ON "deal" ("tenantId", "pipelineId", "stageId") `);
    await queryRunner.query(`CREATE INDEX "IDX_8e5c0cc439645f69ee4fe79964" ON "deal" ("teamId") `);
    await queryRunner.query(`CREATE INDEX "IDX_e67171307cc9b77c84c02cc2a1" ON "deal" ("ownerId") `);
    await queryRunner.query(`CREATE INDEX "IDX_e729b4c01db23bb0ef90c946db" ON "deal" ("contactId") `);
    await queryRunner.query(`CREATE INDEX "IDX_38fb85abdf9995efcf217f5955" ON "deal" ("organizationId") `);
    await queryRunner.query(`CREATE INDEX "IDX_46a3c00bfc3e36b4412d8bcdb0" ON "deal" ("tenantId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_46a3c00bfc3e36b4412d8bcdb0"`);
    await queryRunner.query(`DROP INDEX "IDX_38fb85abdf9995efcf217f5955"`);
    await queryRunner.query(`DROP INDEX "IDX_e729b4c01db23bb0ef90c946db"`);
    await queryRunner.query(`DROP INDEX "IDX_e67171307cc9b77c84c02cc2a1"`);
    await queryRunner.query(`DROP INDEX "IDX_8e5c0cc439645f69ee4fe79964"`);
    await queryRunner.query(`DROP INDEX "idx_deal_stage"`);
    await queryRunner.query(`ALTER TABLE "deal" RENAME TO "temporary_deal"`);
    await queryRunner.query(`CREATE TABLE "deal" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "name" varchar(160) NOT NULL, "pipelineId" varchar(36) NOT NULL, "stageId" varchar(36) NOT NULL, "organizationId" varchar(36), "contactId" varchar(36), "amountCents" bigint NOT NULL DEFAULT (0), "currency" varchar(3) NOT NULL, "expectedCloseAt" datetime(3), "ownerId" varchar(36), "teamId" varchar(36), "custom" text NOT NULL)`);
    await queryRunner.query(`INSERT INTO "deal"("id", "createdAt", "updatedAt", "tenantId", "name", "pipelineId", "stageId", "organizationId", "contactId", "amountCents", "currency", "expectedCloseAt", "ownerId", "teamId", "custom") SELECT "id", "createdAt", "updatedAt", "tenantId", "name", "pipelineId", "stageId", "organizationId", "contactId", "amountCents", "currency", "expectedCloseAt", "ownerId", "teamId", "custom" FROM "temporary_deal"`);
    await queryRunner.query(`DROP TABLE "temporary_deal"`);
    await queryRunner.query(`CREATE INDEX "IDX_46a3c00bfc3e36b4412d8bcdb0" ON "deal" ("tenantId") `);
    await queryRunner.query(`CREATE INDEX "IDX_38fb85abdf9995efcf217f5955" ON "deal" ("organizationId") `);
    await queryRunner.query(`CREATE INDEX "IDX_e729b4c01db23bb0ef90c946db" ON "deal" ("contactId") `);
    await queryRunner.query(`CREATE INDEX "IDX_e67171307cc9b77c84c02cc2a1" ON "deal" ("ownerId") `);
    await queryRunner.query(`CREATE INDEX "IDX_8e5c0cc439645f69ee4fe79964" ON "deal" ("teamId") `);
    await queryRunner.query(`CREATE INDEX "idx_deal_stage" ON "deal" ("tenantId", "pipelineId", "stageId") `);
    await queryRunner.query(`DROP INDEX "uq_campaign_recipient"`);
    await queryRunner.query(`DROP INDEX "idx_campaign_recipient_record"`);
    await queryRunner.query(`DROP INDEX "IDX_bbb6dd555525b63eda68c82b37"`);
    await queryRunner.query(`DROP TABLE "campaign_recipient"`);
    await queryRunner.query(`DROP INDEX "uq_campaign_vendor"`);
    await queryRunner.query(`DROP INDEX "idx_campaign_sent"`);
    await queryRunner.query(`DROP INDEX "IDX_e13b5da1e55792804d58b199bd"`);
    await queryRunner.query(`DROP TABLE "campaign"`);
    await queryRunner.query(`DROP INDEX "idx_import_run_installation"`);
    await queryRunner.query(`DROP INDEX "IDX_18446bf378325b2630b15e8ba7"`);
    await queryRunner.query(`DROP TABLE "import_run"`);
    await queryRunner.query(`DROP INDEX "uq_cart_deal_link"`);
    await queryRunner.query(`DROP INDEX "IDX_5feaeb4b1de48705411d157878"`);
    await queryRunner.query(`DROP TABLE "cart_deal_link"`);
  }
}
