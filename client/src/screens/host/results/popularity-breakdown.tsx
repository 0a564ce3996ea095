/**
 * How the popularity award (人气奖) count was formed, for the host: per contestant the cheers
 * cast (raw), those counted after the per-address cap (capped), their weight by device age and
 * burst (weighted), the platform likes' votes, the total recorded, and the addresses with most
 * counted cheers with their share. From the moderation frame's `popularity` (the server's
 * weighPopularity over the cheer stage now; shared/src/audience/popularity-weights.ts).
 */
import { useMemo } from 'react';
import type { PopularityBreakdown as Breakdown } from '@leitai/shared';
import { useLocale } from '../../../core/i18n/i18n.ts';
import { useAudience } from '../../../ui/danmaku/use-audience.ts';
import { fill } from '../../../ui/danmaku/audience-i18n.ts';
import './popularity-breakdown.css';

const zh = {
  title: '票数构成',
  help: '原始：收到的助力；封顶：每个地址最多计 {cap} 票；加权：新设备与集中投票的票减半计；合计 = 加权 + 平台点赞折票，即锁定时写入记录的票数。',
  name: '选手',
  raw: '原始',
  capped: '封顶后',
  weighted: '加权',
  likes: '点赞折票',
  total: '合计',
  top: '来源最多的地址（占封顶后票数）',
  none: '本阶段暂无助力',
  other: '显示的是当前助力阶段（{stage}），不是本页所选阶段',
  helpLikes:
    '按点赞评选。原始：选手上台期间本页收到的点赞；封顶：每个地址最多计 {cap} 个；加权：新设备的点赞减半计；合计 = 加权 + 平台点赞（按原数计），即锁定时写入记录的票数。',
} as const;
type Key = keyof typeof zh;
const en: Record<Key, string> = {
  title: 'How the count was formed',
  help: 'Raw: cheers cast; capped: at most {cap} counted per address; weighted: cheers from new devices and bursts count less; total = weighted + platform-like votes, what recording writes into the log.',
  name: 'Contestant',
  raw: 'Raw',
  capped: 'Capped',
  weighted: 'Weighted',
  likes: 'Like votes',
  total: 'Total',
  top: 'Top addresses (share of capped)',
  none: 'No cheers in this stage yet',
  other: 'Showing the current cheer stage ({stage}), not the stage picked here',
  helpLikes:
    "By likes. Raw: this page's likes during the contestant's turn; capped: at most {cap} counted per address; weighted: likes from new devices count less; total = weighted + platform likes (as they are), what recording writes into the log.",
};

const pct = (share: number) => `${Math.round(share * 100)}%`;

export function PopularityBreakdownTable({
  stageId,
  nameOf,
  perAddress,
  by = 'cheers',
}: {
  stageId: string;
  nameOf: (contestantId: string) => string;
  /** The per-address cap the breakdown applied (shown in the help line). */
  perAddress: number;
  /** What the award counts: the help line says how that count is formed. */
  by?: 'cheers' | 'likes';
}) {
  const locale = useLocale((s) => s.locale);
  const t = (k: Key, vars?: Record<string, string | number>) => fill((locale === 'en' ? en : zh)[k], vars);
  const popularity = useAudience((s) => s.popularity);
  const rows = useMemo(() => {
    const b: Breakdown = popularity?.breakdown ?? {};
    return Object.entries(b).sort((x, y) => y[1].total - x[1].total || y[1].raw - x[1].raw || (x[0] < y[0] ? -1 : 1));
  }, [popularity]);
  if (!popularity) return null;
  return (
    <div className="pop-breakdown" data-testid="popularity-breakdown" data-stage={popularity.stageId ?? ''}>
      <h3>{t('title')}</h3>
      {popularity.stageId !== stageId && popularity.stageId && (
        <p className="panel-note">{t('other', { stage: popularity.stageId })}</p>
      )}
      {rows.length === 0 ? (
        <p className="panel-note">{t('none')}</p>
      ) : (
        <table className="pop-table">
          <thead>
            <tr>
              <th>{t('name')}</th>
              <th className="num">{t('raw')}</th>
              <th className="num">{t('capped')}</th>
              <th className="num">{t('weighted')}</th>
              <th className="num">{t('likes')}</th>
              <th className="num">{t('total')}</th>
              <th>{t('top')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([id, f]) => (
              <tr key={id} data-testid="popularity-row" data-contestant={id}>
                <td>{nameOf(id)}</td>
                <td className="num" data-field="raw">
                  {f.raw}
                </td>
                <td className={`num ${f.capped < f.raw ? 'is-cut' : ''}`} data-field="capped">
                  {f.capped}
                </td>
                <td className={`num ${f.weighted < f.capped ? 'is-cut' : ''}`} data-field="weighted">
                  {f.weighted}
                </td>
                <td className="num" data-field="likeVotes">
                  {f.likeVotes}
                </td>
                <td className="num pop-total" data-field="total">
                  {f.total}
                </td>
                <td className="pop-tops" data-field="top">
                  {f.topAddresses.map((a) => (
                    <span key={a.tag} className={`pop-addr ${a.share >= 0.5 ? 'is-heavy' : ''}`} title={a.tag}>
                      <code>{a.tag.slice(0, 6)}</code> {a.cheers} · {pct(a.share)}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="pop-help">{t(by === 'likes' ? 'helpLikes' : 'help', { cap: perAddress })}</p>
    </div>
  );
}
