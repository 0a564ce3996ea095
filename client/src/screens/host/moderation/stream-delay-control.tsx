import { useState } from 'react';
import { MAX_STREAM_DELAY_SECONDS, type ContestState } from '@leitai/shared';
import { useT } from '../../../core/i18n/i18n.ts';
import { useHostCommands } from '../host-commands.ts';

/**
 * The play-along stream delay: how far the livestream runs behind the stage. The audience's
 * play-along question and answer reach stream viewers' phones this much later (hall phones on the
 * `?hall=1` link stay live); changeable on the fly, recorded in the contest's log.
 */
export function StreamDelayControl({ contest }: { contest: ContestState }) {
  const t = useT();
  const { run, busy } = useHostCommands();
  const current = contest.knowledge.streamDelaySeconds ?? 0;
  const [draft, setDraft] = useState<string | null>(null);
  const value = draft ?? String(current);
  const seconds = Number(value);
  const valid = /^\d{1,2}$/.test(value) && seconds <= MAX_STREAM_DELAY_SECONDS;
  return (
    <section className="panel" data-testid="stream-delay">
      <h2>{t('sd.title')}</h2>
      <p className="panel-note">{t('sd.note')}</p>
      <form
        className="mod-row-btns"
        onSubmit={(e) => {
          e.preventDefault();
          if (!valid) return;
          run({ type: 'SetStreamDelay', data: { seconds } });
          setDraft(null);
        }}
      >
        <label className="sd-field">
          <input
            type="number"
            min={0}
            max={MAX_STREAM_DELAY_SECONDS}
            value={value}
            onChange={(e) => setDraft(e.target.value)}
            aria-invalid={!valid}
            data-testid="stream-delay-input"
          />
          {t('sd.seconds')}
        </label>
        <button
          type="submit"
          className="btn"
          disabled={!valid || busy.has('SetStreamDelay') || (draft === null && seconds === current)}
          data-testid="stream-delay-set"
        >
          {t('sd.set')}
        </button>
      </form>
      {!valid && <p className="field-error">{t('sd.invalid', { max: MAX_STREAM_DELAY_SECONDS })}</p>}
      <p className="panel-note" data-testid="stream-delay-now">
        {current > 0 ? t('sd.now', { s: current }) : t('sd.off')}
      </p>
    </section>
  );
}
