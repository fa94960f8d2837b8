import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EmailAddress } from '@crm/core';

/**
 * An address written straight to the database, as old imports left some: not a valid address,
 * which the API would never take.
 */
export async function storeLegacyAddress(
  app: INestApplication,
  emailId: string,
  address: string,
): Promise<void> {
  await app
    .get(DataSource)
    .getRepository(EmailAddress)
    .update({ id: emailId }, { email: address, emailNormalized: address });
}
