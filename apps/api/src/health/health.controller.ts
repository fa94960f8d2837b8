import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { QUEUE_PORT, QueuePort } from '@crm/platform';
import { Public } from '../auth/auth.decorators';

type Check = 'up' | 'down';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(QUEUE_PORT) private readonly queue: QueuePort,
  ) {}

  /** `{status, database, queue}`; 503 when a dependency is down so load balancers take note. */
  @Public()
  @Get()
  @ApiOkResponse({ description: 'Service and dependency status' })
  async health(@Res({ passthrough: true }) response: Response) {
    const [database, queue] = await Promise.all([this.databaseCheck(), this.queueCheck()]);
    const status = database === 'up' && queue === 'up' ? 'ok' : 'degraded';
    if (status !== 'ok') response.status(503);
    return {
      status,
      database: { status: database, type: this.dataSource.options.type },
      queue: { status: queue, driver: this.queue.driverName },
    };
  }

  private async databaseCheck(): Promise<Check> {
    try {
      await this.dataSource.query('SELECT 1');
      return 'up';
    } catch {
      return 'down';
    }
  }

  private async queueCheck(): Promise<Check> {
    return (await this.queue.isHealthy()) ? 'up' : 'down';
  }
}
