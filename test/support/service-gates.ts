import { mysqlState, redisState } from './databases';

/** Suites that need a server run when scripts/test.mjs found it (and must, in CI). */
export const describeWithMysql: jest.Describe = mysqlState === 'missing' ? describe.skip : describe;
export const describeWithRedis: jest.Describe = redisState === 'missing' ? describe.skip : describe;
