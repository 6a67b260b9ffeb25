/**
 * Entry point. Deliberately tiny: everything the extension owns lives in `Ctx`, so activation
 * and deactivation are one line each and nothing is left behind on reload.
 */
import type * as vscode from 'vscode';
import { Ctx, type Api } from './ctx';

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<Api> {
  ctx = new Ctx(context);
  // Activation must not fail when the server does: the commands and the status item stay usable.
  await ctx.start();
  return ctx.api;
}

export async function deactivate(): Promise<void> {
  await ctx?.dispose();
  ctx = undefined;
}
