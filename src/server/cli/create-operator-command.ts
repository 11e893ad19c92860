import { parseArgs } from 'node:util';
import path from 'node:path';
import { DomainError } from '../../domain/errors.js';
import { lockDataDir } from '../data-dir-lock.js';
import type { AppConfig } from '../platform/config.js';
import { openDatabase } from '../platform/db/client.js';
import { prepareSchema } from '../platform/db/schema-version.js';
import { createOperator } from '../modules/accounts/create-operator.js';

const USAGE =
  'Usage: main.js create-operator --email <email> --mobile <mobile> --name <display name>\n' +
  '  The password is read from standard input (one line), or from OPERATOR_PASSWORD.';

async function readPassword(): Promise<string> {
  const fromEnv = process.env['OPERATOR_PASSWORD'];
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) throw new Error(`No password given.\n${USAGE}`);
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.split(/\r?\n/)[0] ?? '';
}

/** `create-operator`: the first operator of a production database (there is no demo there). */
export async function createOperatorCommand(config: AppConfig, argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      email: { type: 'string' },
      mobile: { type: 'string' },
      name: { type: 'string' },
    },
    strict: true,
  });
  if (!values.email || !values.mobile || !values.name) throw new Error(USAGE);
  const password = await readPassword();
  const release = config.databaseUrl ? null : await lockDataDir(config.dataDir);
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: path.join(config.dataDir, 'pglite'),
    poolSize: 2,
  });
  try {
    await prepareSchema(database);
    const id = await createOperator(
      database.db,
      { email: values.email, mobile: values.mobile, displayName: values.name, password },
      new Date(),
    );
    console.log(`Operator ${values.email} created (user id ${id}). Log in at /login.`);
  } catch (err) {
    if (err instanceof DomainError) {
      const problems = err.data?.['problems'];
      throw new Error(
        `Cannot create the operator: ${err.message}${Array.isArray(problems) ? ` (${problems.join(', ')})` : ''}`,
      );
    }
    throw err;
  } finally {
    await database.close();
    await release?.();
  }
}
