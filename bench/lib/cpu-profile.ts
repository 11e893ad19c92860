import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time by where the code lives: a package under node_modules, src/…, node internals. */
  byOwner: { owner: string; ms: number; share: number }[];
  /** Functions with the most self time. */
  top: { fn: string; owner: string; ms: number; share: number }[];
}

function ownerOf(url: string, fn: string): string {
  if (url === '') return fn === '(garbage collector)' ? 'GC' : fn.startsWith('(') ? fn : 'native';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  const src = /\/src\/([^/]+\/(?:[^/]+\/)?)/.exec(url)?.[1];
  if (src) return `src/${src}`;
  if (url.startsWith('node:')) return 'node internals';
  return url.replace(/^.*\//, '');
}

/** Samples the CPU of this process (V8's profiler through the inspector) while fn runs. */
export async function profileCpu<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; profile: ProfileSummary }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    const settled = await fn().then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const { profile } = (await session.post('Profiler.stop')) as {
      profile: { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] };
    };
    if (!settled.ok) throw settled.error instanceof Error ? settled.error : new Error('failed');
    const result = settled.value;
    const samples = profile.samples.length;
    const msPerSample = (profile.endTime - profile.startTime) / 1000 / Math.max(1, samples);
    const owners = new Map<string, number>();
    const fns = new Map<string, { owner: string; hits: number }>();
    let busy = 0;
    for (const n of profile.nodes) {
      const hits = n.hitCount ?? 0;
      const { functionName, url, lineNumber } = n.callFrame;
      if (hits === 0 || functionName === '(idle)' || functionName === '(program)') continue;
      busy += hits;
      const owner = ownerOf(url, functionName);
      owners.set(owner, (owners.get(owner) ?? 0) + hits);
      const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\//, '')}:${lineNumber + 1}`;
      const f = fns.get(key) ?? { owner, hits: 0 };
      f.hits += hits;
      fns.set(key, f);
    }
    return {
      result,
      profile: {
        totalMs: busy * msPerSample,
        byOwner: [...owners]
          .sort((a, b) => b[1] - a[1])
          .map(([owner, hits]) => ({ owner, ms: hits * msPerSample, share: hits / busy })),
        top: [...fns]
          .sort((a, b) => b[1].hits - a[1].hits)
          .slice(0, 15)
          .map(([fn, f]) => ({
            fn,
            owner: f.owner,
            ms: f.hits * msPerSample,
            share: f.hits / busy,
          })),
      },
    };
  } finally {
    await session.post('Profiler.disable').catch(() => undefined);
    session.disconnect();
  }
}
