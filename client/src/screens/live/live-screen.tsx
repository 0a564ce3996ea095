import { useEffect, useRef, useState } from 'react';
import {
  COMMENT_COLORS,
  MAX_COMMENT_CHARS,
  MAX_LIKES_PER_MESSAGE,
  MAX_NICKNAME_CHARS,
  type Ack,
  type CommentColor,
  type ContestState,
  type DomainError,
} from '@leitai/shared';
import {
  currentContestant,
  currentSegment,
  currentStage,
  rosterContestants,
  rosterStage,
} from '../../core/contest-view.ts';
import { useT } from '../../core/i18n/i18n.ts';
import { Avatar } from '../../ui/avatar.tsx';
import { ConnectionStatus } from '../../ui/connection-status.tsx';
import { LocaleToggle } from '../../ui/locale-toggle.tsx';
import { ScreenGate } from '../../ui/screen-gate.tsx';
import { useAudienceT } from '../../ui/danmaku/audience-i18n.ts';
import { COLOR_FILL } from '../../ui/danmaku/colors.ts';
import { useAudience, useAudienceFeed } from '../../ui/danmaku/use-audience.ts';

/** The audience's phone page: what is on stage, comments, likes, cheers and play-along. */
export function LiveScreen() {
  return <ScreenGate>{(contest) => <LivePage contest={contest} />}</ScreenGate>;
}

/** Milliseconds to wait after a refusal: the error's typed `retryAfterMs`, else a polite default. */
const retryMs = (error: DomainError): number => error.retryAfterMs ?? 3000;

function LivePage({ contest }: { contest: ContestState }) {
  const t = useT();
  const { definition } = contest;
  const stage = currentStage(contest);
  const segment = currentSegment(contest);
  const onStage = currentContestant(contest);
  useEffect(() => {
    document.title = definition.title;
  }, [definition.title]);

  return (
    <div className="live">
      <header className="live-top">
        <span className="live-brand">{t('app.name')}</span>
        <LocaleToggle />
      </header>

      <section className="live-hero">
        {definition.organiser && <p className="live-organiser">{definition.organiser}</p>}
        <h1 data-testid="contest-title">{definition.title}</h1>
        {definition.subtitle && <p className="live-subtitle">{definition.subtitle}</p>}
      </section>

      <section className="live-card live-now" data-testid="now">
        <h2>{t('live.current')}</h2>
        {stage ? (
          <p className="live-now-line">
            <strong>{stage.name}</strong>
            {segment && (
              <>
                <span className="live-sep">·</span>
                <span>{segment.name}</span>
                <span className="live-kind">{t(`kind.${segment.kind}`)}</span>
              </>
            )}
          </p>
        ) : (
          <p className="live-now-line live-muted">{t('live.waiting')}</p>
        )}
      </section>

      {onStage && (
        <section className="live-card live-onstage" data-testid="on-stage" key={onStage.id}>
          <h2>{t('live.onStage')}</h2>
          <div className="live-onstage-body">
            <Avatar name={onStage.name} photo={onStage.photo} className="live-avatar" />
            <div>
              <p className="live-onstage-name">
                <span className="live-seat">{onStage.seatNumber}</span>
                {onStage.name}
              </p>
              <p className="live-onstage-org">{onStage.organisation}</p>
            </div>
          </div>
        </section>
      )}

      <PlayAlongCard />
      <CheerCard contest={contest} />
      <RecentComments />
      <footer className="live-foot">
        <ConnectionStatus />
      </footer>
      <Composer />
    </div>
  );
}

