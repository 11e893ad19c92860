import { fork } from 'node:child_process';

/**
 * Runs one job in a separate Node process (`entry` is a TypeScript module that calls serveJob),
 * so a load generator's event loop and CPU are not those of the server it measures. The child is
 * killed if it has not answered after timeoutMs.
 */
export function runChild<R>(entry: URL, job: unknown, timeoutMs: number): Promise<R> {
  const child = fork(entry, [], { execArgv: ['--import', 'tsx'] });
  return new Promise<R>((resolve, reject) => {
    const guard = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('message', (m) => resolve(m as R));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(guard);
      reject(new Error(`child ${entry.pathname} exited (${code ?? signal}) without a result`));
    });
    child.send(job as object);
  });
}

/** Child side: receives one job, sends back fn's result, exits. */
export function serveJob<J, R>(fn: (job: J) => Promise<R>): void {
  process.once('message', (job: J) => {
    fn(job).then(
      (result) => process.send?.(result as object, () => process.exit(0)),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
