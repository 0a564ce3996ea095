import type { ReactNode } from 'react';
import type { ContestState } from '@leitai/shared';
import { useT, type MessageKey } from '../core/i18n/i18n.ts';
import { useContest, useSession } from './session-context.tsx';

const KNOWN_FAILURES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'PROTOCOL_VERSION',
  'WRONG_SCREEN',
  'NO_TOKEN',
  'NO_JOIN_CODE',
]);

/**
 * Renders its children with the contest state once it has arrived; before that a quiet loading
 * line, and a clear explanation when the link was refused. `quiet` screens (stage, overlay) show
 * nothing but a dark or transparent page while loading.
 */
export function ScreenGate({
  children,
  loading,
  className = '',
}: {
  children: (contest: ContestState) => ReactNode;
  loading?: ReactNode;
  className?: string;
}) {
  const t = useT();
  const { screen } = useSession();
  const failure = useContest((s) => s.failure);
  const contest = useContest((s) => s.contest);
  if (failure) {
    // The audience holds a public code, not a seat: a refusal means the code is wrong.
    const audienceCode = screen === 'live' && (failure.code === 'UNAUTHENTICATED' || failure.code === 'NOT_FOUND');
    const text = audienceCode
      ? t('fail.BAD_JOIN_CODE')
      : KNOWN_FAILURES.has(failure.code)
        ? t(`fail.${failure.code}` as MessageKey)
        : t('fail.other', { message: failure.message || failure.code });
    return (
      <div className={`fail-notice ${className}`} role="alert" data-testid="fail-notice" data-code={failure.code}>
        <h1>{t('fail.title')}</h1>
        <p>{text}</p>
        {screen === 'live' && (
          <a className="fail-action" href="/">
            {t('fail.enterCode')}
          </a>
        )}
        {failure.code === 'PROTOCOL_VERSION' && (
          <button type="button" onClick={() => window.location.reload()}>
            {t('fail.reload')}
          </button>
        )}
      </div>
    );
  }
  if (!contest) {
    return (
      loading ?? (
        <div className={`loading-notice ${className}`} data-testid="loading">
          <span className="loading-spinner" aria-hidden="true" />
          {t('loading')}
        </div>
      )
    );
  }
  return <>{children(contest)}</>;
}
