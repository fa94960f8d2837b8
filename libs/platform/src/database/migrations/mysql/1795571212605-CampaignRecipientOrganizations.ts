import { MigrationInterface, QueryRunner } from 'typeorm';

export class CampaignRecipientOrganizations1795571212605 implements MigrationInterface {
  name = 'CampaignRecipientOrganizations1795571212605';

  // Widened in place: the generated drop-and-add would lose every recipient's module.
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`campaign_recipient\` MODIFY \`module\` varchar(16) NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM \`campaign_recipient\` WHERE \`module\` = 'organizations'`);
    await queryRunner.query(`ALTER TABLE \`campaign_recipient\` MODIFY \`module\` varchar(12) NOT NULL`);
  }
}
