import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule, type ResolvedConfig } from '../app.module';
import { configureApp } from './configure-app';
import { RealtimeAdapter } from '../realtime/realtime.adapter';
import { DemoService } from '../demo/demo.service';

/** Builds the whole app for a resolved configuration: used by main.ts and by the end-to-end tests. */
export async function createApp(config: ResolvedConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: config.logLevel === 'error' ? ['error'] : ['error', 'warn', 'log', ...(config.logLevel === 'debug' || config.logLevel === 'verbose' ? (['debug'] as const) : [])],
    bodyParser: true,
  });
  app.useBodyParser('json', { limit: '1mb' });
  configureApp(app, config);
  app.useWebSocketAdapter(new RealtimeAdapter(app, config, config.databaseUrl));
  await app.get(DemoService).onFirstStart();
  return app;
}
