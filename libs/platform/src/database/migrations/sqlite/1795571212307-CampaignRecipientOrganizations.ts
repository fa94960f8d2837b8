import { MigrationInterface, QueryRunner } from 'typeorm';

export class CampaignRecipientOrganizations1795571212307 implements MigrationInterface {
  name = 'CampaignRecipientOrganizations1795571212307';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "uq_campaign_recipient"`);
    await queryRunner.query(`DROP INDEX "idx_campaign_recipient_record"`);
    await queryRunner.query(`DROP INDEX "IDX_bbb6dd555525b63eda68c82b37"`);
    await queryRunner.query(`CREATE TABLE "temporary_campaign_recipient" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "campaignId" varchar(36) NOT NULL, "module" varchar(16) NOT NULL, "recordId" varchar(36) NOT NULL, "email" varchar(254) NOT NULL, "sent" integer NOT NULL DEFAULT (0), "opened" integer NOT NULL DEFAULT (0), "clicked" integer NOT NULL DEFAULT (0), "bounced" integer NOT NULL DEFAULT (0), "unsubscribed" integer NOT NULL DEFAULT (0), "events" text NOT NULL, "lastEventAt" datetime(3), "activityId" varchar(36))`);
    await queryRunner.query(`INSERT INTO "temporary_campaign_recipient"("id", "createdAt", "updatedAt", "tenantId", "campaignId", "module", "recordId", "email", "sent", "opened", "clicked", "bounced", "unsubscribed", "events", "lastEventAt", "activityId") SELECT "id", "createdAt", "updatedAt", "tenantId", "campaignId", "module", "recordId", "email", "sent", "opened", "clicked", "bounced", "unsubscribed", "events", "lastEventAt", "activityId" FROM "campaign_recipient"`);
    await queryRunner.query(`DROP TABLE "campaign_recipient"`);
    await queryRunner.query(`ALTER TABLE "temporary_campaign_recipient" RENAME TO "campaign_recipient"`);
    await queryRunner.query(`CREATE INDEX "IDX_bbb6dd555525b63eda68c82b37" ON "campaign_recipient" ("tenantId") `);
    await queryRunner.query(`CREATE INDEX "idx_campaign_recipient_record" ON "campaign_recipient" ("tenantId", "module", "recordId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_campaign_recipient" ON "campaign_recipient" ("tenantId", "campaignId", "module", "recordId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "uq_campaign_recipient"`);
    await queryRunner.query(`DROP INDEX "idx_campaign_recipient_record"`);
    await queryRunner.query(`DROP INDEX "IDX_bbb6dd555525b63eda68c82b37"`);
    await queryRunner.query(`ALTER TABLE "campaign_recipient" RENAME TO "temporary_campaign_recipient"`);
    await queryRunner.query(`CREATE TABLE "campaign_recipient" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "campaignId" varchar(36) NOT NULL, "module" varchar(12) NOT NULL, "recordId" varchar(36) NOT NULL, "email" varchar(254) NOT NULL, "sent" integer NOT NULL DEFAULT (0), "opened" integer NOT NULL DEFAULT (0), "clicked" integer NOT NULL DEFAULT (0), "bounced" integer NOT NULL DEFAULT (0), "unsubscribed" integer NOT NULL DEFAULT (0), "events" text NOT NULL, "lastEventAt" datetime(3), "activityId" varchar(36))`);
    await queryRunner.query(`INSERT INTO "campaign_recipient"("id", "createdAt", "updatedAt", "tenantId", "campaignId", "module", "recordId", "email", "sent", "opened", "clicked", "bounced", "unsubscribed", "events", "lastEventAt", "activityId") SELECT "id", "createdAt", "updatedAt", "tenantId", "campaignId", "module", "recordId", "email", "sent", "opened", "clicked", "bounced", "unsubscribed", "events", "lastEventAt", "activityId" FROM "temporary_campaign_recipient"`);
    await queryRunner.query(`DROP TABLE "temporary_campaign_recipient"`);
    await queryRunner.query(`CREATE INDEX "IDX_bbb6dd555525b63eda68c82b37" ON "campaign_recipient" ("tenantId") `);
    await queryRunner.query(`CREATE INDEX "idx_campaign_recipient_record" ON "campaign_recipient" ("tenantId", "module", "recordId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_campaign_recipient" ON "campaign_recipient" ("tenantId", "campaignId", "module", "recordId") `);
  }
}
