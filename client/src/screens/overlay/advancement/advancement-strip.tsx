import { advancementBoard, type ContestState } from '@leitai/shared';
import { contestantsById } from '../../../core/contest-view.ts';
import { useT } from '../../../core/i18n/i18n.ts';
import './advancement-strip.css';

/** 晋级名单 for the broadcast: one band per group of the next stage with the names advancing (seeded marked). */
export function AdvancementStrip({ contest }: { contest: ContestState }) {
  const t = useT();
  const board = advancementBoard(contest);
  if (!board) return null;
  const people = contestantsById(contest);
  return (
    <div className="oa" data-testid="overlay-advancement">
      <div className="oa-head">
        {t('adv.title')}
        <small>{t('adv.into', { from: board.fromStageName, to: board.toStageName })}</small>
      </div>
      {board.groups.map((g) => (
        <div key={g.groupId} className="oa-group">
          <span className="oa-label">{g.name}</span>
          {g.members.map((m) => (
            <span key={m.id} className="oa-name">
              {people.get(m.id)?.name ?? m.id}
              {m.seeded && <em>{t('adv.seededTag')}</em>}
            </span>
          ))}
        </div>
      ))}
    </div>
  );
}
