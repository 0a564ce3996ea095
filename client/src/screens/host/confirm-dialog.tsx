import { useEffect, useRef, type ReactNode } from 'react';
import { useT } from '../../core/i18n/i18n.ts';
import { normaliseKey } from './key-table.ts';

/**
 * Asks before a destructive host action (finish a segment or stage, lock scores, restart a timer).
 * Cancel holds the focus, so a stray Enter or Space cancels; Esc cancels; only a click on the
 * confirm button, or `confirmKey` pressed again (L for lock), goes ahead.
 */
export function ConfirmDialog({
  text,
  okLabel,
  confirmKey,
  onConfirm,
  onClose,
  testId = 'confirm',
  children,
}: {
  text: string;
  okLabel: string;
  confirmKey?: string;
  onConfirm: () => void;
  onClose: () => void;
  testId?: string;
  children?: ReactNode;
}) {
  const t = useT();
  const latest = useRef({ onConfirm, onClose });
  // Focus Cancel by hand: the autofocus attribute works once per document (Preact renders it as
  // the attribute), and a dialog opened later would leave the focus where it was.
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    cancelRef.current?.focus();
  }, []);
  useEffect(() => {
    latest.current = { onConfirm, onClose };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopImmediatePropagation();
        latest.current.onClose();
      } else if (confirmKey && !e.repeat && normaliseKey(e.key) === confirmKey) {
        e.preventDefault();
        e.stopImmediatePropagation();
        latest.current.onConfirm();
        latest.current.onClose();
      }
    };
    // Capture: the dialog answers before the panel's own shortcuts see the key.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [confirmKey]);
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div
        className="dialog dialog-confirm"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        data-testid={testId}
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id="confirm-title">{t('confirm.title')}</h2>
        <p className="dialog-text" data-testid={`${testId}-text`}>
          {text}
        </p>
        {children}
        <div className="dialog-actions">
          <button
            type="button"
            className="btn btn-quiet"
            onClick={onClose}
            ref={cancelRef}
            data-testid={`${testId}-cancel`}
          >
            {t('confirm.cancel')} <kbd>Esc</kbd>
          </button>
          <button
            type="button"
            className="btn btn-warn"
            onClick={() => {
              onConfirm();
              onClose();
            }}
            data-testid={`${testId}-ok`}
          >
            {okLabel}
            {confirmKey && <kbd>{confirmKey.toUpperCase()}</kbd>}
          </button>
        </div>
      </div>
    </div>
  );
}