function NicknameLine() {
  const t = useAudienceT();
  const feed = useAudienceFeed();
  const nickname = useAudience((s) => s.me?.nickname ?? '');
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState('');
  const save = async () => {
    const r = await feed.request<{ nickname: string }>('audience:nickname', { nickname: value });
    if (r.ok) {
      feed.store.setState((s) => ({ me: s.me ? { ...s.me, nickname: r.nickname } : s.me }));
      setEditing(false);
      setProblem('');
    } else
      setProblem(
        r.error.code === 'RATE_LIMITED'
          ? t('aud.wait', { s: Math.ceil(retryMs(r.error) / 1000) })
          : t('aud.nicknameBad'),
      );
  };
  if (editing) {
    return (
      <form
        className="live-nick live-nick-edit"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <input
          value={value}
          maxLength={MAX_NICKNAME_CHARS}
          onChange={(e) => setValue(e.target.value)}
          aria-label={t('aud.nickname')}
          data-testid="nickname-input"
          autoFocus
        />
        <button type="submit" data-testid="nickname-save">
          {t('aud.save')}
        </button>
        <button type="button" className="live-linkbtn" onClick={() => setEditing(false)}>
          {t('aud.cancel')}
        </button>
        {problem && <span className="live-problem">{problem}</span>}
      </form>
    );
  }
  return (
    <div className="live-nick">
      <span className="live-nick-label">{t('aud.nickname')}</span>
      <strong data-testid="nickname">{nickname}</strong>
      <button
        type="button"
        className="live-linkbtn"
        data-testid="nickname-edit"
        onClick={() => {
          setValue(nickname);
          setEditing(true);
        }}
      >
        {t('aud.changeNickname')}
      </button>
    </div>
  );
}

/** The sticky bottom bar: nickname, comment box with colours, and the like button. */
function Composer() {
  const t = useAudienceT();
  const feed = useAudienceFeed();
  const mode = useAudience((s) => s.mode);
  const [text, setText] = useState('');
  const [color, setColor] = useState<CommentColor>('white');
  const [note, setNote] = useState<{ text: string; kind: 'ok' | 'warn' } | null>(null);
  const [waitUntil, setWaitUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (waitUntil <= now) return;
    const id = setTimeout(() => setNow(Date.now()), 250);
    return () => clearTimeout(id);
  }, [waitUntil, now]);
  const waitS = Math.ceil((waitUntil - now) / 1000);
  const closed = mode === 'closed';
  const tooLong = [...text].length > MAX_COMMENT_CHARS;

  const send = async () => {
    const body = text.trim();
    if (!body || tooLong || waitS > 0 || closed) return;
    const r = await feed.request<{ id: string; status: 'shown' | 'queued' }>('audience:comment', { text: body, color });
    const at = Date.now();
    setNow(at);
    if (r.ok) {
      // Clear only what was sent: a phone may have typed the next comment while this one was on its way.
      setText((current) => (current.trim() === body ? '' : current));
      setNote({ text: r.status === 'queued' ? t('aud.queued') : t('aud.sent'), kind: 'ok' });
      return;
    }
    switch (r.error.code) {
      case 'RATE_LIMITED':
        setWaitUntil(at + retryMs(r.error));
        setNote(null);
        return;
      case 'FORBIDDEN':
        setNote({ text: r.error.refusal === 'muted' ? t('aud.muted') : t('aud.blocked'), kind: 'warn' });
        return;
      case 'INVALID_STATE':
        setNote({ text: t('aud.closed'), kind: 'warn' });
        return;
      default:
        setNote({ text: t('aud.failed'), kind: 'warn' });
    }
  };

  return (
    <div className="live-dock" data-testid="composer">
      <NicknameLine />
      <form
        className="live-compose"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <input
          className="live-compose-input"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={closed ? t('aud.closed') : t('aud.commentPlaceholder')}
          disabled={closed}
          maxLength={MAX_COMMENT_CHARS * 2}
          enterKeyHint="send"
          data-testid="comment-input"
          style={{ color: color === 'white' ? undefined : COLOR_FILL[color] }}
        />
        <button
          type="submit"
          className="live-send"
          disabled={closed || waitS > 0 || !text.trim() || tooLong}
          data-testid="comment-send"
        >
          {waitS > 0 ? `${waitS}s` : t('aud.send')}
        </button>
        <LikeButton />
      </form>
      <div className="live-compose-foot">
        <span className="live-colors" role="radiogroup" aria-label={t('aud.color')}>
          {COMMENT_COLORS.map((c) => (
            <button
              type="button"
              key={c}
              role="radio"
              aria-checked={color === c}
              aria-label={t(`aud.color.${c}`)}
              className={`live-color ${color === c ? 'is-on' : ''}`}
              style={{ background: COLOR_FILL[c] }}
              onClick={() => setColor(c)}
              data-testid={`color-${c}`}
            />
          ))}
        </span>
        <span
          className={`live-note ${waitS > 0 || note?.kind === 'warn' ? 'is-warn' : ''}`}
          data-testid="comment-note"
          aria-live="polite"
        >
          {tooLong
            ? t('aud.tooLong', { n: MAX_COMMENT_CHARS })
            : waitS > 0
              ? t('aud.wait', { s: waitS })
              : (note?.text ?? '')}
        </span>
      </div>
    </div>
  );
}

