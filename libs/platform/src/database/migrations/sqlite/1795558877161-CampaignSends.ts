import { MigrationInterface, QueryRunner } from 'typeorm';

export class CampaignSends1795558877161 implements MigrationInterface {
  name = 'CampaignSends1795558877161';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "campaign_send" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "installationId" varchar(36) NOT NULL, "viewId" varchar(36) NOT NULL, "viewName" varchar(120) NOT NULL, "viewModule" varchar(20) NOT NULL, "filter" text NOT NULL, "campaignId" varchar(120) NOT NULL, "campaignName" varchar(200) NOT NULL, "listId" varchar(120) NOT NULL, "scheduleAt" datetime(3), "status" varchar(12) NOT NULL, "counts" text, "segmentId" varchar(120), "replicaCampaignId" varchar(120), "error" varchar(500), "attempts" integer NOT NULL DEFAULT (0), "requestedById" varchar(36), "startedAt" datetime(3), "finishedAt" datetime(3))`);
    await queryRunner.query(`CREATE INDEX "IDX_241c68f5c212c15ddd4c4e66db" ON "campaign_send" ("tenantId") `);
    await queryRunner.query(`CREATE INDEX "idx_campaign_send_installation" ON "campaign_send" ("tenantId", "installationId", "createdAt") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_campaign_send_installation"`);
    await queryRunner.query(`DROP INDEX "IDX_241c68f5c212c15ddd4c4e66db"`);
    await queryRunner.query(`DROP TABLE "campaign_send"`);
  }
}
