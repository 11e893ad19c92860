/** Child process of runHttpLoad: GETs one path under runLoad with a session's cookies. */
import { serveJob } from './child.js';
import { HttpClient, agent } from './http.js';
import { runLoad, type LoadOptions, type LoadResult } from './load.js';

export interface HttpLoadJob {
  baseUrl: string;
  cookies: [string, string][];
  path: string;
  opts: LoadOptions;
}

serveJob<HttpLoadJob, LoadResult>(async (job) => {
  const client = new HttpClient(job.baseUrl);
  for (const [k, v] of job.cookies) client.cookies.set(k, v);
  const result = await runLoad(job.opts, async () => {
    const res = await client.get(job.path);
    if (res.status !== 200) throw new Error(`${job.path}: ${res.status} ${res.text.slice(0, 120)}`);
  });
  agent.destroy();
  return result;
});
