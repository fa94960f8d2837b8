import { MigrationInterface, QueryRunner } from 'typeorm';

export class CartOrderOutcome1795561819541 implements MigrationInterface {
  name = 'CartOrderOutcome1795561819541';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "uq_cart_deal_link"`);
    await queryRunner.query(`DROP INDEX "IDX_5feaeb4b1de48705411d157878"`);
    await queryRunner.query(`CREATE TABLE "temporary_cart_deal_link" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "installationId" varchar(36) NOT NULL, "storeId" varchar(120) NOT NULL, "cartId" varchar(120) NOT NULL, "dealId" varchar(36) NOT NULL, "contentHash" varchar(64) NOT NULL, "closedAt" datetime(3), "customerId" varchar(120), "email" varchar(254), "cartUpdatedAt" datetime(3), "goneSince" datetime(3), "orderId" varchar(120))`);
    await queryRunner.query(`INSERT INTO "temporary_cart_deal_link"("id", "createdAt", "updatedAt", "tenantId", "installationId", "storeId", "cartId", "dealId", "contentHash", "closedAt") SELECT "id", "createdAt", "updatedAt", "tenantId", "installationId", "storeId", "cartId", "dealId", "contentHash", "closedAt" FROM "cart_deal_link"`);
    await queryRunner.query(`DROP TABLE "cart_deal_link"`);
    await queryRunner.query(`ALTER TABLE "temporary_cart_deal_link" RENAME TO "cart_deal_link"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_cart_deal_link" ON "cart_deal_link" ("tenantId", "installationId", "storeId", "cartId") `);
    await queryRunner.query(`CREATE INDEX "IDX_5feaeb4b1de48705411d157878" ON "cart_deal_link" ("tenantId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_5feaeb4b1de48705411d157878"`);
    await queryRunner.query(`DROP INDEX "uq_cart_deal_link"`);
    await queryRunner.query(`ALTER TABLE "cart_deal_link" RENAME TO "temporary_cart_deal_link"`);
    await queryRunner.query(`CREATE TABLE "cart_deal_link" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "installationId" varchar(36) NOT NULL, "storeId" varchar(120) NOT NULL, "cartId" varchar(120) NOT NULL, "dealId" varchar(36) NOT NULL, "contentHash" varchar(64) NOT NULL, "closedAt" datetime(3))`);
    await queryRunner.query(`INSERT INTO "cart_deal_link"("id", "createdAt", "updatedAt", "tenantId", "installationId", "storeId", "cartId", "dealId", "contentHash", "closedAt") SELECT "id", "createdAt", "updatedAt", "tenantId", "installationId", "storeId", "cartId", "dealId", "contentHash", "closedAt" FROM "temporary_cart_deal_link"`);
    await queryRunner.query(`DROP TABLE "temporary_cart_deal_link"`);
    await queryRunner.query(`CREATE INDEX "IDX_5feaeb4b1de48705411d157878" ON "cart_deal_link" ("tenantId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_cart_deal_link" ON "cart_deal_link" ("tenantId", "installationId", "storeId", "cartId") `);
  }
}
