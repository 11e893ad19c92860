// Writes the API document as the server builds it (the same route table and transform), for the
// OpenAPI linter in `npm run check`: npx tsx scripts/export-openapi.ts dist/openapi.json
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/platform/config.js';
import { openDatabase } from '../src/server/platform/db/client.js';
import { createRuntime } from '../src/server/runtime.js';

const out = process.argv[2] ?? 'dist/openapi.json';
const database = await openDatabase({});
const config = loadConfig({
  SMTP_URL: 'smtp://127.0.0.1:9',
  SANDBOX_PAY_URL: 'http://127.0.0.1:9',
});
const runtime = await createRuntime(config, { database, log: pino({ level: 'silent' }) });
const app = await buildApp(runtime.deps);
await app.ready();
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(app.swagger(), null, 2));
await app.close();
await runtime.close();
await database.close();
console.log(`API document written to ${out}`);
