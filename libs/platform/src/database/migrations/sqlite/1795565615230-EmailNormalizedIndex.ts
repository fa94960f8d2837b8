import { MigrationInterface, QueryRunner } from 'typeorm';

export class EmailNormalizedIndex1795565615230 implements MigrationInterface {
  name = 'EmailNormalizedIndex1795565615230';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "idx_email_normalized" ON "email_address" ("tenantId", "emailNormalized") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_email_normalized"`);
  }
}