/** Taps are counted here and sent a few times a second as one count (bursts welcome). */
function LikeButton() {
  const t = useAudienceT();
  const feed = useAudienceFeed();
  const likes = useAudience((s) => s.likes);
  const pending = useRef(0);
  const [local, setLocal] = useState(0);
  const [pop, setPop] = useState(0);
  useEffect(() => {
    const id = setInterval(() => {
      const count = Math.min(pending.current, MAX_LIKES_PER_MESSAGE);
      if (count === 0) return;
      pending.current -= count;
      void feed.request<{ accepted: number }>('audience:like', { count }).then((r: Ack<{ accepted: number }>) => {
        // The server's total includes accepted taps; refused ones are simply dropped.
        setLocal((n) => Math.max(0, n - count));
        void r;
      });
    }, 300);
    return () => clearInterval(id);
  }, [feed]);
  return (
    <button
      type="button"
      className="live-like"
      data-testid="like-button"
      aria-label={t('aud.likes')}
      onClick={() => {
        pending.current += 1;
        setLocal((n) => n + 1);
        setPop((n) => n + 1);
      }}
    >
      <span className="live-like-heart" key={pop}>
        ♥
      </span>
      <span className="live-like-n" data-testid="like-count">
        {formatCount(likes + local)}
      </span>
    </button>
  );
}

const formatCount = (n: number): string => (n >= 10000 ? `${(n / 10000).toFixed(1)}万` : String(n));

function CheerCard({ contest }: { contest: ContestState }) {
  const t = useAudienceT();
  const feed = useAudienceFeed();
  const cheers = useAudience((s) => s.cheers);
  const me = useAudience((s) => s.me);
  const stage = rosterStage(contest);
  const roster = rosterContestants(contest);
  const picked = stage ? me?.cheers[stage.id] : undefined;
  const max = Math.max(1, ...roster.map((c) => cheers.counts[c.id] ?? 0));
  const cheer = async (contestantId: string) => {
    const r = await feed.request('audience:cheer', { contestantId });
    if (r.ok && stage) {
      feed.store.setState((s) =>
        s.me ? { me: { ...s.me, cheers: { ...s.me.cheers, [stage.id]: contestantId } } } : {},
      );
    }
  };
  return (
    <section className="live-card" data-testid="cheer-card">
      <h2>
        {t('aud.cheers')}
        {stage && <small>{stage.name}</small>}
      </h2>
      <ol className="live-roster">
        {roster.map((c) => {
          const n = cheers.counts[c.id] ?? 0;
          return (
            <li key={c.id} className={c.id === contest.currentContestantId ? 'is-current' : ''}>
              <span className="live-seat">{c.seatNumber}</span>
              <span className="live-cheer-who">
                <span className="live-roster-name">{c.name}</span>
                <span className="live-cheer-bar">
                  <span style={{ width: `${(n / max) * 100}%` }} />
                </span>
              </span>
              <span className="live-cheer-n">{n}</span>
              <button
                type="button"
                className={`live-cheer-btn ${picked === c.id ? 'is-picked' : ''}`}
                disabled={picked !== undefined}
                onClick={() => void cheer(c.id)}
                data-testid={`cheer-${c.id}`}
              >
                {picked === c.id ? t('aud.cheered') : t('aud.cheer')}
              </button>
            </li>
          );
        })}
      </ol>
      <p className="live-hint">{t('aud.cheerHint')}</p>
    </section>
  );
}

