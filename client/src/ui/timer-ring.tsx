import { WARNING_MS } from '../core/knowledge-view.ts';
import './timer-ring.css';

/** A countdown ring: the arc shrinks as time runs out; red in the last seconds. */
export function TimerRing({
  left,
  total,
  size = 260,
  label,
  testId = 'timer-ring',
}: {
  left: number;
  total: number;
  size?: number;
  label?: string;
  testId?: string;
}) {
  const r = 45;
  const c = 2 * Math.PI * r;
  const share = total > 0 ? Math.min(1, Math.max(0, left / total)) : 0;
  const seconds = Math.ceil(left / 1000);
  const warn = left <= WARNING_MS;
  return (
    <div
      className={`kq-ring ${warn ? 'is-warning' : ''} ${left === 0 ? 'is-over' : ''}`}
      style={{ width: size, height: size }}
      data-testid={testId}
      data-seconds={seconds}
    >
      <svg viewBox="0 0 100 100" aria-hidden="true">
        <circle className="kq-ring-track" cx="50" cy="50" r={r} />
        <circle
          className="kq-ring-arc"
          cx="50"
          cy="50"
          r={r}
          strokeDasharray={c}
          strokeDashoffset={c * (1 - share)}
          transform="rotate(-90 50 50)"
        />
      </svg>
      <div className="kq-ring-text">
        <strong>{seconds}</strong>
        {label && <span>{label}</span>}
      </div>
    </div>
  );
}
