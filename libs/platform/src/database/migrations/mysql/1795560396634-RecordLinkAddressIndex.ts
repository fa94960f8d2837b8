import { MigrationInterface, QueryRunner } from 'typeorm';

export class RecordLinkAddressIndex1795560396634 implements MigrationInterface {
  name = 'RecordLinkAddressIndex1795560396634';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX \`idx_record_link_address\` ON \`record_link\` (\`tenantId\`, \`installationId\`, \`listId\`, \`emailAddressId\`)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`idx_record_link_address\` ON \`record_link\``);
  }
}
