import { MigrationInterface, QueryRunner } from 'typeorm';

export class CampaignLinks1795558857010 implements MigrationInterface {
  name = 'CampaignLinks1795558857010';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "campaign_link" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "campaignId" varchar(36) NOT NULL, "vendorLinkId" varchar(120) NOT NULL, "url" varchar(2048) NOT NULL, "position" integer NOT NULL, "clicks" integer NOT NULL DEFAULT (0), "uniqueClicks" integer NOT NULL DEFAULT (0))`);
    await queryRunner.query(`CREATE INDEX "IDX_8b0d77ce90b6e0fe12006b881c" ON "campaign_link" ("tenantId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_campaign_link" ON "campaign_link" ("tenantId", "campaignId", "vendorLinkId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "uq_campaign_link"`);
    await queryRunner.query(`DROP INDEX "IDX_8b0d77ce90b6e0fe12006b881c"`);
    await queryRunner.query(`DROP TABLE "campaign_link"`);
  }
}
