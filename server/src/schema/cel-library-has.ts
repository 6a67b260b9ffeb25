/**
 * `k8sHas(e.f)`: has() for any receiver expression.
 *
 * cel-js only accepts `has(a.b.c)` rooted at an identifier, while Gateway API writes
 * `has(self[0].matches)`; cel-compile.ts rewrites `has(` to `k8sHas(` when a rule fails to compile
 * for that reason. The macro type-checks its receiver and tests field presence on its value.
 */
import { CelLibraryError } from './cel-library-shared';

interface MacroNode {
  readonly op: string;
  readonly args: readonly unknown[];
}

interface MacroChecker {
  check(node: unknown, ctx: unknown): unknown;
  getType(name: string): unknown;
  createError(code: string, message: string, node: unknown): Error;
}

interface MacroEvaluator {
  run(node: unknown, ctx: unknown): unknown;
}

/** `k8sHas(e.f)`: field presence on the value of any expression `e`. */
export function k8sHasMacro({ args }: { args: readonly MacroNode[] }): object {
  return {
    args,
    async: false,
    typeCheck(checker: MacroChecker, macro: { args: readonly MacroNode[] }, ctx: unknown): unknown {
      const node = macro.args[0]!;
      if (node.op !== '.' || typeof node.args[1] !== 'string') throw checker.createError('invalid_macro_argument', 'k8sHas() invalid argument', node);
      checker.check(node.args[0], ctx);
      return checker.getType('bool');
    },
    evaluate(ev: MacroEvaluator, macro: { args: readonly MacroNode[] }, ctx: unknown): boolean {
      const node = macro.args[0]!;
      const receiver = ev.run(node.args[0], ctx);
      const field = node.args[1] as string;
      if (receiver instanceof Map) return receiver.has(field);
      if (receiver !== null && typeof receiver === 'object' && !Array.isArray(receiver)) {
        return Object.prototype.hasOwnProperty.call(receiver, field) && (receiver as Record<string, unknown>)[field] !== undefined;
      }
      throw new CelLibraryError('k8sHas() on a value that has no fields');
    },
  };
}
