/**
 * Every command the extension contributes, as one explicit registry sorted by id. A command
 * gets the context rather than the client, because the client may be down or replaced: each
 * command must still do something useful then (restart starts a fresh server, the output
 * channel outlives any client).
 */
import type { Ctx } from './ctx';

export type CommandFactory = (ctx: Ctx) => (...args: unknown[]) => unknown;

/** Sorted by id; `contributes.commands` in package.json lists exactly these ids. */
export const COMMANDS: readonly (readonly [id: string, factory: CommandFactory])[] = [
  ['meshLifecycle.restartServer', (ctx) => () => ctx.restart()],
  ['meshLifecycle.showOutput', (ctx) => () => ctx.output.show(true)],
];
