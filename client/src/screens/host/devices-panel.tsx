import type { ContestState } from '@leitai/shared';
import { contestantsById } from '../../core/contest-view.ts';
import { useLocale, useT } from '../../core/i18n/i18n.ts';

/** Who is seated now: role, whose seat, since when. */
export function DevicesPanel({ contest }: { contest: ContestState }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const contestants = contestantsById(contest);
  const judges = new Map(contest.definition.judges.map((j) => [j.id, j.name]));
  const rows = Object.entries(contest.devices).sort(
    ([, a], [, b]) => a.role.localeCompare(b.role) || a.since - b.since,
  );
  if (rows.length === 0) return <p className="panel-note">{t('host.devices.empty')}</p>;
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return (
    <table className="devices" data-testid="devices">
      <tbody>
        {rows.map(([id, device]) => {
          const who =
            device.role === 'contestant'
              ? contestants.get(device.subjectId ?? '')?.name
              : device.role === 'judge'
                ? judges.get(device.subjectId ?? '')
                : undefined;
          return (
            <tr key={id}>
              <td>
                <span className={`role-tag role-${device.role}`}>{t(`role.${device.role}`)}</span>
              </td>
              <td>{who ?? device.subjectId ?? ''}</td>
              <td className="devices-since">{t('host.devices.since', { time: time.format(device.since) })}</td>
              <td className="devices-id" title={device.device}>
                {device.device.slice(0, 7)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
