import { MigrationInterface, QueryRunner } from 'typeorm';

export class ModuleMappingsAndJobs1795567682572 implements MigrationInterface {
  name = 'ModuleMappingsAndJobs1795567682572';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`uq_field_mapping\` ON \`field_mapping\``);
    await queryRunner.query(`ALTER TABLE \`field_mapping\` ADD \`crmModule\` varchar(20) NOT NULL DEFAULT '*'`);
    // Widened in place: the generator's drop-and-add would lose every run's kind.
    await queryRunner.query(`ALTER TABLE \`import_run\` MODIFY \`kind\` varchar(20) NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX \`uq_field_mapping\` ON \`field_mapping\` (\`tenantId\`, \`installationId\`, \`listId\`, \`crmModule\`, \`vendorField\`)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`uq_field_mapping\` ON \`field_mapping\``);
    // Runs of kinds the old column cannot hold go; so do mappings of one module (one per list was the rule).
    await queryRunner.query(`DELETE FROM \`import_run\` WHERE CHAR_LENGTH(\`kind\`) > 12`);
    await queryRunner.query(`ALTER TABLE \`import_run\` MODIFY \`kind\` varchar(12) NOT NULL`);
    await queryRunner.query(`DELETE FROM \`field_mapping\` WHERE \`crmModule\` <> '*'`);
    await queryRunner.query(`ALTER TABLE \`field_mapping\` DROP COLUMN \`crmModule\``);
    await queryRunner.query(`CREATE UNIQUE INDEX \`uq_field_mapping\` ON \`field_mapping\` (\`tenantId\`, \`installationId\`, \`listId\`, \`vendorField\`)`);
  }
}
