/** The scoring core: pure integer-hundredths arithmetic for segment scores, totals, ranks and awards. */
export * from './hundredths.ts';
export * from './judge-score.ts';
export * from './trimmed-mean.ts';
export * from './weighted-total.ts';
export * from './ranking.ts';
export * from './standings.ts';
export * from './awards.ts';
export * from './advancement.ts';
export * from './score-errors.ts';
