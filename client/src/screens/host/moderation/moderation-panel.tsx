import { useState } from 'react';
import {
  formatWordEntry,
  parseWordEntry,
  parseWordListText,
  wordListText,
  type CommentMode,
  type ContestState,
  type WordEntryKind,
} from '@leitai/shared';
import { useModerationT } from './moderation-i18n.ts';
import { useAudience } from '../../../ui/danmaku/use-audience.ts';
import { useToasts } from '../../../ui/toasts.tsx';
import { SourceBadge } from '../../../ui/danmaku/source-badge.tsx';
import { SourcesPanel } from './sources-panel.tsx';
import { StreamDelayControl } from './stream-delay-control.tsx';
import { ReviewQueue } from './review-queue.tsx';
import { SenderDrawer } from './sender-drawer.tsx';
import { TrustedSenders } from './trusted-senders.tsx';
import { ModerationCounts } from './moderation-counts.tsx';
import { useModerate } from './use-moderate.ts';
import './moderation.css';

/** The moderator's tab of the host panel: queue, kill switch, mode, word list, play-along, counters. */
export function ModerationPanel({ contest }: { contest: ContestState }) {
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  return (
    <main className="mod-grid" data-testid="moderation">
      <ReviewQueue historyOf={historyOf} onHistory={setHistoryOf} />
      <div className="mod-col">
        <KillSwitch />
        <ModeSwitch />
        <TrustedSenders onHistory={setHistoryOf} />
        <PlayAlongControls contest={contest} />
        <StreamDelayControl contest={contest} />
      </div>
      <div className="mod-col">
        <Counters />
        <RecentlyShown />
        <WordList />
      </div>
      <SourcesPanel />
      {historyOf && <SenderDrawer deviceId={historyOf} onClose={() => setHistoryOf(null)} />}
    </main>
  );
}

function KillSwitch() {
  const t = useModerationT();
  const killed = useAudience((s) => s.killed);
  const moderate = useModerate();
  return (
    <section className={`panel mod-kill ${killed ? 'is-killed' : ''}`}>
      {killed ? (
        <>
          <p className="mod-kill-state" data-testid="kill-state">
            {t('mod.killed')}
          </p>
          <button
            type="button"
            className="btn mod-restore"
            onClick={() => void moderate('moderation:kill', { active: false })}
            data-testid="restore"
          >
            {t('mod.restore')}
          </button>
        </>
      ) : (
        <>
          <button
            type="button"
            className="mod-kill-btn"
            onClick={() => void moderate('moderation:kill', { active: true })}
            data-testid="kill-switch"
          >
            {t('mod.kill')}
          </button>
          <p className="panel-hint">{t('mod.killHint')}</p>
        </>
      )}
    </section>
  );
}

function ModeSwitch() {
  const t = useModerationT();
  const mode = useAudience((s) => s.mode);
  const moderate = useModerate();
  return (
    <section className="panel">
      <h2>{t('mod.mode')}</h2>
      <div className="mod-modes" role="radiogroup">
        {(['review', 'auto', 'closed'] as CommentMode[]).map((m) => (
          <button
            type="button"
            key={m}
            role="radio"
            aria-checked={mode === m}
            className={`mod-mode ${mode === m ? 'is-on' : ''}`}
            onClick={() => void moderate('moderation:mode', { mode: m })}
            data-testid={`mode-${m}`}
          >
            {t(`mod.mode.${m}`)}
          </button>
        ))}
      </div>
    </section>
  );
}

function PlayAlongControls({ contest }: { contest: ContestState }) {
  const t = useModerationT();
  const round = useAudience((s) => s.playAlong);
  const moderate = useModerate();
  const questions = contest.definition.questions.filter((q) => q.kind !== 'open');
  const [questionId, setQuestionId] = useState(questions[0]?.id ?? '');
  const open = round?.open ?? false;
  const right = round?.tally && round.answer ? Math.min(...round.answer.map((k) => round.tally?.[k] ?? 0)) : 0;
  return (
    <section className="panel">
      <h2>{t('mod.playAlong')}</h2>
      <select
        className="mod-select"
        value={questionId}
        onChange={(e) => setQuestionId(e.target.value)}
        disabled={open}
        aria-label={t('mod.pickQuestion')}
        data-testid="playalong-question"
      >
        {questions.map((q) => (
          <option key={q.id} value={q.id}>
            {q.id} · {q.text.slice(0, 36)}
          </option>
        ))}
      </select>
      <div className="mod-row-btns">
        <button
          type="button"
          className="btn"
          disabled={open || !questionId}
          onClick={() => void moderate('playalong:open', { questionId })}
          data-testid="playalong-open"
        >
          {t('mod.open')}
        </button>
        <button
          type="button"
          className="btn btn-quiet"
          disabled={!open}
          onClick={() => void moderate('playalong:close', {})}
          data-testid="playalong-close"
        >
          {t('mod.close')}
        </button>
      </div>
      {round && (
        <p className="panel-note" data-testid="playalong-state">
          {round.questionId} ·{' '}
          {round.open
            ? t('mod.roundOpen', { count: round.answers })
            : t('mod.roundClosed', { right, count: round.answers })}
        </p>
      )}
    </section>
  );
}