/** The play-along card: the question comes with the round in the audience frame (the phone holds no question bank). */
function PlayAlongCard() {
  const t = useAudienceT();
  const feed = useAudienceFeed();
  const round = useAudience((s) => s.playAlong);
  const me = useAudience((s) => s.me);
  const board = useAudience((s) => s.leaderboard);
  // Keys picked for a multiple-choice question, for the round they were picked in.
  const [pick, setPick] = useState<{ roundId: string; keys: string[] } | null>(null);
  const roundId = round?.roundId ?? '';
  const picked = pick?.roundId === roundId ? pick.keys : [];
  const setPicked = (update: (keys: string[]) => string[]) => setPick({ roundId, keys: update(picked) });
  const q = round?.question;
  if (!round || !q) return null;
  const options =
    q.kind === 'truefalse'
      ? [
          { key: 'true', text: t('aud.true') },
          { key: 'false', text: t('aud.false') },
        ]
      : q.options;
  const mine = me?.roundAnswer ?? null;
  const submit = async (answer: string[]) => {
    const r = await feed.request('playalong:answer', { roundId: round.roundId, answer });
    if (r.ok || r.error.code === 'CONFLICT') {
      feed.store.setState((s) => (s.me ? { me: { ...s.me, roundAnswer: answer } } : {}));
    }
  };
  const label = (keys: readonly string[]) =>
    keys.map((k) => (q.kind === 'truefalse' ? t(k === 'true' ? 'aud.true' : 'aud.false') : k)).join('、');
  const right = mine && round.answer ? [...mine].sort().join() === [...round.answer].sort().join() : false;
  return (
    <section className="live-card live-play" data-testid="play-along">
      <h2>
        {t('aud.playAlong')}
        <small>{t('aud.answers', { count: round.answers })}</small>
      </h2>
      <p className="live-play-q">{q.text}</p>
      <div className="live-play-options">
        {options.map((o) => {
          const chosen = (mine ?? picked).includes(o.key);
          const correct = round.answer?.includes(o.key) ?? false;
          return (
            <button
              type="button"
              key={o.key}
              disabled={!round.open || mine !== null}
              className={`live-option ${chosen ? 'is-chosen' : ''} ${round.answer && correct ? 'is-correct' : ''}`}
              data-testid={`option-${o.key}`}
              onClick={() => {
                if (q.kind === 'multiple')
                  setPicked((p) => (p.includes(o.key) ? p.filter((k) => k !== o.key) : [...p, o.key]));
                else void submit([o.key]);
              }}
            >
              {q.kind !== 'truefalse' && <span className="live-option-key">{o.key}</span>}
              <span>{o.text}</span>
              {round.tally && <span className="live-option-n">{round.tally[o.key] ?? 0}</span>}
            </button>
          );
        })}
      </div>
      {q.kind === 'multiple' && round.open && mine === null && (
        <button
          type="button"
          className="live-submit"
          disabled={picked.length === 0}
          onClick={() => void submit(picked)}
          data-testid="play-submit"
        >
          {t('aud.submit')}
        </button>
      )}
      <p
        className={`live-play-result ${round.answer ? (right ? 'is-right' : 'is-wrong') : ''}`}
        data-testid="play-result"
      >
        {round.open
          ? mine
            ? t('aud.answered')
            : ''
          : `${mine ? (right ? t('aud.right') : t('aud.wrong')) : t('aud.missed')} · ${t('aud.correctAnswer', { answer: label(round.answer ?? []) })}`}
      </p>
      {me && (
        <p className="live-hint" data-testid="my-score">
          {t('aud.myScore', { points: me.points, answered: me.answered })}
        </p>
      )}
      {!round.open && board.length > 0 && (
        <ol className="live-board" data-testid="live-leaderboard">
          {board.slice(0, 5).map((r) => (
            <li key={`${r.rank}-${r.nickname}`} className={r.nickname === me?.nickname ? 'is-me' : ''}>
              <span className="live-seat">{r.rank}</span>
              <span className="live-board-name">{r.nickname}</span>
              <span>{t('aud.points', { points: r.points })}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function RecentComments() {
  const t = useAudienceT();
  const recent = useAudience((s) => s.recent);
  const pinned = useAudience((s) => s.pinned);
  const shown = recent.slice(-8).reverse();
  return (
    <section className="live-card" data-testid="recent-comments">
      <h2>{t('aud.recent')}</h2>
      {pinned && (
        <p className="live-pinned">
          📌 <b>{pinned.nickname}</b>：{pinned.text}
        </p>
      )}
      {shown.length === 0 ? (
        <p className="live-hint">{t('aud.noComments')}</p>
      ) : (
        <ul className="live-comments">
          {shown.map((c) => (
            <li key={c.id}>
              <b>{c.nickname}</b>
              <span style={{ color: c.color === 'white' ? undefined : darker(c.color) }}>{c.text}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Comment colours as text on the white card. */
const darker = (c: CommentColor): string =>
  ({ white: 'inherit', gold: '#a97c26', red: '#c0392b', cyan: '#137c8b', green: '#2f7d32' })[c];
