import type { ClientCommand, CommandAck, CommandSend } from '@leitai/shared';
import { randomId } from './random-id.ts';

/** Emits `command:send` and resolves with the ack, or rejects when no ack came within `timeoutMs`. */
export type CommandEmitter = (payload: CommandSend, timeoutMs: number) => Promise<CommandAck>;

/** A command's final result: the server's ack, or a client-side timeout after every retry. */
export type CommandResult = CommandAck | { ok: false; error: { code: 'TIMEOUT'; message: string } };

/** Per-attempt ack timeout and attempt count (about half a minute in all before giving up). */
export const COMMAND_RETRY = { timeoutMs: 5000, attempts: 6 } as const;

/** A fresh command id: 24 characters of [A-Za-z0-9_-]. */
export const newCommandId = (): string => randomId(24);

/**
 * Send a command and wait for its ack. A timed-out attempt is retried with the SAME commandId:
 * the server deduplicates, so a command that did arrive is never applied twice.
 */
export async function sendCommand(
  emit: CommandEmitter,
  command: ClientCommand,
  commandId: string = newCommandId(),
  retry: { timeoutMs: number; attempts: number } = COMMAND_RETRY,
): Promise<CommandResult> {
  for (let attempt = 1; attempt <= retry.attempts; attempt++) {
    try {
      return await emit({ commandId, command }, retry.timeoutMs);
    } catch {
      // No ack in time: the command may or may not have arrived; retrying with the same id is safe.
    }
  }
  return { ok: false, error: { code: 'TIMEOUT', message: 'no answer from the server' } };
}
