import type { Type } from '@nestjs/common';

/** Every REST controller of the API, grouped by area. */
export const apiControllers: Type<unknown>[] = [];
