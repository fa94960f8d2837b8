import { MigrationInterface, QueryRunner } from 'typeorm';

export class CampaignLinkClickers1795567389768 implements MigrationInterface {
  name = 'CampaignLinkClickers1795567389768';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "campaign_link_clicker" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "campaignLinkId" varchar(36) NOT NULL, "module" varchar(16) NOT NULL, "recordId" varchar(36) NOT NULL, "email" varchar(254) NOT NULL, "clicks" integer NOT NULL DEFAULT (0), "lastImportedAt" datetime(3) NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "IDX_773cb84e4b53a4423eb40a4db6" ON "campaign_link_clicker" ("tenantId") `);
    await queryRunner.query(`CREATE INDEX "idx_campaign_link_clicker_record" ON "campaign_link_clicker" ("tenantId", "module", "recordId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_campaign_link_clicker" ON "campaign_link_clicker" ("tenantId", "campaignLinkId", "module", "recordId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "uq_campaign_link_clicker"`);
    await queryRunner.query(`DROP INDEX "idx_campaign_link_clicker_record"`);
    await queryRunner.query(`DROP INDEX "IDX_773cb84e4b53a4423eb40a4db6"`);
    await queryRunner.query(`DROP TABLE "campaign_link_clicker"`);
  }
}
