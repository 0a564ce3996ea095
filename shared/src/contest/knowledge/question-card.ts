import type { Question } from '../../model/contest-file-schema.ts';
import type { QuestionCard } from './types.ts';

/** The card of a question: what `QuestionShown` carries to every screen (see `QuestionCard`). */
export function questionCard(q: Question): QuestionCard {
  return {
    id: q.id,
    kind: q.kind,
    text: q.text,
    ...(q.options ? { options: q.options.map((o) => ({ key: o.key, text: o.text })) } : {}),
    ...(q.category !== undefined ? { category: q.category } : {}),
  };
}
