import { MigrationInterface, QueryRunner } from 'typeorm';

export class ConnectorFramework1795546738307 implements MigrationInterface {
  name = 'ConnectorFramework1795546738307';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`record_link\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`tenantId\` varchar(36) NOT NULL, \`installationId\` varchar(36) NOT NULL, \`listId\` varchar(120) NOT NULL, \`email\` varchar(254) NOT NULL, \`crmModule\` varchar(20) NULL, \`crmId\` varchar(36) NULL, \`emailAddressId\` varchar(36) NULL, \`vendorId\` varchar(120) NULL, \`vendorStatus\` varchar(16) NULL, \`crmHash\` varchar(64) NULL, \`vendorHash\` varchar(64) NULL, \`sentTags\` text NULL, \`lastPushedAt\` datetime(3) NULL, \`lastPulledAt\` datetime(3) NULL, INDEX \`IDX_1b6902c49cb1f6ccfbd143d114\` (\`tenantId\`), INDEX \`idx_record_link_vendor\` (\`tenantId\`, \`installationId\`, \`listId\`, \`vendorId\`), INDEX \`idx_record_link_crm\` (\`tenantId\`, \`crmModule\`, \`crmId\`), UNIQUE INDEX \`uq_record_link_email\` (\`tenantId\`, \`installationId\`, \`listId\`, \`email\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`sync_run\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`tenantId\` varchar(36) NOT NULL, \`installationId\` varchar(36) NOT NULL, \`trigger\` varchar(10) NOT NULL, \`kind\` varchar(12) NOT NULL, \`dryRun\` tinyint NOT NULL DEFAULT 0, \`status\` varchar(10) NOT NULL, \`counts\` text NOT NULL, \`total\` int NULL, \`processed\` int NOT NULL DEFAULT '0', \`checkpoint\` text NULL, \`input\` text NULL, \`requestedById\` varchar(36) NULL, \`startedAt\` datetime(3) NULL, \`finishedAt\` datetime(3) NULL, \`heartbeatAt\` datetime(3) NULL, \`error\` varchar(1000) NULL, INDEX \`IDX_66cf55687e4599a16639610e7b\` (\`tenantId\`), INDEX \`idx_sync_run_installation\` (\`tenantId\`, \`installationId\`, \`createdAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`sync_run_record\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`tenantId\` varchar(36) NOT NULL, \`runId\` varchar(36) NOT NULL, \`installationId\` varchar(36) NOT NULL, \`listId\` varchar(120) NOT NULL, \`crmModule\` varchar(20) NULL, \`crmId\` varchar(36) NULL, \`email\` varchar(254) NOT NULL, \`action\` varchar(12) NOT NULL, \`direction\` varchar(16) NOT NULL, \`before\` text NULL, \`after\` text NULL, \`rule\` varchar(200) NULL, \`vendorResponse\` text NULL, INDEX \`IDX_0529aafdddf6788d1ac0cc7b14\` (\`tenantId\`), INDEX \`idx_run_record_crm\` (\`tenantId\`, \`crmModule\`, \`crmId\`), INDEX \`idx_run_record_run\` (\`tenantId\`, \`runId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`failed_record\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`tenantId\` varchar(36) NOT NULL, \`installationId\` varchar(36) NOT NULL, \`runId\` varchar(36) NOT NULL, \`listId\` varchar(120) NOT NULL, \`crmModule\` varchar(20) NULL, \`crmId\` varchar(36) NULL, \`email\` varchar(254) NOT NULL, \`reasonCode\` varchar(60) NOT NULL, \`message\` varchar(1000) NOT NULL, \`attempts\` int NOT NULL DEFAULT '1', \`status\` varchar(10) NOT NULL DEFAULT 'OPEN', \`lastAttemptAt\` datetime(3) NULL, INDEX \`IDX_889df9a5e82cf2bebb68bbaa1d\` (\`tenantId\`), INDEX \`idx_failed_record_reason\` (\`tenantId\`, \`installationId\`, \`status\`, \`reasonCode\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`schedule_lease\` (\`key\` varchar(120) NOT NULL, \`owner\` varchar(80) NOT NULL, \`leaseUntil\` datetime(3) NOT NULL, PRIMARY KEY (\`key\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`vendor_list\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`tenantId\` varchar(36) NOT NULL, \`installationId\` varchar(36) NOT NULL, \`vendorListId\` varchar(120) NOT NULL, \`name\` varchar(200) NOT NULL, \`status\` varchar(10) NOT NULL DEFAULT 'ACTIVE', \`memberCount\` int NULL, \`details\` text NULL, \`syncInProgress\` tinyint NOT NULL DEFAULT 0, \`lastSyncedAt\` datetime(3) NULL, \`webhookId\` varchar(120) NULL, INDEX \`IDX_221da3cc6b410296b6e42a3058\` (\`tenantId\`), UNIQUE INDEX \`uq_vendor_list\` (\`tenantId\`, \`installationId\`, \`vendorListId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`vendor_tag\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`tenantId\` varchar(36) NOT NULL, \`installationId\` varchar(36) NOT NULL, \`vendorListId\` varchar(120) NOT NULL, \`vendorTagId\` varchar(120) NULL, \`name\` varchar(200) NOT NULL, \`kind\` varchar(10) NOT NULL, \`memberCount\` int NULL, INDEX \`IDX_831b402e0de17ae2140df3e7c0\` (\`tenantId\`), UNIQUE INDEX \`uq_vendor_tag\` (\`tenantId\`, \`installationId\`, \`vendorListId\`, \`kind\`, \`name\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`connector_installation\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`tenantId\` varchar(36) NOT NULL, \`connectorKey\` varchar(40) NOT NULL, \`scope\` varchar(12) NOT NULL, \`profileIds\` text NOT NULL, \`status\` varchar(24) NOT NULL, \`statusReason\` varchar(500) NULL, \`installedById\` varchar(36) NOT NULL, \`termsAcceptedById\` varchar(36) NOT NULL, \`termsAcceptedAt\` datetime(3) NOT NULL, \`webhookTokenHash\` varchar(64) NOT NULL, \`webhookTokenEnvelope\` text NULL, \`lastHealthCheckAt\` datetime(3) NULL, INDEX \`IDX_c4dff46c21958559aa808e244a\` (\`tenantId\`), INDEX \`idx_installation_connector\` (\`tenantId\`, \`connectorKey\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`connector_connection\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`tenantId\` varchar(36) NOT NULL, \`installationId\` varchar(36) NOT NULL, \`authKind\` varchar(12) NOT NULL, \`accountId\` varchar(120) NOT NULL, \`accountLabel\` varchar(200) NOT NULL, \`credentialsEnvelope\` text NOT NULL, \`metadata\` text NOT NULL, \`expiresAt\` datetime(3) NULL, \`connectedById\` varchar(36) NOT NULL, INDEX \`IDX_e1145406781a3780c9e74a0429\` (\`tenantId\`), INDEX \`IDX_62e99e4b22eff7936e7c8bf673\` (\`accountId\`), UNIQUE INDEX \`uq_connection_installation\` (\`tenantId\`, \`installationId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`oauth_state\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`tenantId\` varchar(36) NOT NULL, \`stateHash\` varchar(64) NOT NULL, \`userId\` varchar(36) NOT NULL, \`installationId\` varchar(36) NOT NULL, \`connectorKey\` varchar(40) NOT NULL, \`expiresAt\` datetime(3) NOT NULL, \`consumedAt\` datetime(3) NULL, INDEX \`IDX_94beaa3c44b31daddd7b6cd688\` (\`tenantId\`), UNIQUE INDEX \`IDX_4a8be9c71c3a3534992fe34b69\` (\`stateHash\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`field_mapping\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`tenantId\` varchar(36) NOT NULL, \`installationId\` varchar(36) NOT NULL, \`listId\` varchar(120) NOT NULL, \`vendorField\` varchar(80) NOT NULL, \`crmField\` varchar(120) NOT NULL, \`direction\` varchar(10) NOT NULL, \`locked\` tinyint NOT NULL DEFAULT 0, INDEX \`IDX_f2791d947dd957a92032f30378\` (\`tenantId\`), UNIQUE INDEX \`uq_field_mapping\` (\`tenantId\`, \`installationId\`, \`listId\`, \`vendorField\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`notification\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`tenantId\` varchar(36) NOT NULL, \`userId\` varchar(36) NOT NULL, \`type\` varchar(24) NOT NULL, \`title\` varchar(200) NOT NULL, \`body\` varchar(1000) NULL, \`subject\` text NULL, \`installationId\` varchar(36) NULL, \`readAt\` datetime(3) NULL, INDEX \`IDX_734235b45e4310eb80816139bc\` (\`tenantId\`), INDEX \`idx_notification_user\` (\`tenantId\`, \`userId\`, \`readAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`notification_preference\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`tenantId\` varchar(36) NOT NULL, \`userId\` varchar(36) NOT NULL, \`type\` varchar(24) NOT NULL, \`enabled\` tinyint NOT NULL, INDEX \`IDX_0fdf22508ad5d2ebbf6efdcf86\` (\`tenantId\`), UNIQUE INDEX \`uq_notification_preference\` (\`tenantId\`, \`userId\`, \`type\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE \`sync_settings\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`tenantId\` varchar(36) NOT NULL, \`installationId\` varchar(36) NOT NULL, \`data\` text NOT NULL, INDEX \`IDX_d96d927682d101d3f6842dc1e5\` (\`tenantId\`), UNIQUE INDEX \`uq_sync_settings_installation\` (\`tenantId\`, \`installationId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`uq_sync_settings_installation\` ON \`sync_settings\``);
    await queryRunner.query(`DROP INDEX \`IDX_d96d927682d101d3f6842dc1e5\` ON \`sync_settings\``);
    await queryRunner.query(`DROP TABLE \`sync_settings\``);
    await queryRunner.query(`DROP INDEX \`uq_notification_preference\` ON \`notification_preference\``);
    await queryRunner.query(`DROP INDEX \`IDX_0fdf22508ad5d2ebbf6efdcf86\` ON \`notification_preference\``);
    await queryRunner.query(`DROP TABLE \`notification_preference\``);
    await queryRunner.query(`DROP INDEX \`idx_notification_user\` ON \`notification\``);
    await queryRunner.query(`DROP INDEX \`IDX_734235b45e4310eb80816139bc\` ON \`notification\``);
    await queryRunner.query(`DROP TABLE \`notification\``);
    await queryRunner.query(`DROP INDEX \`uq_field_mapping\` ON \`field_mapping\``);
    await queryRunner.query(`DROP INDEX \`IDX_f2791d947dd957a92032f30378\` ON \`field_mapping\``);
    await queryRunner.query(`DROP TABLE \`field_mapping\``);
    await queryRunner.query(`DROP INDEX \`IDX_4a8be9c71c3a3534992fe34b69\` ON \`oauth_state\``);
    await queryRunner.query(`DROP INDEX \`IDX_94beaa3c44b31daddd7b6cd688\` ON \`oauth_state\``);
    await queryRunner.query(`DROP TABLE \`oauth_state\``);
    await queryRunner.query(`DROP INDEX \`uq_connection_installation\` ON \`connector_connection\``);
    await queryRunner.query(`DROP INDEX \`IDX_62e99e4b22eff7936e7c8bf673\` ON \`connector_connection\``);
    await queryRunner.query(`DROP INDEX \`IDX_e1145406781a3780c9e74a0429\` ON \`connector_connection\``);
    await queryRunner.query(`DROP TABLE \`connector_connection\``);
    await queryRunner.query(`DROP INDEX \`idx_installation_connector\` ON \`connector_installation\``);
    await queryRunner.query(`DROP INDEX \`IDX_c4dff46c21958559aa808e244a\` ON \`connector_installation\``);
    await queryRunner.query(`DROP TABLE \`connector_installation\``);
    await queryRunner.query(`DROP INDEX \`uq_vendor_tag\` ON \`vendor_tag\``);
    await queryRunner.query(`DROP INDEX \`IDX_831b402e0de17ae2140df3e7c0\` ON \`vendor_tag\``);
    await queryRunner.query(`DROP TABLE \`vendor_tag\``);
    await queryRunner.query(`DROP INDEX \`uq_vendor_list\` ON \`vendor_list\``);
    await queryRunner.query(`DROP INDEX \`IDX_221da3cc6b410296b6e42a3058\` ON \`vendor_list\``);
    await queryRunner.query(`DROP TABLE \`vendor_list\``);
    await queryRunner.query(`DROP TABLE \`schedule_lease\``);
    await queryRunner.query(`DROP INDEX \`idx_failed_record_reason\` ON \`failed_record\``);
    await queryRunner.query(`DROP INDEX \`IDX_889df9a5e82cf2bebb68bbaa1d\` ON \`failed_record\``);
    await queryRunner.query(`DROP TABLE \`failed_record\``);
    await queryRunner.query(`DROP INDEX \`idx_run_record_run\` ON \`sync_run_record\``);
    await queryRunner.query(`DROP INDEX \`idx_run_record_crm\` ON \`sync_run_record\``);
    await queryRunner.query(`DROP INDEX \`IDX_0529aafdddf6788d1ac0cc7b14\` ON \`sync_run_record\``);
    await queryRunner.query(`DROP TABLE \`sync_run_record\``);
    await queryRunner.query(`DROP INDEX \`idx_sync_run_installation\` ON \`sync_run\``);
    await queryRunner.query(`DROP INDEX \`IDX_66cf55687e4599a16639610e7b\` ON \`sync_run\``);
    await queryRunner.query(`DROP TABLE \`sync_run\``);
    await queryRunner.query(`DROP INDEX \`uq_record_link_email\` ON \`record_link\``);
    await queryRunner.query(`DROP INDEX \`idx_record_link_crm\` ON \`record_link\``);
    await queryRunner.query(`DROP INDEX \`idx_record_link_vendor\` ON \`record_link\``);
    await queryRunner.query(`DROP INDEX \`IDX_1b6902c49cb1f6ccfbd143d114\` ON \`record_link\``);
    await queryRunner.query(`DROP TABLE \`record_link\``);
  }
}
