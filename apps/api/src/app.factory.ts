import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppConfig, createValidationPipe, LocalOrigin } from '@crm/platform';
import type { Server } from 'node:http';
import { ApiModule } from './api.module';
import { SandboxHost } from './sandboxes/sandbox-host';
import { findWebBuild, mountWebUi } from './web/web-ui';

/** Builds the API application (used by main.ts and by the HTTP tests). */
export async function createApiApp(
  config: AppConfig,
  connectors?: Parameters<typeof ApiModule.forRoot>[1],
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config, connectors), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.get(LocalOrigin).bind(app.getHttpServer() as Server);
  // First in the chain: the sandboxes parse their own request bodies (see SandboxHost.mount).
  if (config.sandboxes) app.get(SandboxHost).mount(app);
  mountWebUi(app, findWebBuild());
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  app.useBodyParser('json', { limit: '2mb' });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('CRM Connect API')
      .setDescription(
        'Multi-tenant CRM with email-marketing connectors. Authenticate with POST /api/auth/login.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
