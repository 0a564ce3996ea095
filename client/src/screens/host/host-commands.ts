import { useCallback, useState } from 'react';
import type { ClientCommand } from '@leitai/shared';
import { useErrorText, useT } from '../../core/i18n/i18n.ts';
import { useSession } from '../../ui/session-context.tsx';
import { useToasts } from '../../ui/toasts.tsx';

/**
 * Send host commands with feedback: the button that sent one stays busy until the ack, and a
 * refusal or a timeout shows as a toast with the server's message.
 */
export function useHostCommands(): { run: (command: ClientCommand) => void; busy: ReadonlySet<string> } {
  const session = useSession();
  const t = useT();
  const errorText = useErrorText();
  const push = useToasts((s) => s.push);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const run = useCallback(
    (command: ClientCommand) => {
      const key = commandKey(command);
      setBusy((b) => new Set(b).add(key));
      void session.send(command).then((result) => {
        setBusy((b) => {
          const next = new Set(b);
          next.delete(key);
          return next;
        });
        if (result.ok) return;
        push(
          'error',
          result.error.code === 'TIMEOUT' ? t('host.timeout') : t('host.error', { message: errorText(result.error) }),
        );
      });
    },
    [session, push, t, errorText],
  );
  return { run, busy };
}

/** A key naming what a command acts on, to mark the matching button busy. */
export function commandKey(command: ClientCommand): string {
  const type: string = command.type;
  switch (command.type) {
    case 'StartStage':
    case 'FinishStage':
      return `${command.type}:${command.data.stageId}`;
    case 'StartSegment':
    case 'FinishSegment':
      return `${command.type}:${command.data.segmentId}`;
    case 'SetCurrentContestant':
      return `${command.type}:${command.data.contestantId ?? ''}`;
    case 'ChooseScene':
      return `${command.type}:${command.data.scene}`;
    default:
      return type;
  }
}
