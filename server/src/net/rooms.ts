/**
 * Socket.IO room names, one rule for every module and every process of a cluster: a contest's
 * screens of one role (`<contest>:<role>`, the audience's too), or one judge's or contestant's
 * own view (`<contest>:<role>:<id>`).
 */
import type { Role } from '@leitai/shared';

export const viewRoom = (contestId: string, role: Role, subjectId?: string): string =>
  subjectId ? `${contestId}:${role}:${subjectId}` : `${contestId}:${role}`;
