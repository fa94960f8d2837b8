import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** Paths the single-page app never answers: the API and the embedded vendor sandboxes. */
const SERVER_PATHS = /^\/(api|sandbox)(\/|$)/;

/**
 * The web UI's build (`apps/web/dist`), looked for from this file upwards, so it is found from
 * the sources (tests, ts-node) and from the compiled `dist/apps/api/...` alike, whatever the
 * working directory.
 */
export function findWebBuild(from = __dirname): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'apps', 'web', 'dist');
    if (existsSync(path.join(candidate, 'index.html'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Serves the built web UI at `/`: its files, and `index.html` for any other page address the
 * browser asks for (the app's own router reads it), never for `/api` or `/sandbox` paths nor for
 * file names. Hashed
 * assets are cached for good; `index.html` is always revalidated, so a new build shows at once.
 * Without a build (an API-only checkout) nothing is mounted and `/` is a 404.
 */
export function mountWebUi(app: NestExpressApplication, webBuild: string | undefined): boolean {
  if (!webBuild) return false;
  const indexFile = path.join(webBuild, 'index.html');
  app.useStaticAssets(webBuild, {
    index: false,
    redirect: false,
    setHeaders: (response, file) => {
      const immutable = file.startsWith(path.join(webBuild, 'assets') + path.sep);
      response.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (
      (request.method !== 'GET' && request.method !== 'HEAD') ||
      SERVER_PATHS.test(request.path) ||
      // A missing file (an old asset, a typo) stays a 404 rather than a page of HTML.
      path.extname(request.path) !== '' ||
      !request.accepts('html')
    )
      return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(indexFile, (error) => error && next(error));
  });
  return true;
}
