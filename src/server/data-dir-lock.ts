import fs from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';

/**
 * One process per embedded data folder: PGlite is single-writer. The lock is refreshed while
 * the process lives, so a crashed process's lock goes stale and the next start takes it over.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    return await lockfile.lock(dataDir, {
      lockfilePath: path.join(dataDir, 'server.lock'),
      stale: 15_000,
      update: 5_000,
      onCompromised: (err) => {
        console.error(`数据目录锁已失效 / data folder lock lost: ${err.message}`);
        process.exit(1);
      },
    });
  } catch (err) {
    if ((err as { code?: string }).code === 'ELOCKED') {
      throw new Error(
        `另一个 B特派 进程正在使用数据目录 ${dataDir}，请先停止它（或设置 DATA_DIR 使用其他目录）。\n` +
          `Another B特派 process is using the data folder ${dataDir}; stop it first (or set DATA_DIR).`,
      );
    }
    throw err;
  }
}