function Counters() {
  const t = useModerationT();
  const stats = useAudience((s) => s.stats);
  const likes = useAudience((s) => s.likes);
  if (!stats) return null;
  const items: [string, number][] = [
    [t('mod.stat.sockets'), stats.sockets],
    [t('mod.stat.likes'), likes],
    [t('mod.stat.posted'), stats.posted],
    [t('mod.stat.approved'), stats.approved],
    [t('mod.stat.rejected'), stats.rejected],
    [t('mod.stat.blocked'), stats.blocked],
    [t('mod.stat.rateLimited'), stats.rateLimited],
    [t('mod.stat.cutOff'), stats.cutOff],
    [t('mod.stat.banned'), stats.banned],
  ];
  return (
    <section className="panel">
      <h2>{t('mod.stats')}</h2>
      <dl className="mod-stats" data-testid="mod-stats">
        {items.map(([label, n]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{n.toLocaleString('zh-CN')}</dd>
          </div>
        ))}
      </dl>
      <ModerationCounts stats={stats} />
    </section>
  );
}

function RecentlyShown() {
  const t = useModerationT();
  const recent = useAudience((s) => s.recent);
  const pinned = useAudience((s) => s.pinned);
  const moderate = useModerate();
  const rows = recent.slice(-6).reverse();
  return (
    <section className="panel">
      <h2>{t('mod.shown')}</h2>
      <ul className="mod-shown">
        {rows.map((c) => (
          <li key={c.id}>
            <span className="mod-text">
              <SourceBadge source={c.source} />
              <span className="mod-nick">{c.nickname}</span>
              {c.text}
            </span>
            {pinned?.id === c.id ? (
              <button
                type="button"
                className="btn btn-small btn-quiet"
                onClick={() => void moderate('moderation:pin', { commentId: null })}
              >
                {t('mod.unpin')}
              </button>
            ) : (
              <button
                type="button"
                className="btn btn-small btn-quiet"
                onClick={() => void moderate('moderation:pin', { commentId: c.id })}
                data-testid="pin"
              >
                {t('mod.pin')}
              </button>
            )}
            <button
              type="button"
              className="btn btn-small btn-quiet mod-ban"
              onClick={() => void moderate('moderation:ban', { commentId: c.id })}
            >
              {t('mod.ban')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

const KINDS: readonly WordEntryKind[] = ['refuse', 'review', 'allow'];

/** Download `text` as a file (the organiser's word list, for next time or another contest). */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The word list: entries that refuse, hold for review, or allow an ordinary phrase (the text
 * syntax of shared/src/audience/word-entries.ts), added one by one or imported and exported as
 * a text file.
 */
function WordList() {
  const t = useModerationT();
  const words = useAudience((s) => s.words);
  const moderate = useModerate();
  const push = useToasts((s) => s.push);
  const [word, setWord] = useState('');
  const [kind, setKind] = useState<WordEntryKind>('refuse');
  const add = async (list: string[]) => {
    const clean = list.filter((w) => w.length <= 32);
    if (clean.length === 0) return;
    for (let i = 0; i < clean.length; i += 2000) {
      if (!(await moderate('moderation:words', { add: clean.slice(i, i + 2000) }))) return;
    }
    if (list.length > 1) push('info', t('mod.imported', { count: clean.length }));
  };
  return (
    <section className="panel">
      <h2>
        {t('mod.words')} <small>{t('mod.wordsCount', { count: words.length })}</small>
      </h2>
      <form
        className="mod-word-form"
        onSubmit={(e) => {
          e.preventDefault();
          const text = word.trim();
          if (!text) return;
          void add([formatWordEntry({ kind, text })]).then(() => setWord(''));
        }}
      >
        <input
          value={word}
          onChange={(e) => setWord(e.target.value)}
          placeholder={t('mod.wordPlaceholder')}
          maxLength={31}
          data-testid="word-input"
        />
        <select
          value={kind}
          onChange={(e) => setKind(e.target.value as WordEntryKind)}
          aria-label={t('mod.kindLabel')}
          data-testid="word-kind"
        >
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`mod.kind.${k}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="btn btn-small" data-testid="word-add">
          {t('mod.addWord')}
        </button>
        <label className="btn btn-small btn-quiet mod-import">
          {t('mod.import')}
          <input
            type="file"
            accept=".txt,text/plain"
            data-testid="word-import"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void file.text().then((text) => add(parseWordListText(text)));
            }}
          />
        </label>
        <button
          type="button"
          className="btn btn-small btn-quiet"
          data-testid="word-export"
          onClick={() => download('leitai-words.txt', wordListText(words, [t('mod.exportHeader')]))}
        >
          {t('mod.export')}
        </button>
      </form>
      <p className="mod-words-help">{t('mod.wordsHelp')}</p>
      <ul className="mod-words" data-testid="word-list">
        {words.map((w) => {
          const entry = parseWordEntry(w);
          const k = entry?.kind ?? 'refuse';
          return (
            <li key={w} className={`mod-word-${k}`} title={t(`mod.kind.${k}`)} data-kind={k}>
              {k !== 'refuse' && <span className="mod-word-kind">{t(`mod.kind.${k}`)}</span>}
              {entry?.text ?? w}
              <button
                type="button"
                aria-label={`${t('mod.remove')} ${w}`}
                onClick={() => void moderate('moderation:words', { remove: [w] })}
              >
                ×
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
