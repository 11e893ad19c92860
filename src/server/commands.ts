/**
 * The commands of `node dist/server/main.js <command>`: what the container image, the compose
 * file and the tests run. Kept apart from main.ts (which runs on import) so tests can read it.
 */
export const COMMANDS = ['serve', 'worker', 'sandbox-pay', 'migrate', 'create-operator'] as const;
export type CommandName = (typeof COMMANDS)[number];
