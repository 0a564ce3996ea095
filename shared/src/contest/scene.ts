/** What the stage screen and the overlay show. Later capabilities add scenes here. */
export const SCENES = [
  'title',
  'roster',
  'contestant',
  'scoreboard',
  'blank',
  'question',
  'judging',
  'results',
  'ceremony',
] as const;
export type Scene = (typeof SCENES)[number];
