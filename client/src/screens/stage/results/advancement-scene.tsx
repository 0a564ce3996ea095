import type { CSSProperties } from 'react';
import { advancementBoard, type ContestState } from '@leitai/shared';
import { contestantsById } from '../../../core/contest-view.ts';
import { useT } from '../../../core/i18n/i18n.ts';
import { StageBand } from '../stage-scenes.tsx';
import './advancement.css';

/**
 * 晋级名单 on the big screen: the latest confirmed advancement, one column per group of the
 * stage it leads to, the advancers' and seeded entrants' names (seeded marked), as corrected since.
 */
export function AdvancementScene({ contest }: { contest: ContestState }) {
  const t = useT();
  const board = advancementBoard(contest);
  const people = contestantsById(contest);
  // The tallest column shares the height above the audience band (cards from ~360, band at 996).
  const most = Math.max(1, ...(board?.groups.map((g) => g.members.length) ?? [1]));
  const cardHeight = Math.max(36, Math.min(68, Math.floor(620 / most) - 12));
  return (
    <section className="scene-advancement" data-testid="scene-advancement">
      <StageBand contest={contest} />
      <h2 className="stage-heading adv-heading">
        {t('adv.title')}
        {board && <small>{t('adv.into', { from: board.fromStageName, to: board.toStageName })}</small>}
      </h2>
      {board ? (
        <div
          className="adv-columns"
          style={{ '--cols': Math.min(4, board.groups.length), '--card': `${cardHeight}px` } as CSSProperties}
        >
          {board.groups.map((g, gi) => (
            <div key={g.groupId} className="adv-col" data-testid={`adv-col-${g.groupId}`}>
              <h3>{g.name}</h3>
              <ol>
                {g.members.map((m, i) => {
                  const c = people.get(m.id);
                  return (
                    <li key={m.id} style={{ '--i': gi * 4 + i } as CSSProperties}>
                      <strong>{c?.name ?? m.id}</strong>
                      <span className="adv-org">{c?.organisation}</span>
                      {m.seeded && <span className="adv-tag">{t('adv.seededTag')}</span>}
                    </li>
                  );
                })}
              </ol>
            </div>
          ))}
        </div>
      ) : (
        <p className="adv-pending">{t('adv.pending')}</p>
      )}
    </section>
  );
}
