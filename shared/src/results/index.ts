/** Results of a contest as pure selectors over its state and log. */
export * from './stage-results.ts';
export * from './judge-sheet.ts';
export * from './advancement-sheet.ts';
export * from './score-corrections.ts';
export * from './night-corrections.ts';
export * from './public-results.ts';
