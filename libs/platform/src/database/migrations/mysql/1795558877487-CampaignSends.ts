import { MigrationInterface, QueryRunner } from 'typeorm';

export class CampaignSends1795558877487 implements MigrationInterface {
  name = 'CampaignSends1795558877487';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`campaign_send\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`tenantId\` varchar(36) NOT NULL, \`installationId\` varchar(36) NOT NULL, \`viewId\` varchar(36) NOT NULL, \`viewName\` varchar(120) NOT NULL, \`viewModule\` varchar(20) NOT NULL, \`filter\` text NOT NULL, \`campaignId\` varchar(120) NOT NULL, \`campaignName\` varchar(200) NOT NULL, \`listId\` varchar(120) NOT NULL, \`scheduleAt\` datetime(3) NULL, \`status\` varchar(12) NOT NULL, \`counts\` text NULL, \`segmentId\` varchar(120) NULL, \`replicaCampaignId\` varchar(120) NULL, \`error\` varchar(500) NULL, \`attempts\` int NOT NULL DEFAULT '0', \`requestedById\` varchar(36) NULL, \`startedAt\` datetime(3) NULL, \`finishedAt\` datetime(3) NULL, INDEX \`IDX_241c68f5c212c15ddd4c4e66db\` (\`tenantId\`), INDEX \`idx_campaign_send_installation\` (\`tenantId\`, \`installationId\`, \`createdAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`idx_campaign_send_installation\` ON \`campaign_send\``);
    await queryRunner.query(`DROP INDEX \`IDX_241c68f5c212c15ddd4c4e66db\` ON \`campaign_send\``);
    await queryRunner.query(`DROP TABLE \`campaign_send\``);
  }
}
