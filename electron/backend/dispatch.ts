// Validates a call's arguments at the boundary and runs its handler. Shared by Electron's
// IPC wiring and the test harness, so both exercise exactly the same checks.
import {
  type CallArgs,
  type CallHandlers,
  type CallName,
  type CallResult,
  callArgs,
} from '#common/contract.ts';
import { fail } from '#common/result.ts';
import type { Logger } from './log.ts';

export interface Dispatch {
  /** Typed use, from tests and the CLI. */
  <K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>>;
  /** Untyped use, from IPC: anything may arrive, and is checked. */
  (name: string, args: unknown): Promise<CallResult<CallName>>;
}

const isCallName = (name: string): name is CallName => Object.hasOwn(callArgs, name);

export function createDispatch(handlers: CallHandlers, log: Logger): Dispatch {
  return async (name: string, args: unknown): Promise<CallResult<CallName>> => {
    if (!isCallName(name)) return fail('bad_input', `Unknown call "${name}".`);
    const parsed = callArgs[name].safeParse(args);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || undefined;
      return fail('bad_input', 'The app sent a request it should not have.', {
        ...(field ? { field } : {}),
        detail: issue?.message,
      });
    }
    try {
      const handler = handlers[name] as (a: unknown) => Promise<CallResult<CallName>>;
      return await handler(parsed.data);
    } catch (error) {
      // A handler should never throw; if one does, the person still gets an answer.
      log.error(`call ${name} threw`, error);
      return fail('internal', 'Something went wrong inside the app.', {
        detail: error instanceof Error ? error.message : String(error),
      });
    }
  };
}
