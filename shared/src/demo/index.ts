export * from './demo-contest.ts';
export * from './three-stage-contest.ts';
