import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The PostgreSQL project's order: race, kill and fault files (`*.pg.test.ts`, one to three
 * minutes each) start first, the short HTTP files after them. Two files run at a time, so the
 * short ones then fill in while the long ones end, instead of one long file running alone at
 * the end (a clean clone has no timings, and vitest's default puts larger files first).
 */
export default class RaceFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isRace = (f: TestSpecification) => f.moduleId.endsWith('.pg.test.ts');
    return [...sorted.filter(isRace), ...sorted.filter((f) => !isRace(f))];
  }
}
