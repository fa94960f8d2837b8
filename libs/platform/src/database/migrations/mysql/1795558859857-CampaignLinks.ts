import { MigrationInterface, QueryRunner } from 'typeorm';

export class CampaignLinks1795558859857 implements MigrationInterface {
  name = 'CampaignLinks1795558859857';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`campaign_link\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`tenantId\` varchar(36) NOT NULL, \`campaignId\` varchar(36) NOT NULL, \`vendorLinkId\` varchar(120) NOT NULL, \`url\` varchar(2048) NOT NULL, \`position\` int NOT NULL, \`clicks\` int NOT NULL DEFAULT '0', \`uniqueClicks\` int NOT NULL DEFAULT '0', INDEX \`IDX_8b0d77ce90b6e0fe12006b881c\` (\`tenantId\`), UNIQUE INDEX \`uq_campaign_link\` (\`tenantId\`, \`campaignId\`, \`vendorLinkId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`uq_campaign_link\` ON \`campaign_link\``);
    await queryRunner.query(`DROP INDEX \`IDX_8b0d77ce90b6e0fe12006b881c\` ON \`campaign_link\``);
    await queryRunner.query(`DROP TABLE \`campaign_link\``);
  }
}
