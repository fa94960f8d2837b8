import { MigrationInterface, QueryRunner } from 'typeorm';

export class CartOrderOutcome1795561820111 implements MigrationInterface {
  name = 'CartOrderOutcome1795561820111';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`cart_deal_link\` ADD \`customerId\` varchar(120) NULL`);
    await queryRunner.query(`ALTER TABLE \`cart_deal_link\` ADD \`email\` varchar(254) NULL`);
    await queryRunner.query(`ALTER TABLE \`cart_deal_link\` ADD \`cartUpdatedAt\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`cart_deal_link\` ADD \`goneSince\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`cart_deal_link\` ADD \`orderId\` varchar(120) NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`cart_deal_link\` DROP COLUMN \`orderId\``);
    await queryRunner.query(`ALTER TABLE \`cart_deal_link\` DROP COLUMN \`goneSince\``);
    await queryRunner.query(`ALTER TABLE \`cart_deal_link\` DROP COLUMN \`cartUpdatedAt\``);
    await queryRunner.query(`ALTER TABLE \`cart_deal_link\` DROP COLUMN \`email\``);
    await queryRunner.query(`ALTER TABLE \`cart_deal_link\` DROP COLUMN \`customerId\``);
  }
}
