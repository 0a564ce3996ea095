import { expect, test } from 'vitest';
import type { CommandAck, CommandSend } from '@leitai/shared';
import { newCommandId, sendCommand } from './command-sender.ts';

const command = { type: 'ChooseScene', data: { scene: 'roster' } } as const;
const fast = { timeoutMs: 5, attempts: 3 };

test('returns the ack of the first answered attempt', async () => {
  const sent: CommandSend[] = [];
  const ack = await sendCommand(
    (payload) => {
      sent.push(payload);
      return Promise.resolve({ ok: true, position: 7 });
    },
    command,
    'cmd-0001-abcdefgh',
    fast,
  );
  expect(ack).toEqual({ ok: true, position: 7 });
  expect(sent).toEqual([{ commandId: 'cmd-0001-abcdefgh', command }]);
});

test('retries a timed-out command with the same commandId', async () => {
  const ids: string[] = [];
  const ack = await sendCommand(
    (payload): Promise<CommandAck> => {
      ids.push(payload.commandId);
      if (ids.length < 3) return Promise.reject(new Error('operation has timed out'));
      return Promise.resolve({ ok: true, position: 3 });
    },
    command,
    undefined,
    fast,
  );
  expect(ack.ok).toBe(true);
  expect(ids).toHaveLength(3);
  expect(new Set(ids).size).toBe(1);
});

test('gives up with TIMEOUT after the last attempt', async () => {
  let attempts = 0;
  const ack = await sendCommand(
    () => {
      attempts++;
      return Promise.reject(new Error('operation has timed out'));
    },
    command,
    undefined,
    fast,
  );
  expect(attempts).toBe(3);
  expect(ack).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
});

test('passes a refusal through without retrying', async () => {
  let attempts = 0;
  const ack = await sendCommand(
    (): Promise<CommandAck> => {
      attempts++;
      return Promise.resolve({ ok: false, error: { code: 'INVALID_STATE', message: 'segment is not running' } });
    },
    command,
    undefined,
    fast,
  );
  expect(attempts).toBe(1);
  expect(ack).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
});

test('command ids fit the protocol: 16-32 characters of [A-Za-z0-9_-]', () => {
  const id = newCommandId();
  expect(id).toMatch(/^[A-Za-z0-9_-]{16,32}$/);
  expect(newCommandId()).not.toBe(id);
});
