import { MigrationInterface, QueryRunner } from 'typeorm';

export class ModuleMappingsAndJobs1795567681514 implements MigrationInterface {
  name = 'ModuleMappingsAndJobs1795567681514';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "uq_field_mapping"`);
    await queryRunner.query(`DROP INDEX "IDX_f2791d947dd957a92032f30378"`);
    await queryRunner.query(`CREATE TABLE "temporary_field_mapping" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "installationId" varchar(36) NOT NULL, "listId" varchar(120) NOT NULL, "vendorField" varchar(80) NOT NULL, "crmField" varchar(120) NOT NULL, "direction" varchar(10) NOT NULL, "locked" boolean NOT NULL DEFAULT (0), "crmModule" varchar(20) NOT NULL DEFAULT ('*'))`);
    await queryRunner.query(`INSERT INTO "temporary_field_mapping"("id", "createdAt", "updatedAt", "tenantId", "installationId", "listId", "vendorField", "crmField", "direction", "locked") SELECT "id", "createdAt", "updatedAt", "tenantId", "installationId", "listId", "vendorField", "crmField", "direction", "locked" FROM "field_mapping"`);
    await queryRunner.query(`DROP TABLE "field_mapping"`);
    await queryRunner.query(`ALTER TABLE "temporary_field_mapping" RENAME TO "field_mapping"`);
    await queryRunner.query(`CREATE INDEX "IDX_f2791d947dd957a92032f30378" ON "field_mapping" ("tenantId") `);
    await queryRunner.query(`DROP INDEX "idx_import_run_installation"`);
    await queryRunner.query(`DROP INDEX "IDX_18446bf378325b2630b15e8ba7"`);
    await queryRunner.query(`CREATE TABLE "temporary_import_run" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "installationId" varchar(36) NOT NULL, "kind" varchar(20) NOT NULL, "trigger" varchar(12) NOT NULL, "status" varchar(12) NOT NULL, "result" text, "error" varchar(500), "attempts" integer NOT NULL DEFAULT (0), "requestedById" varchar(36), "startedAt" datetime(3), "finishedAt" datetime(3))`);
    await queryRunner.query(`INSERT INTO "temporary_import_run"("id", "createdAt", "updatedAt", "tenantId", "installationId", "kind", "trigger", "status", "result", "error", "attempts", "requestedById", "startedAt", "finishedAt") SELECT "id", "createdAt", "updatedAt", "tenantId", "installationId", "kind", "trigger", "status", "result", "error", "attempts", "requestedById", "startedAt", "finishedAt" FROM "import_run"`);
    await queryRunner.query(`DROP TABLE "import_run"`);
    await queryRunner.query(`ALTER TABLE "temporary_import_run" RENAME TO "import_run"`);
    await queryRunner.query(`CREATE INDEX "IDX_18446bf378325b2630b15e8ba7" ON "import_run" ("tenantId") `);
    await queryRunner.query(`CREATE INDEX "idx_import_run_installation" ON "import_run" ("tenantId", "installationId", "kind", "createdAt") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_field_mapping" ON "field_mapping" ("tenantId", "installationId", "listId", "crmModule", "vendorField") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "uq_field_mapping"`);
    await queryRunner.query(`DROP INDEX "idx_import_run_installation"`);
    await queryRunner.query(`DROP INDEX "IDX_18446bf378325b2630b15e8ba7"`);
    await queryRunner.query(`ALTER TABLE "import_run" RENAME TO "temporary_import_run"`);
    await queryRunner.query(`CREATE TABLE "import_run" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "installationId" varchar(36) NOT NULL, "kind" varchar(12) NOT NULL, "trigger" varchar(12) NOT NULL, "status" varchar(12) NOT NULL, "result" text, "error" varchar(500), "attempts" integer NOT NULL DEFAULT (0), "requestedById" varchar(36), "startedAt" datetime(3), "finishedAt" datetime(3))`);
    await queryRunner.query(`INSERT INTO "import_run"("id", "createdAt", "updatedAt", "tenantId", "installationId", "kind", "trigger", "status", "result", "error", "attempts", "requestedById", "startedAt", "finishedAt") SELECT "id", "createdAt", "updatedAt", "tenantId", "installationId", "kind", "trigger", "status", "result", "error", "attempts", "requestedById", "startedAt", "finishedAt" FROM "temporary_import_run"`);
    await queryRunner.query(`DROP TABLE "temporary_import_run"`);
    await queryRunner.query(`CREATE INDEX "IDX_18446bf378325b2630b15e8ba7" ON "import_run" ("tenantId") `);
    await queryRunner.query(`CREATE INDEX "idx_import_run_installation" ON "import_run" ("tenantId", "installationId", "kind", "createdAt") `);
    // Mappings of one module go: the old table holds one mapping per list and vendor field.
    await queryRunner.query(`DELETE FROM "field_mapping" WHERE "crmModule" <> '*'`);
    await queryRunner.query(`DROP INDEX "IDX_f2791d947dd957a92032f30378"`);
    await queryRunner.query(`ALTER TABLE "field_mapping" RENAME TO "temporary_field_mapping"`);
    await queryRunner.query(`CREATE TABLE "field_mapping" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "tenantId" varchar(36) NOT NULL, "installationId" varchar(36) NOT NULL, "listId" varchar(120) NOT NULL, "vendorField" varchar(80) NOT NULL, "crmField" varchar(120) NOT NULL, "direction" varchar(10) NOT NULL, "locked" boolean NOT NULL DEFAULT (0))`);
    await queryRunner.query(`INSERT INTO "field_mapping"("id", "createdAt", "updatedAt", "tenantId", "installationId", "listId", "vendorField", "crmField", "direction", "locked") SELECT "id", "createdAt", "updatedAt", "tenantId", "installationId", "listId", "vendorField", "crmField", "direction", "locked" FROM "temporary_field_mapping"`);
    await queryRunner.query(`DROP TABLE "temporary_field_mapping"`);
    await queryRunner.query(`CREATE INDEX "IDX_f2791d947dd957a92032f30378" ON "field_mapping" ("tenantId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_field_mapping" ON "field_mapping" ("tenantId", "installationId", "listId", "vendorField") `);
  }
}
