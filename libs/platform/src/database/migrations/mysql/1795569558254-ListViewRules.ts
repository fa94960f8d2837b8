import { MigrationInterface, QueryRunner } from 'typeorm';

export class ListViewRules1795569558254 implements MigrationInterface {
  name = 'ListViewRules1795569558254';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`list_view_rule\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`tenantId\` varchar(36) NOT NULL, \`installationId\` varchar(36) NOT NULL, \`listId\` varchar(120) NOT NULL, \`viewId\` varchar(36) NOT NULL, \`position\` int NOT NULL DEFAULT '0', INDEX \`IDX_a640e71131afc89bfaa4b57a5f\` (\`tenantId\`), UNIQUE INDEX \`uq_list_view_rule\` (\`tenantId\`, \`installationId\`, \`listId\`, \`viewId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`uq_list_view_rule\` ON \`list_view_rule\``);
    await queryRunner.query(`DROP INDEX \`IDX_a640e71131afc89bfaa4b57a5f\` ON \`list_view_rule\``);
    await queryRunner.query(`DROP TABLE \`list_view_rule\``);
  }
}
