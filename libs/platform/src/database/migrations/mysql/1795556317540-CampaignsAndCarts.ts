import { MigrationInterface, QueryRunner } from 'typeorm';

export class CampaignsAndCarts1795556317540 implements MigrationInterface {
  name = 'CampaignsAndCarts1795556317540';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`cart_deal_link\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`tenantId\` varchar(36) NOT NULL, \`installationId\` varchar(36) NOT NULL, \`storeId\` varchar(120) NOT NULL, \`cartId\` varchar(120) NOT NULL, \`dealId\` varchar(36) NOT NULL, \`contentHash\` varchar(64) NOT NULL, \`closedAt\` datetime(3) NULL, INDEX \`IDX_5feaeb4b1de48705411d157878\` (\`tenantId\`), UNIQUE INDEX \`uq_cart_deal_link\` (\`tenantId\`, \`installationId\`, \`storeId\`, \`cartId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`import_run\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`tenantId\` varchar(36) NOT NULL, \`installationId\` varchar(36) NOT NULL, \`kind\` varchar(12) NOT NULL, \`trigger\` varchar(12) NOT NULL, \`status\` varchar(12) NOT NULL, \`result\` text NULL, \`error\` varchar(500) NULL, \`attempts\` int NOT NULL DEFAULT '0', \`requestedById\` varchar(36) NULL, \`startedAt\` datetime(3) NULL, \`finishedAt\` datetime(3) NULL, INDEX \`IDX_18446bf378325b2630b15e8ba7\` (\`tenantId\`), INDEX \`idx_import_run_installation\` (\`tenantId\`, \`installationId\`, \`kind\`, \`createdAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`campaign\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`tenantId\` varchar(36) NOT NULL, \`installationId\` varchar(36) NULL, \`connectorKey\` varchar(40) NOT NULL, \`accountId\` varchar(120) NULL, \`vendorCampaignId\` varchar(120) NOT NULL, \`name\` varchar(255) NOT NULL, \`subject\` varchar(255) NULL, \`listId\` varchar(120) NULL, \`status\` varchar(40) NOT NULL, \`sentAt\` datetime(3) NULL, \`recipients\` int NOT NULL DEFAULT '0', \`opens\` int NOT NULL DEFAULT '0', \`uniqueOpens\` int NOT NULL DEFAULT '0', \`clicks\` int NOT NULL DEFAULT '0', \`uniqueClicks\` int NOT NULL DEFAULT '0', \`bounces\` int NOT NULL DEFAULT '0', \`unsubscribes\` int NOT NULL DEFAULT '0', \`lastRefreshedAt\` datetime(3) NULL, \`activityFiguresHash\` varchar(64) NULL, INDEX \`IDX_e13b5da1e55792804d58b199bd\` (\`tenantId\`), INDEX \`idx_campaign_sent\` (\`tenantId\`, \`sentAt\`), UNIQUE INDEX \`uq_campaign_vendor\` (\`tenantId\`, \`installationId\`, \`vendorCampaignId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`campaign_recipient\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`tenantId\` varchar(36) NOT NULL, \`campaignId\` varchar(36) NOT NULL, \`module\` varchar(12) NOT NULL, \`recordId\` varchar(36) NOT NULL, \`email\` varchar(254) NOT NULL, \`sent\` int NOT NULL DEFAULT '0', \`opened\` int NOT NULL DEFAULT '0', \`clicked\` int NOT NULL DEFAULT '0', \`bounced\` int NOT NULL DEFAULT '0', \`unsubscribed\` int NOT NULL DEFAULT '0', \`events\` text NOT NULL, \`lastEventAt\` datetime(3) NULL, \`activityId\` varchar(36) NULL, INDEX \`IDX_bbb6dd555525b63eda68c82b37\` (\`tenantId\`), INDEX \`idx_campaign_recipient_record\` (\`tenantId\`, \`module\`, \`recordId\`), UNIQUE INDEX \`uq_campaign_recipient\` (\`tenantId\`, \`campaignId\`, \`module\`, \`recordId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`ALTER TABLE \`deal\` ADD \`sourceUrl\` varchar(1000) NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`deal\` DROP COLUMN \`sourceUrl\``);
    await queryRunner.query(`DROP INDEX \`uq_campaign_recipient\` ON \`campaign_recipient\``);
    await queryRunner.query(`DROP INDEX \`idx_campaign_recipient_record\` ON \`campaign_recipient\``);
    await queryRunner.query(`DROP INDEX \`IDX_bbb6dd555525b63eda68c82b37\` ON \`campaign_recipient\``);
    await queryRunner.query(`DROP TABLE \`campaign_recipient\``);
    await queryRunner.query(`DROP INDEX \`uq_campaign_vendor\` ON \`campaign\``);
    await queryRunner.query(`DROP INDEX \`idx_campaign_sent\` ON \`campaign\``);
    await queryRunner.query(`DROP INDEX \`IDX_e13b5da1e55792804d58b199bd\` ON \`campaign\``);
    await queryRunner.query(`DROP TABLE \`campaign\``);
    await queryRunner.query(`DROP INDEX \`idx_import_run_installation\` ON \`import_run\``);
    await queryRunner.query(`DROP INDEX \`IDX_18446bf378325b2630b15e8ba7\` ON \`import_run\``);
    await queryRunner.query(`DROP TABLE \`import_run\``);
    await queryRunner.query(`DROP INDEX \`uq_cart_deal_link\` ON \`cart_deal_link\``);
    await queryRunner.query(`DROP INDEX \`IDX_5feaeb4b1de48705411d157878\` ON \`cart_deal_link\``);
    await queryRunner.query(`DROP TABLE \`cart_deal_link\``);
  }
}
