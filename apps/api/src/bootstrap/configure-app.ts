import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import compression from 'compression';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AppConfig } from '../config/config';
import { HttpErrorFilter } from '../common/http-error.filter';
import { requestIdMiddleware } from '../common/request-id';
import { createValidationPipe } from '../common/validation';
import { placeholderPage } from '../web/placeholder-page';
import { PageMetaService } from '../web/page-meta.service';
import { completeOpenApiDocument, methodNotAllowed } from './openapi-document';

/** Everything about the HTTP surface that main.ts and the tests must share. */
export function configureApp(app: INestApplication, config: AppConfig): void {
  const http = app as NestExpressApplication;
  http.set('trust proxy', 'loopback');
  http.disable('x-powered-by');
  // First of all: every request gets its id (X-Request-Id), quoted in error logs and in a 5xx's body.
  http.use(requestIdMiddleware);
  // Text answers (the web app's scripts, JSON, the feed) go out compressed; media and ranges are left alone.
  http.use(compression());
  app.setGlobalPrefix('api');
  // LiveKit signs the exact bytes of its webhooks (sent as application/webhook+json): keep them raw.
  http.use('/api/livekit/webhook', express.raw({ type: () => true, limit: '256kb' }));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableCors({ origin: config.corsOrigins.length ? config.corsOrigins : false });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Swagger UI needs inline styles and its init script.
          'script-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'https:'],
          // The live room's browser connects to LiveKit itself (its WebSocket, and HTTP for region checks).
          'connect-src': ["'self'", liveKitOrigin(config.live.url), liveKitOrigin(config.live.url.replace(/^ws/, 'http'))],
          'media-src': ["'self'", 'blob:'],
        },
      },
    }),
  );

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Amphi API')
      .setDescription(
        'Online study days and small scientific conferences. Organisers log in at POST /api/auth/login and send the token as a Bearer header. ' +
          'Errors share one body (components.schemas.Error): { statusCode, code, message, fields?, issues?, details?, requestId? }, with the message in the request’s language (Accept-Language).',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  completeOpenApiDocument(document);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json', yamlDocumentUrl: 'api/openapi.yaml' });
  // A documented path asked with a method it does not take (TRACE, PUT on a GET route...): 405, not 404.
  http.use(methodNotAllowed(document));

  // The web app: its build when there is one, otherwise a placeholder page that points to the API.
  const webDist = resolve(config.webDistDir);
  const hasWebBuild = existsSync(join(webDist, 'index.html'));
  if (hasWebBuild)
    http.use(
      express.static(webDist, {
        index: false,
        maxAge: '1h',
        // Vite names built files after their content: they never change, so browsers keep them.
        setHeaders: (res, path) => path.includes(`${sep}assets${sep}`) && res.setHeader('Cache-Control', 'public, max-age=31536000, immutable'),
      }),
    );
  // index.html is read once (restart after rebuilding the web app); the public pages of a published
  // event get their title, description, Open Graph tags and schema.org data in it (web/page-meta.ts).
  const pageTemplate = hasWebBuild ? readFileSync(join(webDist, 'index.html'), 'utf8') : placeholderPage(config.publicUrl);
  const pages = app.get(PageMetaService);
  http.use(async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api')) return next();
    // A file of an older build (a tab opened before a deploy) is missing, not a page.
    if (req.path.startsWith('/assets/')) return res.status(404).type('text').send('Not found: this file belongs to another version of the app; reload the page.');
    const html = await pages.render(pageTemplate, req.path, req.query, req.get('accept-language'));
    // The page names the scripts of this build, and its preview follows the language asked: revalidate it.
    res.set({ 'Cache-Control': 'no-cache', Vary: 'Accept-Language' }).type('html').send(html);
  });
}

/** The origin part of a LiveKit URL, for the Content-Security-Policy. */
function liveKitOrigin(url: string): string {
  const { protocol, host } = new URL(url);
  return `${protocol}//${host}`;
}
