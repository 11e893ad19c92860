import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Vite names every file under assets/ by its content hash: a new build never reuses a name. */
const HASHED = `${path.sep}assets${path.sep}`;

/** Whether dist/web holds a build to serve. */
export function hasWebBuild(webRoot: string): boolean {
  return fs.existsSync(path.join(webRoot, 'index.html'));
}

/**
 * Serves the built web app: hashed assets cached for a year as immutable, everything else
 * (index.html, the service worker, the manifest) revalidated on every load so a deployment shows
 * at once. The build writes .br and .gz next to each text file (scripts/compress-web.mjs), so
 * nothing is compressed per request.
 */
export async function serveWebApp(app: FastifyInstance, webRoot: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: webRoot,
    wildcard: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, filePath) => {
      void reply.header(
        'cache-control',
        filePath.includes(HASHED) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
}
