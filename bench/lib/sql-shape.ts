import fs from 'node:fs';

/**
 * The shape of a statement: verb, first table, rows inserted, row lock. Two statements with the
 * same shape read or write the same table the same way, whatever their parameters; used to check
 * that a pgbench script still mirrors what the app sends.
 */
export function shapeOf(sqlText: string): string {
  const s = sqlText
    .replace(/\\gset.*$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/;$/, '')
    .toLowerCase();
  const verb = s.split(' ')[0] ?? '';
  const table = /\b(?:from|into|update)\s+"?(\w+)"?/.exec(s)?.[1] ?? '';
  const rows = verb === 'insert' ? ` ×${(s.match(/\),\s*\(/g)?.length ?? 0) + 1}` : '';
  const lock = / for update( of \S+)?$/.test(s) ? ' for update' : '';
  return `${verb}${table ? ` ${table}` : ''}${rows}${lock}`;
}

/** Statements of a pgbench script written one per line (comments and meta-commands skipped). */
export function scriptStatements(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('--') && !l.startsWith('\\'));
}

/** Line-by-line differences between two lists of shapes (empty when they match). */
export function shapeDiff(app: string[], script: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.max(app.length, script.length); i++) {
    if (app[i] !== script[i])
      out.push(`${i + 1}. app: ${app[i] ?? '(none)'} | script: ${script[i] ?? '(none)'}`);
  }
  return out;
}
