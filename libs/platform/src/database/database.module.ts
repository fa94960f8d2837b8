import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { buildDataSourceOptions, EntityList } from './data-source.factory';
import { runMigrationsExclusively } from './migration-lock';
import { serializeSqliteTransactions } from './sqlite-transactions';

/** The platform's own entities; apps add the domain's when they compose the database module. */
export const platformEntities = [OutboxEvent];

@Module({})
export class DatabaseModule {
  /** Opens the database chosen by config and runs pending migrations before anything else starts. */
  static forRoot(entities: EntityList): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => buildDataSourceOptions(config.database, { entities }),
          dataSourceFactory: async (options?: DataSourceOptions) => {
            const dataSource = await new DataSource(options!).initialize();
            serializeSqliteTransactions(dataSource);
            await runMigrationsExclusively(dataSource);
            return dataSource;
          },
        }),
      ],
    };
  }
}
